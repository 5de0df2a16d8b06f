// Public bylines on a real database: shapes, public-only article counts, paging, caching, bad input.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createAuthor } from '../../fixtures/content.ts'
import type { ArticleStatus } from '../../../src/schemas/admin-articles.ts'

// fixtures write straight to the database, past the services' change feed: the response cache
// would serve what a test just changed; it is tested on its own in test/app/response-cache.test.ts
const { app, db } = await build(t, { RESPONSE_CACHE: 'off' })
await app.ready()

const ha = await createAuthor(db, { name: 'Nguyễn Thu Hà', slug: 'nguyen-thu-ha', bio: 'Phóng viên ban Xây dựng Đảng.' })
const duc = await createAuthor(db, { name: 'Đặng Minh Đức', slug: 'dang-minh-duc', avatarUrl: 'https://baongoclam.vn/anh/duc.jpg' })
const phuc = await createAuthor(db, { name: 'Lê Hoàng Phúc', slug: 'le-hoang-phuc' })
const byHa = (status: ArticleStatus, publishedAt?: Date) => createArticle(db, { status, authorIds: [ha.id], ...(publishedAt ? { publishedAt } : {}) })

await byHa('published')
await createArticle(db, { authorIds: [duc.id, ha.id] })
await byHa('scheduled', new Date(Date.now() - 60_000)) // due: public
const draft = await byHa('draft')
await byHa('in_review')
await byHa('scheduled', new Date(Date.now() + 3_600_000))
await byHa('archived', new Date(Date.now() - 60_000))

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })

t.test('the list: ordered by slug, with public article counts only', async (t) => {
  const res = await get('/v1/authors')
  t.equal(res.statusCode, 200)
  t.same(
    res.json(),
    {
      data: [
        { id: duc.id, slug: 'dang-minh-duc', name: 'Đặng Minh Đức', avatarUrl: 'https://baongoclam.vn/anh/duc.jpg', articleCount: 1, avatar: null },
        { id: phuc.id, slug: 'le-hoang-phuc', name: 'Lê Hoàng Phúc', articleCount: 0, avatar: null },
        { id: ha.id, slug: 'nguyen-thu-ha', name: 'Nguyễn Thu Hà', bio: 'Phóng viên ban Xây dựng Đảng.', articleCount: 3, avatar: null },
      ],
      meta: { page: 1, limit: 20, total: 3, totalPages: 1, nextCursor: null },
    },
    'a draft, one in review, one scheduled for later and an archived one are not counted',
  )
})

t.test('one author by slug; unknown is a 404', async (t) => {
  const res = await get('/v1/authors/nguyen-thu-ha')
  t.equal(res.statusCode, 200)
  t.same(res.json(), { id: ha.id, slug: 'nguyen-thu-ha', name: 'Nguyễn Thu Hà', bio: 'Phóng viên ban Xây dựng Đảng.', articleCount: 3, avatar: null })
  t.equal((await get('/v1/authors/khong-co-ai')).statusCode, 404)
  t.equal((await get('/v1/authors/Khong Co')).statusCode, 400)
})

t.test('paging by page and by cursor, with a Link to the next page', async (t) => {
  const first = await get('/v1/authors?limit=2')
  t.same(
    first.json().data.map((a: { slug: string }) => a.slug),
    ['dang-minh-duc', 'le-hoang-phuc'],
  )
  t.match(first.json().meta, { page: 1, limit: 2, total: 3, totalPages: 2 })
  t.equal(first.headers.link, '</v1/authors?limit=2&page=2>; rel="next"')
  const second = await get('/v1/authors?limit=2&page=2')
  t.same(
    second.json().data.map((a: { slug: string }) => a.slug),
    ['nguyen-thu-ha'],
  )
  t.equal(second.json().meta.nextCursor, null)
  t.notOk(second.headers.link)

  const cursor = first.json().meta.nextCursor
  const next = await get(`/v1/authors?limit=2&cursor=${cursor}`)
  t.same(
    next.json().data.map((a: { slug: string }) => a.slug),
    ['nguyen-thu-ha'],
  )
  t.same(next.json().meta, { limit: 2, nextCursor: null })
  const bySingles = await get(`/v1/authors?limit=1&cursor=${(await get('/v1/authors?limit=1')).json().meta.nextCursor}`)
  t.equal(bySingles.headers.link, `</v1/authors?limit=1&cursor=${bySingles.json().meta.nextCursor}>; rel="next"`)
})

t.test('ETag, 304, and a publication changes the count and the ETag', async (t) => {
  const list = await get('/v1/authors')
  const one = await get('/v1/authors/nguyen-thu-ha')
  for (const res of [list, one]) {
    t.match(res.headers.etag, /^W\/"/)
    t.equal(res.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=60')
  }
  const notModified = await get('/v1/authors', { 'if-none-match': list.headers.etag as string })
  t.equal(notModified.statusCode, 304)
  t.equal(notModified.body, '')
  // publishing touches only the article, not the author
  await db.prisma.article.update({ where: { id: draft.id }, data: { status: 'published', publishedAt: new Date() } })
  const afterList = await get('/v1/authors', { 'if-none-match': list.headers.etag as string })
  t.equal(afterList.statusCode, 200)
  t.equal(afterList.json().data[2].articleCount, 4)
  const afterOne = await get('/v1/authors/nguyen-thu-ha', { 'if-none-match': one.headers.etag as string })
  t.equal(afterOne.statusCode, 200)
  t.equal(afterOne.json().articleCount, 4)
  await db.prisma.author.update({ where: { id: phuc.id }, data: { bio: 'Phóng viên chuyên đề.' } })
  t.equal((await get('/v1/authors', { 'if-none-match': afterList.headers.etag as string })).statusCode, 200, 'an edited author changes the list')
})

t.test('bad input: 400 with field errors', async (t) => {
  const cases: Array<[string, string]> = [
    ['/v1/authors?limit=0', 'limit'],
    ['/v1/authors?limit=101', 'limit'],
    ['/v1/authors?page=0', 'page'],
    ['/v1/authors?page=abc', 'page'],
    ['/v1/authors?cursor=%25%25', 'cursor'],
    [`/v1/authors?cursor=${Buffer.from(JSON.stringify(['2026-11-20T01:30:00.000Z', ha.id])).toString('base64url')}`, 'cursor'],
    [`/v1/authors?cursor=${Buffer.from(JSON.stringify(['Not A Slug'])).toString('base64url')}`, 'cursor'],
    [`/v1/authors?page=2&cursor=${Buffer.from('["a"]').toString('base64url')}`, 'cursor'],
    ['/v1/authors?q=ha', 'q'],
  ]
  for (const [url, field] of cases) {
    const res = await get(url)
    t.equal(res.statusCode, 400, url)
    t.ok(
      (res.json().errors as Array<{ path: string }>).some((e) => e.path.endsWith(`/${field}`)),
      `${url} names ${field}`,
    )
  }
})
