// Child processes for the benchmark: the production server (compiled, as `npm start` runs it) and
// the baseline, each started the way a user would start it, polled until ready, sampled for RSS,
// and stopped with SIGTERM.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { once } from 'node:events'

export interface Server {
  name: string
  url: string
  pid: number
  proc: ChildProcess
  log: () => string
}

let compiled = false

/** Builds dist/ when it is older than src/ (once a run). */
export function ensureBuilt(): void {
  if (compiled) return
  const build = spawnSync(process.execPath, ['scripts/build-server-if-stale.mjs'], { stdio: 'inherit' })
  if (build.status !== 0) throw new Error('the server build failed')
  compiled = true
}

// the node flags `npm start` passes (heap sizing, source maps): package.json is their one home
const startFlags = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((token) => token.startsWith('--'))

/** The variables a Dockerfile's `ENV NAME=value …` lines set (unquoted values, as ours are written). */
export function imageEnv(dockerfile: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const line of dockerfile.split('\n')) {
    if (!line.startsWith('ENV ')) continue
    for (const pair of line.slice(4).trim().split(/\s+/)) {
      const at = pair.indexOf('=')
      if (at > 0) env[pair.slice(0, at)] = pair.slice(at + 1)
    }
  }
  return env
}

// what the image sets for every process in it (the allocator's settings): the Dockerfile is their one
// home; the environment the bench runs in wins, as `docker run -e` does
const image = imageEnv(readFileSync('Dockerfile', 'utf8'))

/** How a script starts: the API and the worker as production runs them (compiled, dist/), bench helpers with tsx. */
function commandOf(script: string): { args: string[]; env: Record<string, string> } {
  if (!script.startsWith('src/')) return { args: ['--import', 'tsx', script], env: {} }
  ensureBuilt()
  return { args: [...startFlags, script.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')], env: image }
}

export async function startServer(name: string, script: string, port: number, env: Record<string, string>): Promise<Server> {
  const command = commandOf(script)
  const proc = spawn(process.execPath, command.args, {
    env: { ...command.env, ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  proc.stdout!.on('data', (d) => {
    output = (output + d).slice(-20_000)
  })
  proc.stderr!.on('data', (d) => {
    output = (output + d).slice(-20_000)
  })
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${name} exited (${proc.exitCode}):\n${output}`)
    try {
      const res = await fetch(`${url}/health/ready`)
      if (res.ok) return { name, url, pid: proc.pid!, proc, log: () => output }
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  proc.kill('SIGKILL')
  throw new Error(`${name} was not ready within 60 s:\n${output}`)
}

export async function stopServer(server: Server): Promise<void> {
  if (server.proc.exitCode !== null) return
  server.proc.kill('SIGTERM')
  const timer = setTimeout(() => server.proc.kill('SIGKILL'), 10_000)
  await once(server.proc, 'exit')
  clearTimeout(timer)
}

/** Resident set size in MB, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 102.4) / 10
}

const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100)

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat (Linux). */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  // the fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * TICK_MS
}

/** Samples the peak RSS of `pid` while `work` runs, and the CPU time the process spent on it. */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peakRssMb: number; cpuMs: number }> {
  let peak = await rssMb(pid)
  const cpu = await cpuMs(pid)
  const timer = setInterval(() => {
    void rssMb(pid).then((v) => {
      peak = Math.max(peak, v)
    })
  }, 250)
  try {
    const result = await work()
    peak = Math.max(peak, await rssMb(pid))
    return { result, peakRssMb: peak, cpuMs: (await cpuMs(pid)) - cpu }
  } finally {
    clearInterval(timer)
  }
}
