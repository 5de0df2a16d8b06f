// Builds the app exactly as src/server.ts does (same prepare(), same serverOptions()), each test
// file on its own fresh database: a copy of a migrated template on TEST_DATABASE_URL's server,
// or, when that is unset, an in-memory embedded database.
import { createHash, randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { buildApp, serverOptions, type App, type AppDeps } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { prepare, type ReadyConfig } from '../src/bootstrap.ts'
import type { Database } from '../src/db/index.ts'
import { applyMigrations, readMigrations } from '../src/db/migrations.ts'

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long'
export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL)
const silent = { info() {}, warn() {} }

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }

/** Databases left by test processes that were killed before their teardown ran. */
async function dropOrphans(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'toasoan\\_t\\_%'`)
  for (const { datname } of rows) {
    const pid = Number(/^toasoan_t_(\d+)_/.exec(datname)?.[1])
    if (pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {})
  }
}

/** A fresh, migrated PostgreSQL database for this test file; dropped at teardown. */
export async function createTestDatabase(t: Test): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_URL!
  const migrations = await readMigrations()
  const digest = createHash('sha256').update(migrations.map((m) => m.checksum).join()).digest('hex').slice(0, 12)
  const template = `toasoan_tpl_${digest}`
  const name = `toasoan_t_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query('SELECT pg_advisory_lock(4242)') // test files run in parallel: one builds the template
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])
    if (!rowCount) {
      await admin.query(`CREATE DATABASE "${template}"`)
      const pool = new pg.Pool({ connectionString: withDatabase(adminUrl, template), max: 1 })
      try { await applyMigrations(pool) } finally { await pool.end() }
    }
    await dropOrphans(admin)
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)').catch(() => {})
    await admin.end()
  }
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: adminUrl })
    await c.connect()
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await c.end()
  })
  return withDatabase(adminUrl, name)
}

export function testConfig(env: Record<string, string> = {}): ReturnType<typeof loadConfig> {
  return loadConfig({ LOG_LEVEL: 'silent', JWT_SECRET: TEST_SECRET, SEED_DEMO: 'false', DATA_DIR: 'memory://', ...env })
}

export interface TestContext { app: App; db: Database; config: ReadyConfig }

/**
 * The app on a fresh database, closed at teardown. `env` overrides configuration variables and
 * `deps` the injectable dependencies (clock, captcha generator); the app is returned before
 * `ready()` so a test may add a route of its own.
 */
export async function build(t: Test, env: Record<string, string> = {}, deps: Pick<AppDeps, 'clock' | 'captchaGenerator'> = {}): Promise<TestContext> {
  const databaseUrl = usingPostgres ? await createTestDatabase(t) : undefined
  const config = testConfig({ ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env })
  const { db, config: ready } = await prepare(config, silent)
  const app = await buildApp({ config: ready, db, ...deps }, serverOptions(ready))
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  return { app, db, config: ready }
}
