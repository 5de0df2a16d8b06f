// The RSS, Atom and JSON feeds on a real database: formats and language, absolute URLs from the
// pattern, what each kind of feed holds (subtrees included), what never appears (noindex, not
// public), the lead image as enclosure, 404s, ETag/304, and titles that try to break the XML.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createAuthor, createOrganization } from '../../fixtures/content.ts'
import { createMediaRow, createSection, createTag, fileArticle } from '../../fixtures/feeds.ts'
import { attributes, texts, xmlProblems } from '../../support/xml.ts'

const SITE = 'https://baongoclam.vn'
// fixtures write past the services' change feed: the response cache is tested in its own file
const { app, db } = await build(t, { RESPONSE_CACHE: 'off', PUBLIC_SITE_URL: `${SITE}/`, SITE_NAME: 'Báo Ngọc Lâm & Đời sống' })
await app.ready()

const news = await createSection(db, 'Thời sự')
const politics = await createSection(db, 'Chính trị', news.id)
const economy = await createSection(db, 'Kinh tế')
const digital = await createTag(db, 'Chuyển đổi số')
const province = await createOrganization(db, { name: 'Đảng bộ tỉnh Ngọc Lâm', slug: 'dang-bo-tinh-ngoc-lam' })
const agencies = await createOrganization(db, { name: 'Đảng bộ Khối các Cơ quan', slug: 'dang-bo-khoi-co-quan', parentId: province.id, kind: 'bloc_committee' })
const lan = await createAuthor(db, { name: 'Nguyễn Thị Lan', slug: 'nguyen-thi-lan' })
const minh = await createAuthor(db, { name: 'Trần Văn Minh', slug: 'tran-van-minh' })
const image = await createMediaRow(db, { mimeType: 'image/jpeg', bytes: 98_765 })

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)
const congress = await createArticle(db, {
  title: 'Đại hội Đảng bộ tỉnh Ngọc Lâm',
  lead: 'Đại hội diễn ra trong ba ngày.',
  slug: 'dai-hoi-dang-bo-tinh',
  publishedAt: minutesAgo(10),
  authorIds: [lan.id, minh.id],
  organizationIds: [agencies.id],
})
await fileArticle(db, congress.id, { sectionId: politics.id, tagIds: [digital.id] })
await db.pool.query('UPDATE "Article" SET "leadImageId" = $2 WHERE id = $1', [congress.id, image.id])
const market = await createArticle(db, { title: 'Giá lúa tăng', slug: 'gia-lua-tang', publishedAt: minutesAgo(20), authorIds: [minh.id] })
await fileArticle(db, market.id, { sectionId: economy.id })
const hidden = await createArticle(db, { title: 'Bài không lập chỉ mục', slug: 'bai-noindex', publishedAt: minutesAgo(5), authorIds: [lan.id] })
await fileArticle(db, hidden.id, { sectionId: politics.id, tagIds: [digital.id], noindex: true })
const draft = await createArticle(db, { status: 'draft', slug: 'ban-nhap', authorIds: [lan.id] })
await fileArticle(db, draft.id, { sectionId: politics.id })
const future = await createArticle(db, { status: 'scheduled', slug: 'hen-gio', authorIds: [lan.id] })
await fileArticle(db, future.id, { sectionId: politics.id })
const withdrawn = await createArticle(db, { slug: 'da-go', publishedAt: minutesAgo(60), unpublishAt: minutesAgo(30), authorIds: [lan.id] })
await fileArticle(db, withdrawn.id, { sectionId: politics.id })

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
const congressUrl = `${SITE}/chinh-tri/dai-hoi-dang-bo-tinh`
const marketUrl = `${SITE}/kinh-te/gia-lua-tang`
const imageUrl = `${SITE}/media/${image.originalKey}`

