// The simpler yardstick of issue 18: a bare Fastify + pg server answering what a frontend's list
// and article pages need, hand-written as a small site would write it — a list of 20 with bylines
// (one prepared query, offset paging with the total, as our page mode does) and one article with
// its bylines. No organizations, sections, tags, images, comment counts, caching or security
// headers; its bodies are smaller than ours, and beating it anyway is the target.
import Fastify from 'fastify'
import pg from 'pg'

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) })
const app = Fastify({ logger: false })

const visible = `a.status = 'published' AND a."publishedAt" IS NOT NULL`
const authors = `coalesce((SELECT json_agg(json_build_object('id', x.id, 'slug', x.slug, 'name', x.name) ORDER BY l.position)
  FROM "ArticleAuthor" l JOIN "Author" x ON x.id = l."authorId" WHERE l."articleId" = a.id), '[]'::json) AS authors`
const LIST = {
  name: 'simple_list',
  text: `SELECT a.id, a.slug, a.title, a.lead, a."publishedAt", ${authors}, (SELECT count(*) FROM "Article" a WHERE ${visible})::int AS total
    FROM "Article" a WHERE ${visible} ORDER BY a."publishedAt" DESC, a.id DESC LIMIT $1 OFFSET $2`,
}
const DETAIL = {
  name: 'simple_detail',
  text: `SELECT a.id, a.slug, a.title, a.lead, a.body, a."publishedAt", ${authors} FROM "Article" a WHERE a.slug = $1 AND ${visible}`,
}

app.get('/v1/articles', async (req, reply) => {
  const q = req.query as { limit?: string; page?: string }
  const limit = Math.min(100, Math.max(1, Number(q.limit ?? 20) || 20))
  const page = Math.max(1, Number(q.page ?? 1) || 1)
  const { rows } = await pool.query({ ...LIST, values: [limit, (page - 1) * limit] })
  const total: number = rows[0]?.total ?? 0
  const data = rows.map(({ total: _t, ...item }) => item)
  return reply.type('application/json; charset=utf-8').send(JSON.stringify({ data, meta: { page, limit, total } }))
})

app.get('/v1/articles/:slug', async (req, reply) => {
  const { rows } = await pool.query({ ...DETAIL, values: [(req.params as { slug: string }).slug] })
  if (!rows[0]) return reply.code(404).send({ status: 404 })
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(rows[0]))
})

app.get('/health/ready', async () => ({ status: 'ok' }))

process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => pool.end())
    .then(() => process.exit(0))
})
await app.listen({ port: Number(process.env.PORT ?? 3101), host: '127.0.0.1' })
