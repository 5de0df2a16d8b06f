// An article's sections, featured flag and SEO fields: written through the staff API (checked,
// revisioned), shown publicly with the SEO defaults filled in (title, lead, the article URL, the
// og rendition of the sharing or lead image), and `?featured=true`.
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'
import { jpeg, uploaded } from '../../fixtures/media.ts'

const ctx = await build(t, { RESPONSE_CACHE: 'off', PUBLIC_SITE_URL: 'https://baongoclam.vn/', ARTICLE_URL_PATTERN: '/{section}/{slug}-{yyyy}{mm}{dd}' })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const author = await newAuthor(app, editor.headers)
const MISSING = '00000000-0000-4000-8000-000000000000'

const send = (method: 'POST' | 'PATCH', url: string, payload: object, headers: Record<string, string> = editor.headers) =>
  app.inject({ method, url, headers, payload })
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
const section = async (name: string, parentId?: string) => (await send('POST', '/v1/admin/sections', { name, parentId })).json() as { id: string; slug: string }
const economy = await section('Kinh tế')
const business = await section('Doanh nghiệp', economy.id)
const society = await section('Văn hóa – Xã hội')
const lead = await uploaded(app, editor.headers, await jpeg(1600, 900), [{ name: 'alt', data: 'Ảnh bìa' }])
const share = await uploaded(app, editor.headers, await jpeg(1300, 700, { colour: '#336699' }), [{ name: 'alt', data: 'Ảnh chia sẻ' }])

t.test('create: the fields are stored, shown to staff, and the primary section is among the article sections', async (t) => {
  const res = await send('POST', '/v1/admin/articles', {
    title: 'Doanh nghiệp nhỏ tăng tốc',
    lead: 'Sa-pô.',
    body: '<p>Nội dung.</p>',
    authorIds: [author.id],
    organizationIds: [],
    sectionId: business.id,
    sectionIds: [society.id, business.id],
    featured: true,
    metaTitle: '  Doanh nghiệp nhỏ '.normalize('NFD'),
    metaDescription: 'Mô tả cho máy tìm kiếm.',
    canonicalUrl: 'https://nguon.vn/bai-goc',
    ogImageId: share.id,
    noindex: true,
  })
  t.equal(res.statusCode, 201)
  t.match(res.json(), {
    sectionId: business.id,
    sectionIds: [society.id],
    featured: true,
    metaTitle: 'Doanh nghiệp nhỏ',
    metaDescription: 'Mô tả cho máy tìm kiếm.',
    canonicalUrl: 'https://nguon.vn/bai-goc',
    ogImageId: share.id,
    noindex: true,
  })
  const links = await db.prisma.articleSection.findMany({ where: { articleId: res.json().id }, orderBy: { position: 'asc' } })
  t.same(
    links.map((l) => l.sectionId),
    [business.id, society.id],
    'primary first',
  )
  const plain = (await newDraft(app, editor.headers, { authorIds: [author.id] })) as Record<string, unknown>
  t.match(plain, { sectionId: null, sectionIds: [], tags: [], featured: false, metaTitle: null, canonicalUrl: null, ogImageId: null, noindex: false })
})

t.test('bad input: unknown sections or image, others without a primary, bad URLs: 400 naming the field, nothing written', async (t) => {
  const before = await db.prisma.article.count()
  const cases: Array<[object, string]> = [
    [{ sectionId: MISSING }, 'body/sectionId'],
    [{ sectionId: economy.id, sectionIds: [MISSING] }, 'body/sectionIds/0'],
    [{ sectionIds: [economy.id] }, 'body/sectionId'],
    [{ sectionId: 'kinh-te' }, 'body/sectionId'],
    [{ ogImageId: MISSING }, 'body/ogImageId'],
    [{ canonicalUrl: 'ftp://nguon.vn/a' }, 'body/canonicalUrl'],
    [{ canonicalUrl: 'không phải url' }, 'body/canonicalUrl'],
    [{ canonicalUrl: 'javascript:alert(1)' }, 'body/canonicalUrl'],
    [{ metaTitle: 'x'.repeat(301) }, 'body/metaTitle'],
    [{ featured: 'yes' }, 'body/featured'],
  ]
  for (const [extra, path] of cases) {
    const res = await send('POST', '/v1/admin/articles', { title: 'T', lead: '', body: '<p>x</p>', authorIds: [author.id], organizationIds: [], ...extra })
    t.equal(res.statusCode, 400, JSON.stringify(extra))
    t.match(res.headers['content-type'], /problem\+json/)
    t.ok(
      res.json().errors?.some((e: { path: string }) => e.path === path),
      `names ${path}: ${res.body}`,
    )
  }
  t.equal(await db.prisma.article.count(), before)
})

