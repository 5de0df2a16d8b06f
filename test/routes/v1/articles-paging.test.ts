// Paging the public article list: page numbers, keyset cursors under concurrent inserts, the Link
// header, and the number of SQL round trips a page costs.
import pg from 'pg'
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createArticles, createAuthor, createOrganization } from '../../fixtures/content.ts'

// fixtures write straight to the database, past the services' change feed: the response cache
// would serve what a test just changed; it is tested on its own in test/app/response-cache.test.ts
const { app, db } = await build(t, { RESPONSE_CACHE: 'off' })
await app.ready()

const authors = [await createAuthor(db, { name: 'Nguyễn Thu Hà' }), await createAuthor(db, { name: 'Lê Hoàng Phúc' })]
const province = await createOrganization(db, { name: 'Đảng bộ tỉnh', kind: 'provincial_committee' })
const cell = await createOrganization(db, { name: 'Chi bộ Phòng Chuyển đổi số', parentId: province.id })

// 250 articles, five to a publication time, so the id must break ties; every one with two
// bylines and two organizations, so a page has plenty to join
const base = Date.now() - 86_400_000
const articles = await createArticles(db, 250, (i) => ({
  title: i % 10 === 0 ? `Chuyển đổi số ở cơ sở, kỳ ${i}` : `Bản tin số ${i}`,
  body: i % 10 === 5 ? '<p>Chuyển đổi số trong sinh hoạt chi bộ.</p>' : '<p>Tin tổng hợp.</p>',
  publishedAt: new Date(base + Math.floor(i / 5) * 60_000),
  authorIds: i % 2 ? [authors[0]!.id, authors[1]!.id] : [authors[1]!.id, authors[0]!.id],
  organizationIds: [cell.id, province.id],
}))
const newestFirst = [...articles].sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime() || (a.id < b.id ? 1 : -1)).map((a) => a.id)

