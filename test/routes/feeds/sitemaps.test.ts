// Sitemaps on a real database with a fixed clock: the index, a month (Vietnam's calendar, as the
// URL dates), sections and organizations, the Google News sitemap (48 hours, 1,000 at most),
// splitting past the per-file limit, 404s, ETag/304, and every document against its schema.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createOrganization } from '../../fixtures/content.ts'
import { createSection, fileArticle } from '../../fixtures/feeds.ts'
import { texts, xmlProblems } from '../../support/xml.ts'
import { createSitemapService } from '../../../src/services/feeds/sitemaps.ts'

const SITE = 'https://baongoclam.vn'
const NOW = new Date('2026-11-20T05:00:00.000Z')
const clock = () => NOW
const { app, db, config } = await build(
  t,
  { RESPONSE_CACHE: 'off', PUBLIC_SITE_URL: SITE, SITE_NAME: 'Báo Ngọc Lâm & Đời sống', ARTICLE_URL_PATTERN: '/{yyyy}/{mm}/{dd}/{slug}' },
  { clock },
)
await app.ready()

const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000)
const politics = await createSection(db, 'Chính trị')
await createSection(db, 'Kinh tế')
await createOrganization(db, { name: 'Đảng bộ tỉnh Ngọc Lâm', slug: 'dang-bo-tinh-ngoc-lam' })
// a section's change is part of its articles' entries (the {section} of their URLs): made long ago here
await db.pool.query(`UPDATE "Section" SET "updatedAt" = '2026-01-01T00:00:00Z'`)

const article = async (slug: string, publishedAt: Date | null, extra: Parameters<typeof createArticle>[1] = {}) => {
  const a = await createArticle(db, { slug, publishedAt, updatedAt: publishedAt ?? NOW, ...extra })
  await fileArticle(db, a.id, { sectionId: politics.id })
  return a
}
await article('thang-muoi', new Date('2026-10-15T03:00:00.000Z'))
// 17:30 UTC on 31 October is 00:30 on 1 November in Vietnam: a November article, dated 2026/11/01
await article('nua-dem-dau-thang', new Date('2026-10-31T17:30:00.000Z'))
await article('giua-thang', new Date('2026-11-10T02:00:00.000Z'))
await article('hen-gio-da-den', hoursAgo(30), { status: 'scheduled' })
await article('mot-gio-truoc', hoursAgo(1), { title: 'Tin & sự kiện <mới> ]]> \u0001 🇻🇳' })
await article('bon-muoi-bay-gio', hoursAgo(47))
await article('bon-muoi-chin-gio', hoursAgo(49))
const hidden = await article('khong-lap-chi-muc', hoursAgo(2))
await fileArticle(db, hidden.id, { noindex: true })
await article('ban-nhap', null, { status: 'draft' })
await article('hen-gio-sau', hoursAgo(-24), { status: 'scheduled' })
await article('da-go', hoursAgo(5), { unpublishAt: hoursAgo(3) })
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
const novemberUrls = [
  `${SITE}/2026/11/01/nua-dem-dau-thang`,
  `${SITE}/2026/11/10/giua-thang`,
  `${SITE}/2026/11/18/bon-muoi-chin-gio`,
  `${SITE}/2026/11/18/bon-muoi-bay-gio`,
  `${SITE}/2026/11/19/hen-gio-da-den`,
  `${SITE}/2026/11/20/mot-gio-truoc`,
]

t.test('the sitemap index: sections, organizations and one sitemap per month, valid', async (t) => {
  const res = await get('/sitemap.xml')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
  t.same(await xmlProblems(res.body, 'index'), [])
  t.same(texts(res.body, 'loc'), [
    `${SITE}/sitemaps/sections.xml`,
    `${SITE}/sitemaps/organizations.xml`,
    `${SITE}/sitemaps/articles-2026-11.xml`,
    `${SITE}/sitemaps/articles-2026-10.xml`,
  ])
  const lastmods = texts(res.body, 'lastmod')
  t.equal(lastmods[2], hoursAgo(1).toISOString(), "November's newest change")
  t.equal(lastmods[3], '2026-10-15T03:00:00.000Z')
})

