// npm run bench:sitemaps [-- --articles N] [--requests R] [--explain] [--keep]
// The sitemaps at scale: loads N articles (default 100,000: ~34 months, 1,440 in the last 48 hours,
// 1 in 100 noindex, 1 in 50 drafts) with generate_series into a scratch database, builds the app
// with the response cache off, and times /sitemap.xml, one month's sitemap and /sitemap-news.xml
// in process (app.inject: routing, query, rendering, no sockets). --explain prints each query's plan.
import { parseArgs } from 'node:util'
import pg from 'pg'
import { applyMigrations } from '../src/db/migrations.ts'
import { createScratchDatabase } from '../scripts/lib/scratch-db.ts'
import { loadConfig } from '../src/config.ts'
import { prepare } from '../src/bootstrap.ts'
import { buildApp, serverOptions } from '../src/app.ts'
import type { Query } from '../src/db/queries/statement.ts'
import { listNewsArticles, listSitemapMonths, monthBounds, sitemapMonthPage, sitemapMonthStamp } from '../src/db/queries/public-sitemaps.ts'

const { values: args } = parseArgs({
  options: { articles: { type: 'string' }, requests: { type: 'string' }, explain: { type: 'boolean' }, keep: { type: 'boolean' } },
})
const articles = Number(args.articles ?? 100_000)
const requests = Number(args.requests ?? 50)

const LOAD = [
  `INSERT INTO "Section" (slug, name) SELECT 'chuyen-muc-' || i, 'Chuyên mục ' || i FROM generate_series(1, 20) i`,
  `INSERT INTO "SectionClosure" ("ancestorId", "descendantId", depth) SELECT id, id, 0 FROM "Section"`,
  // the newest 2,000 two minutes apart (a busy news day: more than 1,000 in 48 hours), the rest 15 minutes apart
  `WITH s AS (SELECT array_agg(id ORDER BY slug) AS ids FROM "Section"),
   n AS (SELECT i, CASE WHEN i <= 2000 THEN now() - i * interval '2 minutes'
                       ELSE now() - interval '4000 minutes' - (i - 2000) * interval '15 minutes' END AS at
         FROM generate_series(1, $1::int) i)
   INSERT INTO "Article" (slug, title, lead, body, status, "publishedAt", "updatedAt", "sectionId", noindex)
   SELECT 'bai-viet-so-' || n.i, 'Bài viết số ' || n.i || ' về chuyển đổi số', 'Tóm tắt', '<p>Nội dung</p>',
          (CASE WHEN n.i % 50 = 0 THEN 'draft' ELSE 'published' END)::"ArticleStatus",
          CASE WHEN n.i % 50 = 0 THEN NULL ELSE n.at END, n.at + interval '1 hour', s.ids[1 + n.i % 20], n.i % 100 = 7
   FROM n, s`,
  `INSERT INTO "ArticleSection" ("articleId", "sectionId") SELECT id, "sectionId" FROM "Article"`,
  'ANALYZE',
]

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function main() {
  const db = await createScratchDatabase({ prefix: 'toasoan_sitemaps_' })
  try {
    const pool = new pg.Pool({ connectionString: db.url, max: 2 })
    await applyMigrations(pool)
    const started = Date.now()
    for (const sql of LOAD) await pool.query(sql, sql.includes('$1') ? [articles] : [])
    console.error(`loaded ${articles} articles in ${((Date.now() - started) / 1000).toFixed(1)} s`)

    const config = loadConfig({
      DATABASE_URL: db.url,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      LOG_LEVEL: 'warn',
      RESPONSE_CACHE: 'off',
      JOBS: 'off',
    })
    const ready = await prepare(config, { info() {}, warn() {} })
    const app = await buildApp({ config: ready.config, db: ready.db }, serverOptions(ready.config))
    await app.ready()
    const months = await listSitemapMonths(((s, v) => pool.query(s.text, v).then((r) => r.rows)) as Query, new Date())
    // a full month (not the current, partial one)
    const month = months[1]!
    const urls = ['/sitemap.xml', `/sitemaps/articles-${month.month}.xml`, '/sitemap-news.xml']
    console.log(`| URL | requests | p50 ms | p95 ms | max ms | bytes |\n|---|---|---|---|---|---|`)
    for (const url of urls) {
      for (let i = 0; i < 5; i++) await app.inject(url)
      const times: number[] = []
      let bytes = 0
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now()
        const res = await app.inject(url)
        times.push(performance.now() - t0)
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`)
        bytes = res.rawPayload.length
      }
      times.sort((a, b) => a - b)
      console.log(
        `| ${url} (${url.includes('articles-') ? `${month.count} URLs` : ''}) | ${requests} | ` +
          `${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} | ${bytes} |`,
      )
    }

    if (args.explain) {
      const explain: Query = async (s, values) => {
        const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, values)
        console.log(`\n-- ${s.name}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`)
        return [{}] as never
      }
      const now = new Date()
      const [y, m] = month.month.split('-').map(Number) as [number, number]
      await listSitemapMonths(explain, now)
      await sitemapMonthStamp(explain, now, monthBounds(y, m))
      await sitemapMonthPage(explain, { now, ...monthBounds(y, m), size: 1000 })
      await sitemapMonthPage(explain, {
        now,
        ...monthBounds(y, m),
        size: 1000,
        after: { publishedAt: new Date(monthBounds(y, m).from.getTime() + 10 * 86400_000), id: '00000000-0000-0000-0000-000000000000' },
      })
      await listNewsArticles(explain, { now, since: new Date(now.getTime() - 48 * 3600_000), limit: 1000 })
    }
    await app.close()
    await ready.db.close()
    await pool.end()
  } finally {
    if (args.keep) console.error(`kept: ${db.url}`)
    else await db.drop()
  }
}

await main()
