// Debian's PgBouncer in transaction mode, in front of a PostgreSQL server, for one test file: its
// own ini and auth file in a temp dir, a free port, run as the postgres user (PgBouncer refuses
// root), stopped and removed at teardown.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile, chown } from 'node:fs/promises'
import { connect } from 'node:net'
import path from 'node:path'
import type { Test } from 'tap'
import { asServerUser, freePort, serverDir, systemUser } from './pg-cluster.ts'

export const PGBOUNCER = process.env.PGBOUNCER ?? '/usr/sbin/pgbouncer'

export function pgbouncerUnavailable(): string | null {
  if (!existsSync(PGBOUNCER)) return `no pgbouncer at ${PGBOUNCER} (apt-get install pgbouncer)`
  if (process.getuid?.() === 0 && !systemUser()) return 'running as root and there is no postgres user to run pgbouncer as'
  return null
}

export interface Bouncer {
  port: number
  url(database: string): string
  log(): Promise<string>
  stop(): Promise<void>
}

/** PgBouncer (pool_mode=transaction, trust auth) in front of `server` (host:port); stopped at teardown. */
export async function startPgBouncer(t: Test, server: Upstream, poolSize = 4): Promise<Bouncer> {
  const bouncer = await launchPgBouncer(server, poolSize)
  t.teardown(bouncer.stop)
  return bouncer
}

/** The same without tap (the benchmark): the caller stops it; it is killed at process exit regardless. */
/** The server behind; `user` (default postgres) is let in without a password, as the server lets it in. */
export interface Upstream {
  host: string
  port: number
  user?: string
}

export async function launchPgBouncer(server: Upstream, poolSize: number): Promise<Bouncer> {
  const user = server.user || 'postgres'
  const dir = await serverDir('toasoan-pgb-')
  const port = await freePort()
  const file = (name: string) => path.join(dir, name)
  await writeFile(file('userlist.txt'), `"${user}" ""\n`)
  await writeFile(
    file('pgbouncer.ini'),
    `[databases]
* = host=${server.host} port=${server.port}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${file('userlist.txt')}
pool_mode = transaction
default_pool_size = ${poolSize}
max_client_conn = 200
pidfile = ${file('pgbouncer.pid')}
logfile = ${file('pgbouncer.log')}
admin_users = ${user}
`,
  )
  const owner = process.getuid?.() === 0 ? systemUser() : null
  if (owner) for (const name of ['userlist.txt', 'pgbouncer.ini']) await chown(file(name), owner.uid, owner.gid)
  const [cmd, args] = asServerUser(PGBOUNCER, ['-q', file('pgbouncer.ini')])
  const proc = spawn(cmd, args, { stdio: 'ignore' })
  const stop = async () => {
    // the pid PgBouncer wrote is the process itself (runuser may sit in between)
    const pid = Number(await readFile(file('pgbouncer.pid'), 'utf8').catch(() => ''))
    if (pid > 0)
      try {
        process.kill(pid, 'SIGTERM')
      } catch {}
    proc.kill('SIGTERM')
    if (proc.exitCode === null) await new Promise((resolve) => proc.once('exit', resolve))
    await rm(dir, { recursive: true, force: true })
  }
  process.once('exit', () => {
    try {
      proc.kill('SIGKILL')
    } catch {}
  })
  for (let i = 0; ; i++) {
    if (await listening(port)) break
    if (proc.exitCode !== null || i > 100) {
      const log = await readFile(file('pgbouncer.log'), 'utf8').catch(() => '')
      await stop()
      throw new Error(`pgbouncer did not start: ${log}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return {
    stop,
    port,
    url: (database) => `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`,
    log: () => readFile(file('pgbouncer.log'), 'utf8').catch(() => ''),
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
