// The public article read path on a real database: visibility, filters, search, caching, bad input.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createAuthor, createOrganization } from '../../fixtures/content.ts'
import { encodeCursor } from '../../../src/lib/paging.ts'

// fixtures write straight to the database, past the services' change feed: the response cache
// would serve what a test just changed; it is tested on its own in test/app/response-cache.test.ts
const { app, db } = await build(t, { RESPONSE_CACHE: 'off' })
await app.ready()

const MIN = 60_000
const ago = (minutes: number) => new Date(Date.now() - minutes * MIN)

const lan = await createAuthor(db, { name: 'Phạm Ngọc Lan' })
const duc = await createAuthor(db, { name: 'Trần Minh Đức' })
// four levels: province > bloc > grassroots > cell, and a second province
const province = await createOrganization(db, { name: 'Đảng bộ tỉnh Ngọc Lâm', kind: 'provincial_committee' })
const bloc = await createOrganization(db, { name: 'Đảng bộ Khối Cơ quan', kind: 'bloc_committee', parentId: province.id })
const grassroots = await createOrganization(db, { name: 'Đảng bộ Sở Giáo dục', kind: 'grassroots_committee', parentId: bloc.id })
const cell = await createOrganization(db, { name: 'Chi bộ Trường Chuyên', kind: 'cell', parentId: grassroots.id })
const otherProvince = await createOrganization(db, { name: 'Đảng bộ tỉnh Hà Giang', kind: 'provincial_committee' })

const resolution = await createArticle(db, {
  title: 'Đảng bộ Khối sơ kết Nghị quyết số 21-NQ/TW về phát triển Đảng',
  publishedAt: ago(300),
  authorIds: [duc.id, lan.id],
  organizationIds: [cell.id, otherProvince.id],
  commentCount: 4,
})
const seminar = await createArticle(db, {
  title: 'Hội thảo chuyển đổi số',
  body: '<p>Giải pháp nâng cao chất lượng công tác phát triển Đảng ở cơ sở.</p>',
  publishedAt: ago(200),
  authorIds: [lan.id],
  organizationIds: [grassroots.id],
})
const budget = await createArticle(db, { title: 'Dự toán ngân sách năm 2027', publishedAt: ago(100), organizationIds: [bloc.id] })
const dueScheduled = await createArticle(db, {
  status: 'scheduled',
  title: 'Lịch tiếp công dân tháng Mười hai',
  publishedAt: ago(10),
  organizationIds: [province.id],
})
const lastYear = await createArticle(db, { title: 'Tổng kết năm', publishedAt: new Date('2025-03-10T17:30:00.000Z') }) // 2025-03-11 00:30 in Hà Nội
const visible = [dueScheduled, budget, seminar, resolution, lastYear]

