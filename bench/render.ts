// The dataset's rows go in with triggers off (session_replication_role = replica), so no article
// has the texts the article service renders at write time: render them here, as the service would
// have, with the servers' own configuration, so the read scenarios measure the production path
// rather than its fallback for stale texts.
import type pg from 'pg'
import { loadConfig } from '../src/config.ts'
import { createArticleRenderer } from '../src/services/public/article-render.ts'

export async function renderArticles(pool: pg.Pool, progress: (what: string, done: number, total: number) => void): Promise<void> {
  // the bench servers read the same environment (bench/servers.ts passes process.env through)
  const config = loadConfig({ ...process.env, NODE_ENV: undefined })
  const renderer = createArticleRenderer({ mediaBase: config.media.publicUrl, site: config.site })
  const { rows } = await pool.query<{ n: number }>(`WITH r AS (INSERT INTO "ArticleRender" ("articleId") SELECT id FROM "Article"
      ON CONFLICT ("articleId") DO UPDATE SET stale = true RETURNING 1) SELECT count(*)::int AS n FROM r`)
  const n = rows[0]?.n ?? 0
  let done = 0
  // renderStale works in transactions of 100 until none is left; several at once share the work
  // (SKIP LOCKED keeps them apart)
  const worker = async () => {
    for (;;) {
      const rendered = await renderer.renderStale({ pool, namedStatements: true })
      done += rendered
      progress('rendered', Math.min(done, n), n)
      if (rendered === 0) return
    }
  }
  await Promise.all([worker(), worker()])
  if (done < n) throw new Error(`rendered ${done} of ${n} articles`)
}