t.test('RSS 2.0: language vi, absolute article URLs, bylines, the lead image as enclosure', async (t) => {
  const res = await get('/feeds/rss.xml')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8')
  t.same(await xmlProblems(res.body), [])
  t.match(res.body, /^<\?xml version="1.0" encoding="utf-8"\?>/)
  t.match(res.body, /<rss version="2.0" xmlns:dc="http:\/\/purl.org\/dc\/elements\/1.1\/"/)
  t.same(texts(res.body, 'language'), ['vi'])
  t.same(texts(res.body, 'link'), [`${SITE}/`, congressUrl, marketUrl], 'newest first; noindex, draft, scheduled and withdrawn left out')
  t.same(texts(res.body, 'title'), ['Báo Ngọc Lâm & Đời sống', 'Đại hội Đảng bộ tỉnh Ngọc Lâm', 'Giá lúa tăng'])
  t.same(texts(res.body, 'dc:creator'), ['Nguyễn Thị Lan', 'Trần Văn Minh', 'Trần Văn Minh'])
  t.same(texts(res.body, 'guid'), [`urn:uuid:${congress.id}`, `urn:uuid:${market.id}`])
  t.same(texts(res.body, 'description').slice(1, 2), ['Đại hội diễn ra trong ba ngày.'], 'the lead as the description')
  t.same(attributes(res.body, 'enclosure', 'url'), [imageUrl])
  t.same(attributes(res.body, 'enclosure', 'type'), ['image/jpeg'])
  t.same(attributes(res.body, 'enclosure', 'length'), ['98765'])
  t.same(attributes(res.body, 'atom:link', 'href'), [`${SITE}/feeds/rss.xml`])
  t.notMatch(res.body, /<author>/, 'no RSS author without an e-mail address')
})

t.test('Atom 1.0: xml:lang vi, entries with authors and an enclosure typed from the media row', async (t) => {
  const res = await get('/feeds/atom.xml')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/atom+xml; charset=utf-8')
  t.same(await xmlProblems(res.body), [])
  t.match(res.body, /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="vi">/)
  t.same(texts(res.body, 'id').slice(1), [`urn:uuid:${congress.id}`, `urn:uuid:${market.id}`])
  t.same(attributes(res.body, 'link', 'href'), [`${SITE}/`, `${SITE}/feeds/atom.xml`, congressUrl, imageUrl, marketUrl])
  t.match(res.body, `<link rel="enclosure" href="${imageUrl}" type="image/jpeg" length="98765"/>`)
  t.same(texts(res.body, 'name'), ['Báo Ngọc Lâm & Đời sống', 'Nguyễn Thị Lan', 'Trần Văn Minh', 'Trần Văn Minh'], 'the publication, then the bylines')
})

t.test('JSON Feed 1.1: version, language, authors, attachments', async (t) => {
  const res = await get('/feeds/feed.json')
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8')
  const feed = JSON.parse(res.body)
  t.equal(feed.version, 'https://jsonfeed.org/version/1.1')
  t.equal(feed.language, 'vi')
  t.equal(feed.title, 'Báo Ngọc Lâm & Đời sống')
  t.equal(feed.home_page_url, `${SITE}/`)
  t.equal(feed.feed_url, `${SITE}/feeds/feed.json`)
  t.same(feed.authors, [{ name: 'Báo Ngọc Lâm & Đời sống' }])
  t.notOk('author' in feed, 'the 1.0 author field is not used')
  t.same(
    feed.items.map((i: { url: string }) => i.url),
    [congressUrl, marketUrl],
  )
  const [first] = feed.items
  t.equal(first.id, `urn:uuid:${congress.id}`)
  t.equal(first.title, 'Đại hội Đảng bộ tỉnh Ngọc Lâm')
  t.equal(first.summary, 'Đại hội diễn ra trong ba ngày.')
  t.equal(first.content_html, 'Đại hội diễn ra trong ba ngày.')
  t.same(first.authors, [{ name: 'Nguyễn Thị Lan' }, { name: 'Trần Văn Minh' }])
  t.notOk('author' in first, 'the 1.0 author field is not used')
  t.equal(first.image, `${SITE}/media/${(image.renditions as { article: { key: string } }).article.key}`)
  t.same(first.attachments, [{ url: imageUrl, mime_type: 'image/jpeg', size_in_bytes: 98765 }])
  t.equal(first.date_published, new Date(congress.publishedAt!).toISOString())
})

