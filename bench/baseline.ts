// The benchmark's yardstick: a bare Fastify + pg server answering the same list and detail
// requests as Tòa Soạn with one hand-written SQL query each (a named prepared statement) and
// byte-identical JSON. No validation, no caching headers, no security headers, no cache.
import Fastify from 'fastify'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) })
const app = Fastify({ logger: false })

const refs = (
  table: string,
  link: string,
  key: string,
) => `coalesce((SELECT json_agg(json_build_object('id', x.id, 'slug', x.slug, 'name', x.name) ORDER BY l.position, x.slug)
  FROM "${link}" l JOIN "${table}" x ON x.id = l."${key}" WHERE l."articleId" = a.id), '[]'::json)`
const iso = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
const visible = `(a.status = 'published' AND a."publishedAt" IS NOT NULL OR a.status = 'scheduled' AND a."publishedAt" <= now())`
// the lead image as the public schema orders it (schemas/media.ts PublicMedia), files at /media
const rendition = (p: string) => `json_build_object('url', '/media/' || (m.renditions->'${p}'->>'key'), 'width', m.renditions->'${p}'->'width',
  'height', m.renditions->'${p}'->'height', 'mimeType', 'image/webp')`
const leadImage = `(SELECT json_build_object('id', m.id, 'mimeType', m."mimeType", 'width', m.width, 'height', m.height, 'alt', m.alt,
  'decorative', m.decorative, 'caption', m.caption, 'credit', m.credit, 'focalPoint', json_build_object('x', m."focalX", 'y', m."focalY"),
  'createdAt', ${iso('m."createdAt"')}, 'renditions', json_build_object('thumb', ${rendition('thumb')}, 'card', ${rendition('card')},
  'article', ${rendition('article')}, 'og', ${rendition('og')})) FROM "Media" m WHERE m.id = a."leadImageId")`
const section = `(SELECT json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) FROM "Section" s WHERE s.id = a."sectionId")`
const columns = `a.id, a.slug, a.title, a.lead, a.source, ${iso('a."publishedAt"')} AS "publishedAt", ${iso('a."updatedAt"')} AS "updatedAt",
  ${refs('Author', 'ArticleAuthor', 'authorId')} AS authors,
  ${refs('Organization', 'ArticleOrganization', 'organizationId')} AS organizations,
  ${section} AS section, ${refs('Tag', 'ArticleTag', 'tagId')} AS tags, a.featured, a."commentCount",
  ${leadImage} AS "leadImage"`
// the SEO block with its defaults, for the default ARTICLE_URL_PATTERN (/{section}/{slug}) on PUBLIC_SITE_URL
const site = (process.env.PUBLIC_SITE_URL ?? 'http://localhost:3000').replace(/\/+$/, '')
const seo = `json_build_object('title', coalesce(a."metaTitle", a.title), 'description', coalesce(a."metaDescription", a.lead),
  'canonicalUrl', coalesce(a."canonicalUrl",
    $2::text || '/' || coalesce((SELECT s.slug FROM "Section" s WHERE s.id = a."sectionId"), 'tin-tuc') || '/' || a.slug),
  'image', coalesce((SELECT '/media/' || (m.renditions->'og'->>'key') FROM "Media" m WHERE m.id = a."ogImageId"),
    (SELECT '/media/' || (m.renditions->'og'->>'key') FROM "Media" m WHERE m.id = a."leadImageId")), 'noindex', a.noindex)`

// the total is counted up to the cap, as ours is (LIST_TOTAL_CAP, the same default as src/config.ts)
const CAP = Number(process.env.LIST_TOTAL_CAP ?? 10_000)
const LIST = {
  name: 'baseline_list',
  text: `SELECT ${columns}, (SELECT count(*) FROM (SELECT FROM "Article" a WHERE ${visible} LIMIT $3) c)::int AS total
    FROM "Article" a WHERE ${visible} ORDER BY a."publishedAt" DESC, a.id DESC LIMIT $1 OFFSET $2`,
}
const DETAIL = {
  name: 'baseline_detail',
  text: `SELECT ${columns}, a.body, a."commentsEnabled", ${seo} AS seo FROM "Article" a WHERE a.slug = $1 AND ${visible}`,
}

app.get('/v1/articles', async (req, reply) => {
  const q = req.query as { limit?: string; page?: string }
  const limit = Math.min(100, Number(q.limit ?? 20))
  const page = Number(q.page ?? 1)
  const { rows } = await pool.query({ ...LIST, values: [limit + 1, (page - 1) * limit, CAP + 1] })
  const counted: number = rows[0]?.total ?? 0
  const total = Math.min(counted, CAP)
  const more = rows.length > limit
  const data = rows.slice(0, limit).map(({ total: _t, ...item }) => item)
  const last = data.at(-1)
  const nextCursor = more && last ? Buffer.from(JSON.stringify([last.publishedAt, last.id])).toString('base64url') : null
  reply.type('application/json; charset=utf-8')
  const capped = counted > CAP ? { totalCapped: true } : {}
  return JSON.stringify({ data, meta: { limit, nextCursor, page, total, totalPages: Math.ceil(total / limit), ...capped } })
})

app.get('/v1/articles/:slug', async (req, reply) => {
  const { rows } = await pool.query({ ...DETAIL, values: [(req.params as { slug: string }).slug, site] })
  if (!rows[0]) return reply.code(404).send({ status: 404 })
  reply.type('application/json; charset=utf-8')
  return JSON.stringify(rows[0])
})

app.get('/health/ready', async () => ({ status: 'ok' }))

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0))
})
await app.listen({ port: Number(process.env.PORT ?? 3100), host: '127.0.0.1' })