t.test('patch: a new primary section, the revision names what changed; clearing the SEO fields', async (t) => {
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], sectionId: economy.id, sectionIds: [society.id], metaTitle: 'Cũ' })
  const res = await send('PATCH', `/v1/admin/articles/${draft.id}`, { sectionId: society.id, metaTitle: null }, { ...editor.headers, 'if-match': draft.etag })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { sectionId: society.id, sectionIds: [], metaTitle: null })
  const revisions = (await get(`/v1/admin/articles/${draft.id}/revisions`, editor.headers)).json().data
  t.same([...revisions[0].changes].sort(), ['metaTitle', 'sectionId', 'sectionIds'])
  t.match(revisions[0].snapshot, { sectionId: society.id, sectionIds: [], metaTitle: null })
  const stale = await send('PATCH', `/v1/admin/articles/${draft.id}`, { sectionId: MISSING }, { ...editor.headers, 'if-match': res.headers.etag as string })
  t.equal(stale.statusCode, 400)
  t.equal((await db.prisma.article.findUnique({ where: { id: draft.id } }))?.sectionId, society.id, 'unchanged')
  const unchanged = await send(
    'PATCH',
    `/v1/admin/articles/${draft.id}`,
    { sectionId: society.id },
    { ...editor.headers, 'if-match': res.headers.etag as string },
  )
  t.equal(unchanged.json().version, res.json().version, 'the same section again is no new version')
})

t.test('public detail: seo defaults (title, lead, the article URL, the lead image og rendition)', async (t) => {
  const draft = await newDraft(app, editor.headers, {
    authorIds: [author.id],
    title: 'Mùa lúa mới',
    lead: 'Nông dân phấn khởi.',
    sectionId: business.id,
    leadImageId: lead.id,
  })
  const published = (await act(app, editor.headers, draft.id, 'publish')).json()
  const res = await get(`/v1/articles/${published.slug}`)
  t.equal(res.statusCode, 200)
  const day = new Date(new Date(published.publishedAt).getTime() + 7 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
  t.same(res.json().seo, {
    title: 'Mùa lúa mới',
    description: 'Nông dân phấn khởi.',
    canonicalUrl: `https://baongoclam.vn/doanh-nghiep/${published.slug}-${day}`,
    image: lead.renditions.og.url,
    noindex: false,
  })
  t.same(res.json().section, { id: business.id, slug: 'doanh-nghiep', name: 'Doanh nghiệp' })
  t.equal(res.json().featured, false)
})

t.test('public detail: set SEO fields win; the sharing image before the lead image; no image at all is null', async (t) => {
  const draft = await newDraft(app, editor.headers, {
    authorIds: [author.id],
    leadImageId: lead.id,
    ogImageId: share.id,
    metaTitle: 'Tiêu đề SEO',
    metaDescription: 'Mô tả SEO',
    canonicalUrl: 'https://nguon.vn/goc',
    noindex: true,
    featured: true,
  })
  const published = (await act(app, editor.headers, draft.id, 'publish')).json()
  const res = await get(`/v1/articles/${published.slug}`)
  t.same(res.json().seo, {
    title: 'Tiêu đề SEO',
    description: 'Mô tả SEO',
    canonicalUrl: 'https://nguon.vn/goc',
    image: share.renditions.og.url,
    noindex: true,
  })
  t.equal(res.json().section, null)
  const bare = (await act(app, editor.headers, (await newDraft(app, editor.headers, { authorIds: [author.id] })).id, 'publish')).json()
  const plain = (await get(`/v1/articles/${bare.slug}`)).json()
  t.equal(plain.seo.image, null)
  t.match(plain.seo.canonicalUrl, new RegExp(`^https://baongoclam.vn/tin-tuc/${bare.slug}-\\d{8}$`), 'no section: the fallback segment')
  const featured = (await get('/v1/articles?featured=true')).json().data.map((a: { slug: string }) => a.slug)
  t.same(featured, [published.slug])
  t.notOk((await get('/v1/articles?featured=false')).json().data.some((a: { slug: string }) => a.slug === published.slug))
  // a new focal point is a new og URL: the detail's ETag must move with it
  const before = await get(`/v1/articles/${published.slug}`)
  const focal = await app.inject({ method: 'PATCH', url: `/v1/admin/media/${share.id}`, headers: editor.headers, payload: { focalPoint: { x: 0.2, y: 0.3 } } })
  t.equal(focal.statusCode, 200)
  const after = await get(`/v1/articles/${published.slug}`, { 'if-none-match': before.headers.etag as string })
  t.equal(after.statusCode, 200)
  t.not(after.json().seo.image, before.json().seo.image)
})

t.test('an image in use as a sharing image cannot be deleted: 409, nothing removed', async (t) => {
  const res = await app.inject({ method: 'DELETE', url: `/v1/admin/media/${share.id}`, headers: editor.headers })
  t.equal(res.statusCode, 409)
  t.match(res.json(), { sharingImageOf: 2 })
  t.ok(await db.prisma.media.findUnique({ where: { id: share.id } }))
})