t.test('per section (its subtree), organization (its subtree), author and tag', async (t) => {
  const links = async (url: string) => {
    const res = await get(url)
    t.equal(res.statusCode, 200, url)
    t.same(await xmlProblems(res.body), [], url)
    return texts(res.body, 'link').slice(1)
  }
  t.same(await links('/feeds/sections/thoi-su/rss.xml'), [congressUrl], 'a parent section holds its children’s articles')
  t.same(await links('/feeds/sections/chinh-tri/rss.xml'), [congressUrl])
  t.same(await links('/feeds/sections/kinh-te/rss.xml'), [marketUrl])
  t.same(await links('/feeds/organizations/dang-bo-tinh-ngoc-lam/rss.xml'), [congressUrl], 'through the organization closure')
  t.same(await links('/feeds/authors/nguyen-thi-lan/rss.xml'), [congressUrl], 'noindex, draft, scheduled and withdrawn articles stay out')
  t.same(await links('/feeds/authors/tran-van-minh/rss.xml'), [congressUrl, marketUrl])
  t.same(await links('/feeds/tags/chuyen-doi-so/rss.xml'), [congressUrl])

  const atom = await get('/feeds/sections/thoi-su/atom.xml')
  t.match(atom.body, '<title>Thời sự – Báo Ngọc Lâm &amp; Đời sống</title>')
  t.match(atom.body, `<link rel="alternate" href="${SITE}/thoi-su"/>`)
  t.match(atom.body, `<link rel="self" href="${SITE}/feeds/sections/thoi-su/atom.xml"/>`)
  const json = (await get('/feeds/tags/chuyen-doi-so/feed.json')).json()
  t.equal(json.feed_url, `${SITE}/feeds/tags/chuyen-doi-so/feed.json`)
  t.same(
    json.items.map((i: { id: string }) => i.id),
    [`urn:uuid:${congress.id}`],
  )
  t.match((await get('/feeds/sections/thoi-su/rss.xml')).headers['surrogate-key'], `section-${news.id}`)
})