t.test("a month's sitemap: its public, indexable articles, oldest first, in Vietnam's calendar", async (t) => {
  const res = await get('/sitemaps/articles-2026-11.xml')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/xml; charset=utf-8')
  t.same(await xmlProblems(res.body, 'urlset'), [])
  t.same(texts(res.body, 'loc'), novemberUrls, 'no noindex, draft, future or withdrawn article')
  t.equal(texts(res.body, 'lastmod').length, novemberUrls.length)
  const october = await get('/sitemaps/articles-2026-10.xml')
  t.same(await xmlProblems(october.body, 'urlset'), [])
  t.same(texts(october.body, 'loc'), [`${SITE}/2026/10/15/thang-muoi`], 'the 31 October 17:30 UTC article is November’s')
})

t.test('unknown files, empty months and parts past the last are 404s', async (t) => {
  for (const file of [
    'articles-2026-09.xml',
    'articles-2026-13.xml',
    'articles-2026-00.xml',
    'articles-2026-11-2.xml',
    'articles-2026-11-1.xml',
    'tin-tuc.xml',
  ]) {
    const res = await get(`/sitemaps/${file}`)
    t.equal(res.statusCode, 404, file)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', file)
  }
  t.equal((await get(`/sitemaps/${'x'.repeat(41)}`)).statusCode, 400)
})

t.test("the sections' and organizations' sitemaps", async (t) => {
  const sections = await get('/sitemaps/sections.xml')
  t.same(await xmlProblems(sections.body, 'urlset'), [])
  t.same(texts(sections.body, 'loc'), [`${SITE}/chinh-tri`, `${SITE}/kinh-te`])
  const organizations = await get('/sitemaps/organizations.xml')
  t.same(await xmlProblems(organizations.body, 'urlset'), [])
  t.same(texts(organizations.body, 'loc'), [`${SITE}/to-chuc/dang-bo-tinh-ngoc-lam`])
})

t.test('the Google News sitemap: the last 48 hours, newest first, with publication, date and title', async (t) => {
  const res = await get('/sitemap-news.xml')
  t.equal(res.statusCode, 200)
  t.same(await xmlProblems(res.body, 'news'), [])
  t.match(res.body, '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">')
  t.same(texts(res.body, 'loc'), [`${SITE}/2026/11/20/mot-gio-truoc`, `${SITE}/2026/11/19/hen-gio-da-den`, `${SITE}/2026/11/18/bon-muoi-bay-gio`])
  t.same(texts(res.body, 'news:name'), Array(3).fill('Báo Ngọc Lâm & Đời sống'))
  t.same(texts(res.body, 'news:language'), ['vi', 'vi', 'vi'])
  t.same(
    texts(res.body, 'news:publication_date'),
    [hoursAgo(1), hoursAgo(30), hoursAgo(47)].map((d) => d.toISOString()),
  )
  t.equal(texts(res.body, 'news:title')[0], 'Tin & sự kiện <mới> ]]>  🇻🇳', 'escaped, the control character dropped')
})

t.test('ETag and 304 for the index, a streamed month and the news sitemap; a change moves them', async (t) => {
  for (const url of ['/sitemap.xml', '/sitemaps/articles-2026-11.xml', '/sitemap-news.xml', '/sitemaps/sections.xml']) {
    const res = await get(url)
    const etag = res.headers.etag as string
    t.match(etag, /^W\/".+"$/, url)
    t.match(res.headers['cache-control'], /^public, max-age=\d+/, url)
    const again = await get(url, { 'if-none-match': etag })
    t.equal(again.statusCode, 304, url)
    t.equal(again.body, '', url)
  }
  const month = (await get('/sitemaps/articles-2026-11.xml')).headers.etag
  const index = (await get('/sitemap.xml')).headers.etag
  await db.pool.query(`UPDATE "Article" SET noindex = true, "updatedAt" = now() WHERE slug = 'giua-thang'`)
  const after = await get('/sitemaps/articles-2026-11.xml', { 'if-none-match': month as string })
  t.equal(after.statusCode, 200)
  t.notMatch(after.body, 'giua-thang', 'marked noindex: gone')
  t.not((await get('/sitemap.xml')).headers.etag, index)
  await db.pool.query(`UPDATE "Article" SET noindex = false WHERE slug = 'giua-thang'`)
})

