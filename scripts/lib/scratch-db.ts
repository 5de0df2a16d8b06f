// Databases that tests, the resilience suite, the benchmark and scripts make on a PostgreSQL server
// of their own choosing. One variable names that server (TEST_DATABASE_URL, an URL whose user may
// CREATE DATABASE); the database names carry the creating process's pid so a later run can drop
// what a killed run left behind without touching a live run's databases.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres'

/** The server to make scratch databases on; `undefined` when TEST_DATABASE_URL is unset and no default is wanted. */
export function adminUrl(fallback: string | undefined = DEFAULT_ADMIN_URL): string {
  return process.env.TEST_DATABASE_URL ?? fallback!
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`

export async function withAdmin<T>(url: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

export async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`)
}

/** Drops `<prefix><pid>_…` databases whose process is gone. */
async function dropOrphans(admin: pg.Client, prefix: string): Promise<void> {
  const pattern = `${prefix.replaceAll('_', '\\_')}%`
  const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern])
  for (const { datname } of rows) {
    const pid = Number(/^(\d+)_/.exec(datname.slice(prefix.length))?.[1])
    if (pid && !alive(pid)) await dropDatabase(admin, datname).catch(() => {})
  }
}

export interface ScratchOptions {
  /** e.g. `toasoan_t_`: names are `<prefix><pid>_<random>` */
  prefix: string
  /** copy this database instead of starting empty */
  template?: string
  /** runs while an advisory lock is held, before the copy: parallel processes build a template once */
  beforeCreate?: (admin: pg.Client) => Promise<void>
  admin?: string
}

/** A new database on the admin server; `drop()` removes it. */
export async function createScratchDatabase(opts: ScratchOptions): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const server = opts.admin ?? adminUrl()
  const name = `${opts.prefix}${process.pid}_${randomBytes(4).toString('hex')}`
  await withAdmin(server, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(4242)')
    try {
      await opts.beforeCreate?.(admin)
      await dropOrphans(admin, opts.prefix)
      await admin.query(`CREATE DATABASE ${quoted(name)}${opts.template ? ` TEMPLATE ${quoted(opts.template)}` : ''}`)
    } finally {
      await admin.query('SELECT pg_advisory_unlock(4242)').catch(() => {})
    }
  })
  return {
    name,
    url: withDatabase(server, name),
    drop: () => withAdmin(server, (admin) => dropDatabase(admin, name)),
  }
}