t.test('an unknown slug is a 404, an unknown kind or a bad slug a 400, all problem+json', async (t) => {
  for (const url of [
    '/feeds/sections/khong-co/rss.xml',
    '/feeds/tags/khong-co/atom.xml',
    '/feeds/authors/khong-co/feed.json',
    '/feeds/organizations/khong-co/rss.xml',
  ]) {
    const res = await get(url)
    t.equal(res.statusCode, 404, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
  }
  for (const url of ['/feeds/categories/thoi-su/rss.xml', '/feeds/sections/Thoi%20Su/rss.xml']) {
    const res = await get(url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', url)
  }
  t.equal((await get('/feeds/rss2.xml')).statusCode, 404)
})

t.test('ETag and Cache-Control; 304 on a match; a changed article changes the ETag', async (t) => {
  for (const url of ['/feeds/rss.xml', '/feeds/atom.xml', '/feeds/feed.json', '/feeds/sections/thoi-su/rss.xml']) {
    const res = await get(url)
    const etag = res.headers.etag as string
    t.match(etag, /^W\/".+"$/, url)
    t.match(res.headers['cache-control'], /^public, max-age=\d+/, url)
    const again = await get(url, { 'if-none-match': etag })
    t.equal(again.statusCode, 304, url)
    t.equal(again.body, '')
    t.equal(again.headers.etag, etag)
  }
  const before = (await get('/feeds/rss.xml')).headers.etag
  await db.pool.query(`UPDATE "Article" SET title = 'Đại hội Đảng bộ tỉnh (cập nhật)', "updatedAt" = now() WHERE id = $1`, [congress.id])
  const after = await get('/feeds/rss.xml', { 'if-none-match': before as string })
  t.equal(after.statusCode, 200)
  t.not(after.headers.etag, before)
  t.match(after.body, 'Đại hội Đảng bộ tỉnh (cập nhật)')
  const renamed = await get('/feeds/sections/thoi-su/rss.xml')
  await db.pool.query(`UPDATE "Section" SET name = 'Thời sự 24h', "updatedAt" = now() WHERE id = $1`, [news.id])
  t.not((await get('/feeds/sections/thoi-su/rss.xml')).headers.etag, renamed.headers.etag, 'the scope’s name is part of the feed')
})

t.test('hostile titles, leads and names stay well-formed in every format', async (t) => {
  const nasty = `A & B <script>alert("x")</script> ]]> giữa ]]> 🇻🇳 ${'Tiếng Việt'.normalize('NFD')}\u0001\u000B\u001F cuối`
  const clean = `A & B <script>alert("x")</script> ]]> giữa ]]> 🇻🇳 Tiếng Việt cuối`
  const author = await createAuthor(db, { slug: 'tac-gia-la' })
  await db.pool.query('UPDATE "Author" SET name = $2 WHERE id = $1', [author.id, `Lê <b>&</b> ]]>\u0002`])
  const article = await createArticle(db, { slug: 'tieu-de-nguy-hiem', publishedAt: minutesAgo(1), authorIds: [author.id] })
  // straight to the table: the services would normalise what a hostile import could still leave
  await db.pool.query('UPDATE "Article" SET title = $2, lead = $3 WHERE id = $1', [article.id, nasty, `Tóm tắt ]]> <i>\u000B`])
  const noAuthors = await createArticle(db, { slug: 'khong-tac-gia', publishedAt: minutesAgo(2) })

  const rss = await get('/feeds/authors/tac-gia-la/rss.xml')
  t.same(await xmlProblems(rss.body), [])
  t.same(texts(rss.body, 'title').slice(1), [clean.replaceAll(']]>', ']]&gt;')], 'RSS: plain text in CDATA, "]]>" written as "]]&gt;"')
  t.same(texts(rss.body, 'description').slice(1), ['Tóm tắt ]]&gt; &lt;i&gt;'], 'RSS description: HTML-escaped text')
  t.same(texts(rss.body, 'dc:creator'), ['Lê <b>&</b> ]]>'])
  t.notMatch(rss.body, /[\u0001\u0002\u000B\u001F]/)

  const atom = await get('/feeds/authors/tac-gia-la/atom.xml')
  t.same(await xmlProblems(atom.body), [])
  t.same(
    texts(atom.body, 'title').slice(1),
    ['A &amp; B &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; ]]&gt; giữa ]]&gt; 🇻🇳 Tiếng Việt cuối'],
    'Atom: type="html"',
  )
  t.same(texts(atom.body, 'name'), ['Báo Ngọc Lâm & Đời sống', 'Lê <b>&</b> ]]>'])

  const json = await get('/feeds/authors/tac-gia-la/feed.json')
  const item = JSON.parse(json.body).items[0]
  t.equal(item.title, clean, 'JSON: the NFC text without the control characters')
  t.same(item.authors, [{ name: 'Lê <b>&</b> ]]>' }])

  for (const url of ['/feeds/rss.xml', '/feeds/atom.xml']) {
    const res = await get(url)
    t.same(await xmlProblems(res.body), [], url)
  }
  const all = (await get('/feeds/rss.xml')).body
  t.match(all, `<link>${SITE}/tin-tuc/khong-tac-gia</link>`, 'an article without a section takes the fallback {section}')
  t.ok(noAuthors)
})

t.test('at most 50 entries, newest first', async (t) => {
  const many = []
  for (let i = 0; i < 55; i++) many.push(await createArticle(db, { slug: `tin-so-${i}`, publishedAt: new Date(Date.now() - (100 + i) * 1000) }))
  const res = await get('/feeds/feed.json')
  const items = res.json().items
  t.equal(items.length, 50)
  const dates = items.map((i: { date_published: string }) => i.date_published)
  t.same(dates, [...dates].sort().reverse())
  t.same(await xmlProblems((await get('/feeds/atom.xml')).body), [])
})
