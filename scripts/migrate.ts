// Offline stand-in for the Prisma CLI's migrate commands (the native schema engine cannot be
// downloaded here). Uses the Wasm schema engine through a driver adapter.
//   tsx scripts/migrate.ts dev <name> [--create-only]   author a migration from schema changes
//   tsx scripts/migrate.ts check                        fail when schema.prisma and the migrations disagree
//   tsx scripts/migrate.ts deploy                       apply pending migrations (same runner as `npm start`)
import pg from 'pg'
import { migrateDev, diffMigrationsToSchema, withPgCharFix } from './lib/schema-engine.ts'
import { pgMigrationFactory } from './lib/pg-migration-factory.ts'
import { applyMigrations } from '../src/db/migrations.ts'

try {
  process.loadEnvFile()
} catch {}
const [cmd, name] = process.argv.slice(2)
const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
const schemaPath = 'prisma/schema.prisma'
const migrationsDir = 'prisma/migrations'

async function main(): Promise<number> {
  if (cmd === 'deploy') {
    const pool = new pg.Pool({ connectionString: url, max: 1 })
    const applied = await applyMigrations(pool, migrationsDir)
    await pool.end()
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations')
    return 0
  }
  const factory = await withPgCharFix(pgMigrationFactory(url, process.env.SHADOW_DATABASE_URL))
  try {
    if (cmd === 'dev') {
      if (!name) throw new Error('usage: npm run db:migration -- <name>')
      const r = await migrateDev(factory, schemaPath, migrationsDir, name, process.argv.includes('--create-only'))
      console.log(r.created ? `created prisma/migrations/${r.created}` : 'schema unchanged: no migration created')
      return 0
    }
    if (cmd === 'check') {
      const drift = await diffMigrationsToSchema(factory, schemaPath, migrationsDir)
      if (!drift || /^-- This is an empty migration\.?$/.test(drift)) {
        console.log('schema.prisma and prisma/migrations agree')
        return 0
      }
      console.error(`schema.prisma and prisma/migrations disagree; run \`npm run db:migration -- <name>\`. Missing SQL:\n${drift}`)
      return 1
    }
    console.error('usage: migrate.ts dev <name> | check | deploy')
    return 2
  } finally {
    await factory.close()
  }
}

const code = await main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  return 1
})
process.exit(code) // the Wasm engine leaves a 10 s timer behind
