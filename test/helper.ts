// Builds the app exactly as src/server.ts does (same prepare(), same serverOptions()), each test
// file on its own fresh database: a copy of a migrated template on TEST_DATABASE_URL's server,
// or, when that is unset, an in-memory embedded database.
import { createHash } from 'node:crypto'
import pg from 'pg'
import type { Test } from 'tap'
import { buildApp, serverOptions, type App, type AppDeps } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { prepare, type ReadyConfig } from '../src/bootstrap.ts'
import type { Database } from '../src/db/index.ts'
import { applyMigrations, readMigrations } from '../src/db/migrations.ts'
import { adminUrl, createScratchDatabase, withDatabase } from '../scripts/lib/scratch-db.ts'

export const TEST_SECRET = 'test-secret-that-is-at-least-32-bytes-long'
export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL)
const silent = { info() {}, warn() {} }

/** A fresh, migrated PostgreSQL database for this test file (a copy of a migrated template); dropped at teardown. */
export async function createTestDatabase(t: Test): Promise<string> {
  const migrations = await readMigrations()
  const digest = createHash('sha256')
    .update(migrations.map((m) => m.checksum).join())
    .digest('hex')
    .slice(0, 12)
  const template = `toasoan_tpl_${digest}`
  const db = await createScratchDatabase({
    prefix: 'toasoan_t_',
    template,
    // test files run in parallel: the first one builds the template, under the scratch lock
    beforeCreate: async (admin) => {
      if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount) return
      await admin.query(`CREATE DATABASE "${template}"`)
      const pool = new pg.Pool({ connectionString: withDatabase(adminUrl(), template), max: 1 })
      try {
        await applyMigrations(pool)
      } finally {
        await pool.end()
      }
    },
  })
  t.teardown(db.drop)
  return db.url
}

export function testConfig(env: Record<string, string> = {}): ReturnType<typeof loadConfig> {
  // JOBS=off: the job runner is started by the tests that need it (JOBS=on); the rest skip its polling.
  // MFA_REQUIRED_ROLES=none: the many tests signing in as admin test other rules; the MFA tests
  // (test/routes/v1/staff-mfa.test.ts) set the default `admin` themselves
  return loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_SECRET,
    SEED_DEMO: 'false',
    DATA_DIR: 'memory://',
    MFA_REQUIRED_ROLES: 'none',
    JOBS: 'off',
    ...env,
  })
}

export interface TestContext {
  app: App
  db: Database
  config: ReadyConfig
}

/**
 * The app on a fresh database, closed at teardown. `env` overrides configuration variables and
 * `deps` the injectable dependencies (clock, captcha generator); the app is returned before
 * `ready()` so a test may add a route of its own.
 */
export async function build(
  t: Test,
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'clock' | 'captchaGenerator' | 'hashCost' | 'resolver' | 'deliveryTimeoutMs'> = {},
): Promise<TestContext> {
  const databaseUrl = usingPostgres ? await createTestDatabase(t) : undefined
  const config = testConfig({ ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env })
  const { db, config: ready } = await prepare(config, silent)
  // a low scrypt cost, as the fixtures use (test/fixtures/users.ts FAST_HASH): logins do not rehash
  const app = await buildApp({ config: ready, db, hashCost: { N: 2 ** 12, r: 8, p: 1 }, ...deps }, serverOptions(ready))
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  return { app, db, config: ready }
}
