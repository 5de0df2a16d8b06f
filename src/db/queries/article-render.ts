// Public articles rendered at write time (the ArticleRender table): the statements that read the
// stored texts, the one that reads what they are rendered from, and the ones that store them and
// find the stale ones. The texts themselves are made by services/public/article-render.ts.
import { detailOf } from './article-items.ts'
import { isPublic } from './public-now.ts'
import { statement, type Query } from './statement.ts'

/**
 * What the write-time rendering starts from: the public detail's one spelling (which holds the
 * list item's), for articles by id in any status, with the body's images.
 */
export const renderSourceStatement = statement('article_render_source', detailOf('a.id AS id', 'a.id = ANY($1::uuid[])', '$2::text'))

export interface RenderSource<Detail, Media> {
  id: string
  article: Detail
  media: Record<string, Media> | null
}

export async function readRenderSources<Detail, Media>(query: Query, ids: string[], mediaBase: string): Promise<Array<RenderSource<Detail, Media>>> {
  return query<RenderSource<Detail, Media>>(renderSourceStatement, [ids, mediaBase])
}

export interface RenderedText {
  articleId: string
  itemHead: string
  itemTail: string
  detailHead: string
  detailTail: string
  hash: string
  keys: string
}

const storeStatement = statement(
  'article_render_store',
  `INSERT INTO "ArticleRender" ("articleId", "itemHead", "itemTail", "detailHead", "detailTail", hash, keys, "renderedFor", stale, "renderedAt")
  SELECT v.*, $8::text, false, now()
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS v
  ON CONFLICT ("articleId") DO UPDATE SET "itemHead" = excluded."itemHead", "itemTail" = excluded."itemTail",
    "detailHead" = excluded."detailHead", "detailTail" = excluded."detailTail", hash = excluded.hash, keys = excluded.keys,
    "renderedFor" = excluded."renderedFor", stale = false, "renderedAt" = excluded."renderedAt"
  RETURNING "articleId"`,
)

/** Stores fresh texts, rendered from sources read in the same transaction. */
export async function storeRendered(query: Query, rows: RenderedText[], renderedFor: string): Promise<void> {
  if (!rows.length) return
  const col = (k: keyof RenderedText) => rows.map((r) => r[k])
  await query(storeStatement, [col('articleId'), col('itemHead'), col('itemTail'), col('detailHead'), col('detailTail'), col('hash'), col('keys'), renderedFor])
}

/**
 * Claims up to `limit` stale rows for this transaction: SKIP LOCKED keeps two renderers apart, and
 * a change that marks a claimed row stale again waits for this transaction, so it is rendered again.
 */
export async function claimStale(query: Query, limit: number): Promise<string[]> {
  const rows = await query<{ id: string }>(claimStatement, [limit])
  return rows.map((r) => r.id)
}

const claimStatement = statement(
  'article_render_claim',
  `SELECT r."articleId" AS id FROM "ArticleRender" r WHERE r.stale ORDER BY r."articleId" LIMIT $1::int FOR UPDATE SKIP LOCKED`,
)

/**
 * What a starting worker hands the render job: every text rendered for another configuration (a
 * changed MEDIA_PUBLIC_URL, say) marked stale, and a stale row added for every article without one
 * (rows restored or copied in with triggers off, which the job could not see otherwise). Returns how many.
 */
export async function markForRendering(query: Query, renderedFor: string): Promise<number> {
  const rows = await query<{ n: number }>(reconfiguredStatement, [renderedFor])
  const added = await query<{ n: number }>(missingStatement, [])
  return (rows[0]?.n ?? 0) + (added[0]?.n ?? 0)
}

const reconfiguredStatement = statement(
  'article_render_reconfigured',
  // spelled as index ranges (ArticleRender_renderedFor_idx): every worker start runs it, and a scan of
  // the texts of a million articles took 0.7 s warm
  `WITH m AS (UPDATE "ArticleRender" SET stale = true
    WHERE NOT stale AND ("renderedFor" < $1::text OR "renderedFor" > $1::text OR "renderedFor" IS NULL) RETURNING 1)
  SELECT count(*)::int AS n FROM m`,
)

const missingStatement = statement(
  'article_render_missing',
  `WITH m AS (INSERT INTO "ArticleRender" ("articleId")
    SELECT a.id FROM "Article" a WHERE NOT EXISTS (SELECT 1 FROM "ArticleRender" r WHERE r."articleId" = a.id)
    ON CONFLICT ("articleId") DO NOTHING RETURNING 1)
  SELECT count(*)::int AS n FROM m`,
)

/**
 * One public article by slug as rendered at write time, with its comment count put back in, or
 * undefined when there is none (or it is not public). `stale`: no fresh text for `renderedFor`
 * (the caller renders it with findPublicArticle instead).
 */
export async function findStoredArticle(
  query: Query,
  slug: string,
  now: Date,
  renderedFor: string,
): Promise<{ text: string | null; stamp: string | null; keys: string | null; stale: boolean } | undefined> {
  const [row] = await query<{ text: string | null; stamp: string | null; keys: string | null; stale: boolean }>(storedDetailStatement, [slug, now, renderedFor])
  return row
}

const storedDetailStatement = statement(
  'public_article_stored',
  `
  SELECT r."detailHead" || a."commentCount" || r."detailTail" AS text, r.hash || ':' || a."commentCount" AS stamp, r.keys,
         (r.stale IS DISTINCT FROM false OR r."renderedFor" IS DISTINCT FROM $3::text) AS stale
  FROM "Article" a LEFT JOIN "ArticleRender" r ON r."articleId" = a.id
  WHERE a.slug = $1::text AND ${isPublic('a', '$2::timestamptz')}`,
)