type Page = { data: Array<{ id: string; authors: unknown[]; organizations: unknown[] }>; meta: Record<string, unknown> }
async function page(url: string): Promise<{ body: Page; link: string | undefined }> {
  const res = await app.inject(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return { body: res.json(), link: res.headers.link as string | undefined }
}

t.test('page numbers: totals, a Link to the next page, and every article exactly once', async (t) => {
  const seen: string[] = []
  for (let n = 1; n <= 3; n++) {
    const { body, link } = await page(`/v1/articles?limit=100&page=${n}&organization=${province.slug}`)
    t.match(body.meta, { page: n, limit: 100, total: 250, totalPages: 3 })
    seen.push(...body.data.map((a) => a.id))
    if (n < 3) {
      t.equal(link, `</v1/articles?limit=100&page=${n + 1}&organization=${province.slug}>; rel="next"`, 'Link keeps the other parameters')
      t.type(body.meta.nextCursor, 'string')
    } else {
      t.equal(link, undefined)
      t.equal(body.meta.nextCursor, null)
    }
  }
  t.same(seen, newestFirst)
  const beyond = await page('/v1/articles?page=99')
  t.same(beyond.body.data, [])
  t.match(beyond.body.meta, { page: 99, total: 250, nextCursor: null })
})

t.test('cursor: no duplicates and no gaps across 250 articles while new ones are published', async (t) => {
  const seen: string[] = []
  let url: string | undefined = '/v1/articles?limit=37'
  let pages = 0
  while (url) {
    const { body, link } = await page(url)
    seen.push(...body.data.map((a) => a.id))
    if (pages > 0) t.notOk('total' in body.meta || 'page' in body.meta, 'cursor pages carry no totals')
    // a newsroom keeps publishing while a reader scrolls
    await createArticle(db, { title: `Tin mới ${pages}`, publishedAt: new Date() })
    await createArticles(db, 3, (i) => ({ title: `Tin nhanh ${pages}-${i}`, publishedAt: new Date(Date.now() + i) }))
    if (body.meta.nextCursor) {
      // the first page was asked for without a cursor: its Link pages by number, like the request
      t.equal(link, pages === 0 ? '</v1/articles?limit=37&page=2>; rel="next"' : `</v1/articles?limit=37&cursor=${body.meta.nextCursor}>; rel="next"`)
      url = `/v1/articles?limit=37&cursor=${body.meta.nextCursor}`
    } else {
      t.equal(link, undefined)
      url = undefined
    }
    if (++pages > 20) throw new Error('the walk does not end')
  }
  t.equal(pages, 7)
  t.equal(new Set(seen).size, seen.length, 'no duplicates')
  t.same(seen, newestFirst, 'exactly the articles there were, in order')
})

t.test('cursor with a search keeps relevance order across pages', async (t) => {
  const all = (await page('/v1/articles?q=chuyen%20doi%20so&limit=100')).body
  t.equal(all.meta.total, 50)
  const titleMatches = articles.filter((_, i) => i % 10 === 0).map((a) => a.id)
  t.same(new Set(all.data.slice(0, 25).map((a) => a.id)), new Set(titleMatches), 'the 25 title matches come first')
  const walked: string[] = []
  let cursor: string | null = null
  do {
    const url: string = `/v1/articles?q=chuyen%20doi%20so&limit=7${cursor ? `&cursor=${cursor}` : ''}`
    const { body } = await page(url)
    walked.push(...body.data.map((a) => a.id))
    cursor = body.meta.nextCursor as string | null
  } while (cursor)
  t.same(
    walked,
    all.data.map((a) => a.id),
  )
})

t.test('a page costs one SQL round trip, whatever its size', async (t) => {
  // the fixtures write rows directly: the render job stores their texts (until then a read also
  // builds them), a few seconds' worth a tick
  const jobs = await app.jobs()
  while ((await db.pool.query('SELECT 1 FROM "ArticleRender" WHERE stale LIMIT 1')).rowCount) await jobs.tick()
  // every statement of every pool connection goes through Client#query
  const original = pg.Client.prototype.query
  let count = 0
  const statements: string[] = []
  const names: Array<string | undefined> = []
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    count++
    const first = args[0] as string | { text?: string; name?: string }
    statements.push((typeof first === 'string' ? first : (first?.text ?? '')).slice(0, 60))
    names.push(typeof first === 'string' ? undefined : first?.name)
    return (original as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof original
  t.teardown(() => {
    pg.Client.prototype.query = original
  })

  const roundTrips = async (url: string) => {
    count = 0
    statements.length = 0
    names.length = 0
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    return { count, size: (res.json().data ?? [res.json()]).length, named: names.every((n) => n !== undefined) }
  }
  const small = await roundTrips(`/v1/articles?limit=5&organization=${province.slug}`)
  const large = await roundTrips(`/v1/articles?limit=100&organization=${province.slug}`)
  t.equal(small.size, 5)
  t.equal(large.size, 100)
  const largeBody = (await page(`/v1/articles?limit=100&organization=${province.slug}`)).body
  t.ok(
    largeBody.data.every((a) => a.authors.length === 2 && a.organizations.length === 2),
    'bylines and organizations are in the page',
  )
  t.equal(large.count, 1, `limit=100: ${statements.join(' | ')}`)
  t.equal(small.count, large.count, 'the same for 5 and for 100')
  const cursor = largeBody.meta.nextCursor as string
  t.equal((await roundTrips(`/v1/articles?limit=100&cursor=${cursor}`)).count, 1, 'a cursor page')
  t.equal((await roundTrips('/v1/articles?limit=100&q=ban%20tin')).count, 1, 'a search page')
  // a plan that depends on the values is made with them: a generic plan of a filtered page hashed
  // the whole subtree at a million articles
  t.notOk(large.named, 'a list filtered by organization is planned with its values')
  t.notOk((await roundTrips(`/v1/articles?limit=5&cursor=${cursor}&organization=${province.slug}`)).named, 'its cursor pages too')
  t.notOk((await roundTrips('/v1/articles?limit=5&q=ban%20tin')).named, 'a search too')
  t.ok((await roundTrips('/v1/articles?limit=5')).named, 'the unfiltered list is a prepared statement')
  t.equal((await roundTrips(`/v1/articles/${articles[0]!.slug}`)).count, 1, 'one article')
  t.equal((await roundTrips('/v1/authors?limit=100')).count, 1, 'authors')
  t.equal((await roundTrips('/v1/organizations?tree=true')).count, 1, 'the organization tree')
})
