// The benchmark's datasets, each in a database of its own, loaded once and reused while the dataset
// definition (the stamp) is the same.
import pg from 'pg'
import { applyMigrations } from '../src/db/migrations.ts'
import { adminUrl, dropDatabase, withDatabase } from '../scripts/lib/scratch-db.ts'
import { DEFAULT_DATASET, loadDataset, type Dataset } from './dataset.ts'
import { renderArticles } from './render.ts'

export const server = adminUrl()
export const urlFor = (db: string) => withDatabase(server, db)

const bar = (what: string, done: number, total: number) => {
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r  ${what.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`)
}

/** The database name of a size: BENCH_DATABASE (a prefix of its own, when several checkouts bench on one server) and the size. */
export const databaseName = (count: number) => `${process.env.BENCH_DATABASE ?? 'toasoan_bench'}_${count}`

/** The dataset of `count` articles: five comments an article as at 20,000, at most a million of them. */
export async function ensureDataset(count: number): Promise<{ url: string; data: Dataset; loadSeconds: number | null }> {
  const comments = Math.min(1_000_000, Math.round((count / DEFAULT_DATASET.articles) * DEFAULT_DATASET.comments))
  const name = databaseName(count)
  const stamp = JSON.stringify({ ...DEFAULT_DATASET, articles: count, comments, v: 8 })
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount
    if (exists) {
      const c = new pg.Client({ connectionString: urlFor(name) })
      await c.connect()
      const row = await c.query('SELECT stamp, data FROM _bench_dataset').catch(() => ({ rows: [] as Array<{ stamp: string; data: Dataset }> }))
      await c.end()
      if (row.rows[0]?.stamp === stamp) {
        // the same rows under the current schema: migrations since the load (an index, say) are applied
        const pool = new pg.Pool({ connectionString: urlFor(name), max: 1 })
        const applied = await applyMigrations(pool).finally(() => pool.end())
        console.error(`dataset: reusing ${name}${applied.length ? `, migrated: ${applied.join(', ')}` : ''}`)
        return { url: urlFor(name), data: row.rows[0].data, loadSeconds: null }
      }
      await dropDatabase(admin, name)
    }
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  console.error(`dataset: loading ${count} articles and ${comments} comments into ${name}`)
  const started = Date.now()
  const pool = new pg.Pool({ connectionString: urlFor(name), max: 6 })
  try {
    await applyMigrations(pool)
    const data = await loadDataset(pool, { ...DEFAULT_DATASET, articles: count, comments }, bar)
    await renderArticles(pool, bar)
    await pool.query('VACUUM (ANALYZE) "ArticleRender"')
    // the stamp last: a load cut short leaves no stamp, so the next run starts over
    await pool.query('CREATE TABLE _bench_dataset (stamp text, data jsonb)')
    await pool.query('INSERT INTO _bench_dataset VALUES ($1, $2)', [stamp, JSON.stringify(data)])
    const loadSeconds = Math.round((Date.now() - started) / 1000)
    console.error(`dataset: ${name} loaded in ${loadSeconds} s (migrations, COPY, index builds, VACUUM (ANALYZE))`)
    return { url: urlFor(name), data, loadSeconds }
  } finally {
    await pool.end()
  }
}
