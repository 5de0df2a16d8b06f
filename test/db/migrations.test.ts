import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { build, usingPostgres } from '../helper.ts'
import { applyMigrations, readMigrations, MIGRATIONS_DIR } from '../../src/db/migrations.ts'

const { db } = await build(t)

t.test('applied once, recorded as prisma migrate deploy records them', async (t) => {
  const migrations = await readMigrations()
  t.same(await applyMigrations(db.pool), [], 'nothing pending after start')
  const { rows } = await db.pool.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name')
  t.equal(rows.length, migrations.length)
  for (const [i, m] of migrations.entries()) {
    t.equal(rows[i].migration_name, m.name)
    t.equal(rows[i].checksum, createHash('sha256').update(m.sql).digest('hex'))
    t.ok(rows[i].finished_at)
  }
})

t.test('a failing migration leaves nothing half-applied', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'toasoan-mig-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await cp(MIGRATIONS_DIR, dir, { recursive: true })
  await mkdir(path.join(dir, '99990101000000_broken'))
  await writeFile(path.join(dir, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";')
  await t.rejects(applyMigrations(db.pool, dir), /migration 99990101000000_broken failed/)
  const { rows } = await db.pool.query(`SELECT to_regclass('"Half"') AS t`)
  t.equal(rows[0].t, null, 'the table created before the error was rolled back')
  const recorded = await db.pool.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`)
  t.equal(recorded.rowCount, 0)
})

t.test(
  'schema.prisma and the committed migrations agree',
  { skip: !usingPostgres && 'needs TEST_DATABASE_URL (the check builds a shadow database)' },
  async (t) => {
    const run = promisify(execFile)
    const { stdout } = await run(process.execPath, ['--import=tsx', 'scripts/migrate.ts', 'check'], {
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
      timeout: 90_000,
    })
    t.match(stdout, /agree/)
  },
)