const hidden = {
  draft: await createArticle(db, { status: 'draft', title: 'Bản nháp phát triển Đảng', authorIds: [lan.id], organizationIds: [cell.id] }),
  inReview: await createArticle(db, { status: 'in_review', title: 'Chờ duyệt phát triển Đảng', authorIds: [lan.id], organizationIds: [cell.id] }),
  scheduledLater: await createArticle(db, {
    status: 'scheduled',
    title: 'Hẹn giờ phát triển Đảng',
    publishedAt: new Date(Date.now() + 3_600_000),
    authorIds: [lan.id],
    organizationIds: [cell.id],
  }),
  archived: await createArticle(db, {
    status: 'archived',
    title: 'Lưu trữ phát triển Đảng',
    publishedAt: ago(30),
    authorIds: [lan.id],
    organizationIds: [cell.id],
  }),
}

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
const slugs = async (url: string) => {
  const res = await get(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return (res.json().data as Array<{ slug: string }>).map((a) => a.slug)
}
const q = (text: string) => `/v1/articles?q=${encodeURIComponent(text)}`

t.test('the list: only what is public now, newest first, in the list shape', async (t) => {
  const res = await get('/v1/articles')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(
    body.data.map((a: { slug: string }) => a.slug),
    visible.map((a) => a.slug),
  )
  t.same(body.meta, { page: 1, limit: 20, total: 5, totalPages: 1, nextCursor: null })
  t.notOk(res.headers.link, 'no next page, no Link')
  const item = body.data.find((a: { id: string }) => a.id === resolution.id)
  t.same(Object.keys(item).sort(), [
    'authors',
    'commentCount',
    'featured',
    'id',
    'lead',
    'leadImage',
    'organizations',
    'publishedAt',
    'section',
    'slug',
    'source',
    'tags',
    'title',
    'updatedAt',
  ])
  t.same(
    item.authors,
    [
      { id: duc.id, slug: duc.slug, name: 'Trần Minh Đức' },
      { id: lan.id, slug: lan.slug, name: 'Phạm Ngọc Lan' },
    ],
    'bylines in position order',
  )
  t.same(
    item.organizations.map((o: { id: string }) => o.id),
    [cell.id, otherProvince.id],
  )
  t.equal(item.commentCount, 4)
  t.equal(item.publishedAt, resolution.publishedAt!.toISOString())
  t.equal(item.updatedAt, resolution.updatedAt.toISOString())
})

t.test('one article by slug: body, bylines, organizations, commentCount', async (t) => {
  const res = await get(`/v1/articles/${resolution.slug}`)
  t.equal(res.statusCode, 200)
  t.match(res.json(), {
    id: resolution.id,
    title: resolution.title,
    body: resolution.body,
    lead: resolution.lead,
    source: 'Báo Ngọc Lâm',
    commentCount: 4,
    commentsEnabled: true,
    authors: [{ slug: duc.slug }, { slug: lan.slug }],
    organizations: [{ slug: cell.slug }, { slug: otherProvince.slug }],
  })
  t.equal((await get(`/v1/articles/${dueScheduled.slug}`)).statusCode, 200, 'scheduled with its time past is public')
})

t.test('drafts, articles in review, scheduled for later and archived: 404 by slug, absent everywhere', async (t) => {
  for (const [kind, article] of Object.entries(hidden)) {
    const res = await get(`/v1/articles/${article.slug}`)
    t.equal(res.statusCode, 404, kind)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.equal(res.headers['cache-control'], 'no-store')
  }
  const everyList = [
    '/v1/articles',
    `/v1/articles?author=${lan.slug}`,
    `/v1/articles?organization=${cell.slug}`,
    q('phát triển Đảng'),
    `/v1/articles?limit=100&cursor=${encodeCursor([new Date(Date.now() + 86_400_000).toISOString(), 'ffffffff-ffff-4fff-bfff-ffffffffffff'])}`,
  ]
  const hiddenSlugs = new Set(Object.values(hidden).map((a) => a.slug))
  for (const url of everyList)
    t.notOk(
      (await slugs(url)).some((s) => hiddenSlugs.has(s)),
      url,
    )
})

t.test('a scheduled article appears when its time comes, without any write', async (t) => {
  const soon = await createArticle(db, { status: 'scheduled', title: 'Sắp đăng', publishedAt: new Date(Date.now() + 1500) })
  t.equal((await get(`/v1/articles/${soon.slug}`)).statusCode, 404)
  await new Promise((resolve) => setTimeout(resolve, 1600))
  t.equal((await get(`/v1/articles/${soon.slug}`)).statusCode, 200)
  t.equal((await slugs('/v1/articles'))[0], soon.slug)
  await db.prisma.article.delete({ where: { id: soon.id } })
})

t.test('author filter; an unknown author is a 404', async (t) => {
  t.same(await slugs(`/v1/articles?author=${lan.slug}`), [seminar.slug, resolution.slug])
  t.same(await slugs(`/v1/articles?author=${duc.slug}`), [resolution.slug])
  const unknown = await get('/v1/articles?author=khong-co-tac-gia-nay')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json().detail, /khong-co-tac-gia-nay/)
})

t.test('organization filter: that organization and everything below it, three levels down', async (t) => {
  t.same(await slugs(`/v1/articles?organization=${province.slug}`), [dueScheduled.slug, budget.slug, seminar.slug, resolution.slug])
  t.same(await slugs(`/v1/articles?organization=${bloc.slug}`), [budget.slug, seminar.slug, resolution.slug])
  t.same(await slugs(`/v1/articles?organization=${grassroots.slug}`), [seminar.slug, resolution.slug])
  t.same(await slugs(`/v1/articles?organization=${cell.slug}`), [resolution.slug])
  t.same(await slugs(`/v1/articles?organization=${otherProvince.slug}`), [resolution.slug])
  t.same(await slugs(`/v1/articles?organization=${bloc.slug}&author=${lan.slug}`), [seminar.slug, resolution.slug], 'filters combine')
  t.equal((await get('/v1/articles?organization=khong-co-to-chuc-nay')).statusCode, 404)
})