t.test('a month past the per-file limit is split into parts, each streamed in keyset pages', async (t) => {
  // the limit lowered through the service's option: 2 URLs per file, 1 row per page
  const sitemaps = createSitemapService({ db, clock, site: config.site, urlLimit: 2, pageSize: 1 })
  const index = await sitemaps.index()
  t.same(await xmlProblems(index.body, 'index'), [])
  t.same(
    texts(index.body, 'loc').filter((l) => l.includes('2026-11')),
    [`${SITE}/sitemaps/articles-2026-11.xml`, `${SITE}/sitemaps/articles-2026-11-2.xml`, `${SITE}/sitemaps/articles-2026-11-3.xml`],
  )
  const read = async (file: string) => {
    const doc = await sitemaps.month(file)
    let xml = ''
    for await (const chunk of doc.body()) xml += chunk
    t.same(await xmlProblems(xml, 'urlset'), [], file)
    return texts(xml, 'loc')
  }
  const parts = [await read('articles-2026-11.xml'), await read('articles-2026-11-2.xml'), await read('articles-2026-11-3.xml')]
  t.same(
    parts.map((p) => p.length),
    [2, 2, 2],
  )
  t.same(parts.flat(), novemberUrls, 'the parts together: every article once, in order')
  await t.rejects(sitemaps.month('articles-2026-11-4.xml'), /no sitemap named "articles-2026-11-4.xml"/)
  const long = createSitemapService({ db, clock, site: { ...config.site, url: `https://baongoclam.vn/${'a'.repeat(1500)}` } })
  t.ok(long.perFile < 50_000, 'lowered so that 50 MB holds a whole file of the longest URLs')
  t.equal(createSitemapService({ db, clock, site: config.site }).perFile, 50_000)
})

t.test('the news sitemap holds at most 1,000 articles', async (t) => {
  await db.pool.query(
    `INSERT INTO "Article" (slug, title, lead, body, status, "publishedAt", "updatedAt")
     SELECT 'tin-nhanh-' || i, 'Tin nhanh ' || i, '', '', 'published', $1::timestamptz - i * interval '1 minute', $1::timestamptz
     FROM generate_series(2, 1006) i`,
    [NOW],
  )
  const res = await get('/sitemap-news.xml')
  t.same(await xmlProblems(res.body, 'news'), [])
  const locs = texts(res.body, 'loc')
  t.equal(locs.length, 1000)
  t.equal(locs[0], `${SITE}/2026/11/20/tin-nhanh-2`, 'the newest first')
})

t.test('a site without sections, organizations or articles: an empty index, 404 for the empty sitemaps', async (t) => {
  const empty = await build(t, { RESPONSE_CACHE: 'off', PUBLIC_SITE_URL: SITE }, { clock })
  await empty.app.ready()
  const index = await empty.app.inject('/sitemap.xml')
  t.equal(index.statusCode, 200)
  t.same(await xmlProblems(index.body), [], 'well-formed (the schema wants at least one sitemap)')
  t.same(texts(index.body, 'loc'), [])
  for (const url of ['/sitemaps/sections.xml', '/sitemaps/organizations.xml', '/sitemaps/articles-2026-11.xml']) {
    t.equal((await empty.app.inject(url)).statusCode, 404, url)
  }
  const news = await empty.app.inject('/sitemap-news.xml')
  t.equal(news.statusCode, 200)
  t.same(await xmlProblems(news.body), [])
  t.same(texts(news.body, 'loc'), [], 'no news in 48 hours: an empty urlset, as Google accepts')
})
