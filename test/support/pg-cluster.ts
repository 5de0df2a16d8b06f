// Private PostgreSQL servers for tests that need what the shared server cannot give: a primary
// that accepts replication connections, its streaming replicas, a server to put PgBouncer in
// front of. Each lives in a temp dir owned by the postgres user, on a free port of 127.0.0.1, and
// is stopped (immediate mode) and removed at teardown, or at process exit if the test dies first.
// The machine's own cluster (5432) is never touched.
import { execFile, execFileSync } from 'node:child_process'
import { appendFile, chmod, chown, mkdtemp, rm } from 'node:fs/promises'
import { existsSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Test } from 'tap'

const run = promisify(execFile)
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

/** Why private servers cannot run here, or null when they can. */
export function clusterUnavailable(): string | null {
  if (!existsSync(path.join(PG_BIN, 'initdb'))) return `no PostgreSQL binaries in ${PG_BIN} (set PG_BIN)`
  if (process.getuid?.() === 0 && !systemUser()) return 'running as root and there is no postgres user to run the servers as'
  return null
}

/** The unprivileged user servers (and PgBouncer) run as when the tests run as root. */
export function systemUser(): { name: string; uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { name: 'postgres', uid, gid }
  } catch {
    return null
  }
}

/** Runs a program as the postgres user when we are root (PostgreSQL and PgBouncer refuse root). */
export function asServerUser(file: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args]
}

async function pg(bin: string, args: string[]): Promise<string> {
  const [file, argv] = asServerUser(path.join(PG_BIN, bin), args)
  const { stdout } = await run(file, argv, { timeout: 60_000 })
  return stdout
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** A temp dir the server user owns; the caller removes it (after stopping what runs in it). */
export async function serverDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  const user = process.getuid?.() === 0 ? systemUser() : null
  if (user) await chown(dir, user.uid, user.gid)
  await chmod(dir, 0o700)
  return dir
}

export interface PgServer {
  port: number
  dataDir: string
  /** a connection string for `database` (default postgres) as the superuser postgres */
  url(database?: string): string
  start(): Promise<void>
  /** immediate shutdown: as abrupt as a crash, and quick */
  stop(): Promise<void>
}

const started = new Set<string>()
// a test that dies without its teardown must not leave servers behind
process.once('exit', () => {
  for (const dir of started) {
    try {
      execFileSync(...asServerUser(path.join(PG_BIN, 'pg_ctl'), ['-D', dir, '-m', 'immediate', 'stop']), { stdio: 'ignore' })
    } catch {}
    rmSync(path.dirname(dir), { recursive: true, force: true })
  }
})

// tap runs teardowns last-registered first: the stop registered after the rm runs before it
function server(t: Test, dataDir: string, port: number): PgServer {
  const s: PgServer = {
    port,
    dataDir,
    url: (database = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg('pg_ctl', ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-w', '-t', '30', 'start'])
      started.add(dataDir)
    },
    async stop() {
      if (!started.delete(dataDir)) return
      await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {})
    },
  }
  t.teardown(() => s.stop())
  return s
}

// small and unsafe on purpose: these servers live for seconds and hold nothing worth a fsync
const settings = (port: number, dir: string) => `
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${dir}'
fsync = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 40
wal_level = replica
max_wal_senders = 4
hot_standby = on
`

/** A fresh primary (initdb, trust auth, replication allowed from 127.0.0.1), started; stopped and removed at teardown. */
export async function startPrimary(t: Test): Promise<PgServer> {
  const dir = await serverDir('toasoan-pg-')
  const dataDir = path.join(dir, 'primary')
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'])
  const port = await freePort()
  await appendFile(path.join(dataDir, 'postgresql.conf'), settings(port, dir))
  await appendFile(path.join(dataDir, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n')
  const s = server(t, dataDir, port)
  await s.start()
  return s
}

/** A streaming replica of `primary` (pg_basebackup -R -X stream), started; stopped and removed at teardown. */
export async function startReplica(t: Test, primary: PgServer): Promise<PgServer> {
  const dir = await serverDir('toasoan-pg-')
  const dataDir = path.join(dir, 'replica')
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'])
  const port = await freePort()
  // later lines win: the copied postgresql.conf still names the primary's port and socket dir
  await appendFile(path.join(dataDir, 'postgresql.conf'), settings(port, dir))
  const s = server(t, dataDir, port)
  await s.start()
  return s
}