t.test('from/to: dates are Vietnamese calendar days, date-times are exact, both inclusive', async (t) => {
  t.same(await slugs('/v1/articles?from=2025-03-11&to=2025-03-11'), [lastYear.slug], '00:30 in Hà Nội is on the 11th')
  t.same(await slugs('/v1/articles?to=2025-03-10'), [])
  t.same(
    await slugs('/v1/articles?from=2025-03-12'),
    visible.slice(0, 4).map((a) => a.slug),
  )
  const at = lastYear.publishedAt!.toISOString()
  t.same(await slugs(`/v1/articles?from=${at}&to=${at}`), [lastYear.slug], 'a date-time bound includes that instant')
  t.same(
    await slugs(`/v1/articles?from=${encodeURIComponent('2025-03-11T00:30:00.001+07:00')}`),
    visible.slice(0, 4).map((a) => a.slug),
  )
  t.same(await slugs(`/v1/articles?from=${ago(150).toISOString()}&to=${ago(50).toISOString()}`), [budget.slug])
  t.same(
    await slugs('/v1/articles?from=0001-01-01&to=9999-12-31'),
    visible.map((a) => a.slug),
    'the extremes are dates too',
  )
})

t.test('search folds case, tone marks, đ/Đ and NFC/NFD alike; title matches rank first', async (t) => {
  const expected = [resolution.slug, seminar.slug] // seminar is newer but matches in its body only
  t.same(await slugs(q('phat trien dang')), expected)
  t.same(await slugs(q('PHÁT TRIỂN ĐẢNG')), expected)
  t.same(await slugs(q('phát triển Đảng'.normalize('NFD'))), expected)
  t.same(await slugs(q('  Đảng, phát   TRIỂN!  ')), expected, 'any order, punctuation and spacing ignored')
  t.same(await slugs(q('nghi quyet 21')), [resolution.slug], '"nghi quyet 21" finds "Nghị quyết số 21-NQ/TW"')
  t.same(await slugs(q('21-NQ/TW')), [resolution.slug])
  t.same(await slugs(q('nghi quy')), [resolution.slug], 'a word may be the start of a word')
  t.same(await slugs(q('uyet')), [], 'but not its middle')
  t.same(await slugs(q('phat trien tuyensinh')), [], 'every word must match')
  t.same(await slugs(q('nâng cao chất lượng')), [seminar.slug], 'body text is searched')
  t.same(await slugs(`${q(`phát triển đảng`)}&author=${duc.slug}`), [resolution.slug], 'search combines with filters')
  t.same(
    await slugs(q('%_\\')),
    visible.map((a) => a.slug),
    'a query without letters or digits searches nothing',
  )
  const page = (await get(q('phat trien dang'))).json().meta
  t.same(page, { page: 1, limit: 20, total: 2, totalPages: 1, nextCursor: null })
})

