// Real server processes for the resilience cases: a database of their own per run (the server
// migrates it at start), `node --import tsx src/server.ts` children on free loopback ports, and
// the handles a case needs to signal, restart or inspect them. Everything stays on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { createScratchDatabase } from '../../../scripts/lib/scratch-db.ts'

export const REDIS_URL = process.env.RESILIENCE_REDIS_URL ?? 'redis://127.0.0.1:6379'
export const JWT_SECRET = `resilience-${randomBytes(24).toString('hex')}`
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

/** An empty database for this run (dropped at teardown), after dropping those of dead runs. */
export async function runDatabase(t: Test): Promise<string> {
  const db = await createScratchDatabase({ prefix: 'toasoan_res_' })
  t.teardown(() => db.drop().catch(() => {}))
  return db.url
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  at: number
}

export interface Server {
  base: string
  port: number
  pid: number
  child: ChildProcess
  exited: Promise<Exit>
  /** the end of the server's own output, for a failing case to show */
  output(): string
  /** how often it printed "ready on": a process that restarted would print it again */
  readyLines(): number
}

export interface ServerOptions {
  databaseUrl: string
  env?: Record<string, string>
  readyWithinMs?: number
}

/** Starts `node --import tsx src/server.ts` and waits until /health/ready answers 200. */
export async function startServer(t: Test, opts: ServerOptions): Promise<Server> {
  const port = await freePort()
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    JWT_SECRET,
    CAPTCHA: 'off',
    RATE_LIMIT_COMMENTS: '1000000',
    RATE_LIMIT_LOGIN: '1000000',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    ...opts.env,
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let ready = 0
  const keep = (d: Buffer) => {
    const text = d.toString()
    ready += text.split('ready on').length - 1
    out = (out + text).slice(-20_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })))
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
  const server: Server = {
    base: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    child,
    exited,
    output: () => out,
    readyLines: () => ready,
  }
  const within = opts.readyWithinMs ?? 60_000
  const deadline = Date.now() + within
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`)
    const res = await fetch(`${server.base}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => null)
    if (res?.status === 200) return server
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not ready within ${within} ms:\n${out}`)
}