t.test('ETag and Cache-Control; If-None-Match gives an empty 304; changes change the ETag', async (t) => {
  const urls = ['/v1/articles', `/v1/articles/${resolution.slug}`, `/v1/articles?organization=${bloc.slug}`]
  const first = await Promise.all(urls.map((u) => get(u)))
  for (const [i, res] of first.entries()) {
    const url = urls[i]!
    t.match(res.headers.etag, /^W\/"[A-Za-z0-9_-]+"$/, url)
    t.equal(res.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=60')
    const again = await get(url, { 'if-none-match': res.headers.etag as string })
    t.equal(again.statusCode, 304, url)
    t.equal(again.body, '')
    t.equal(again.headers.etag, res.headers.etag)
    t.equal(again.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=60')
    t.equal((await get(url, { 'if-none-match': `"x", ${res.headers.etag}` })).statusCode, 304, 'one of a list')
    t.equal((await get(url, { 'if-none-match': 'W/"something-else"' })).statusCode, 200)
  }
  t.not(first[0]!.headers.etag, first[2]!.headers.etag, 'another query, another ETag')
  t.not(first[0]!.headers.etag, (await get('/v1/articles?limit=19')).headers.etag, 'limit is part of the representation')

  const changes: Array<[string, () => Promise<unknown>]> = [
    ['an edit', () => db.prisma.article.update({ where: { id: resolution.id }, data: { title: `${resolution.title} (cập nhật)`, version: { increment: 1 } } })],
    // the comment service moves commentCount with raw SQL that leaves updatedAt alone
    ['an approved comment', () => db.pool.query('UPDATE "Article" SET "commentCount" = "commentCount" + 1 WHERE id = $1', [resolution.id])],
    ['a renamed author', () => db.prisma.author.update({ where: { id: duc.id }, data: { name: 'Trần Minh Đức (Báo Ngọc Lâm)' } })],
    ['a renamed organization', () => db.prisma.organization.update({ where: { id: cell.id }, data: { name: 'Chi bộ Trường THPT Chuyên' } })],
  ]
  let previous = first.map((r) => r.headers.etag)
  for (const [what, change] of changes) {
    await change()
    const now = await Promise.all(urls.map((u) => get(u)))
    for (const [i, res] of now.entries()) {
      t.not(res.headers.etag, previous[i], `${what} changes the ETag of ${urls[i]}`)
      t.equal((await get(urls[i]!, { 'if-none-match': previous[i] as string })).statusCode, 200, `${what}: the old ETag no longer matches`)
    }
    previous = now.map((r) => r.headers.etag)
  }
  const unrelated = await get(`/v1/articles/${budget.slug}`)
  await db.prisma.article.update({ where: { id: seminar.id }, data: { lead: 'Tóm tắt mới' } })
  t.equal((await get(`/v1/articles/${budget.slug}`)).headers.etag, unrelated.headers.etag, 'another article changing leaves this one alone')
})

t.test('bad input: 400 problem+json with field errors, never a 500', async (t) => {
  const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const validKey = [ago(5).toISOString(), resolution.id]
  const cases: Array<[string, string]> = [
    ['/v1/articles?limit=0', 'limit'],
    ['/v1/articles?limit=101', 'limit'],
    ['/v1/articles?page=0', 'page'],
    ['/v1/articles?page=abc', 'page'],
    [`/v1/articles?page=1&cursor=${cursor(validKey)}`, 'cursor'],
    ['/v1/articles?cursor=!!!not-base64', 'cursor'],
    [`/v1/articles?cursor=${Buffer.from('not json').toString('base64url')}`, 'cursor'],
    [`/v1/articles?cursor=${cursor({ publishedAt: validKey[0], id: validKey[1] })}`, 'cursor'],
    [`/v1/articles?cursor=${cursor([validKey[0]])}`, 'cursor'],
    [`/v1/articles?cursor=${cursor(['2026-13-45T99:00:00.000Z', resolution.id])}`, 'cursor'],
    [`/v1/articles?cursor=${cursor(['2026-02-30T10:00:00.000Z', resolution.id])}`, 'cursor'],
    [`/v1/articles?cursor=${cursor(['+275760-09-13T00:00:00.000Z', resolution.id])}`, 'cursor'],
    [`/v1/articles?cursor=${cursor([validKey[0], 'not-a-uuid'])}`, 'cursor'],
    [`/v1/articles?cursor=${cursor([...validKey, 1])}`, 'cursor'],
    [`${q('dang')}&cursor=${cursor(validKey)}`, 'cursor'],
    [`/v1/articles?cursor=${'A'.repeat(301)}`, 'cursor'],
    ['/v1/articles?from=2026-11-30&to=2026-11-01', 'from'],
    ['/v1/articles?from=2026-02-30', 'from'],
    ['/v1/articles?to=2026-11-01T25:00:00Z', 'to'],
    ['/v1/articles?from=h%C3%B4m%20qua', 'from'],
    ['/v1/articles?from=2026-1-5', 'from'],
    ['/v1/articles?to=20261105', 'to'],
    ['/v1/articles?sort=oldest', 'sort'],
    [q('x'.repeat(201)), 'q'],
    [q('một hai ba bốn năm sáu bảy tám chín mười trăm'), 'q'],
    ['/v1/articles?author=Nguyen%20Van%20A', 'author'],
    ['/v1/articles/Not_A_Slug', 'slug'],
  ]
  for (const [url, field] of cases) {
    const res = await get(url)
    t.equal(res.statusCode, 400, url)
    t.match(res.headers['content-type'], /^application\/problem\+json/, url)
    const errors = res.json().errors as Array<{ path: string }>
    t.ok(
      errors?.some((e) => e.path.endsWith(`/${field}`)),
      `${url}: an error names ${field}`,
    )
  }
  t.equal((await get(q('một hai ba bốn năm sáu bảy tám chín mười một hai'))).statusCode, 200, 'repeated words count once')
})
