// Sections through the staff API and the public reads: the tree and its closure table, menu order,
// moves and cycles, deletes in use, renames reaching the articles that show the section, and the
// `?section=` article filter over a whole subtree.
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'

// the response cache is tested on its own (test/app/response-cache.test.ts): here every read is fresh
const ctx = await build(t, { RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const contributor = await tokenFor(ctx, 'contributor')
const MISSING = '00000000-0000-4000-8000-000000000000'

const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = editor.headers) =>
  app.inject({ method, url, headers, ...(payload && { payload }) })
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
type Section = { id: string; slug: string; name: string; parentId: string | null; position: number }
const section = async (body: object): Promise<Section> => {
  const res = await send('POST', '/v1/admin/sections', body)
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json()
}

const news = await section({ name: 'Thời sự', position: 0 })
const party = await section({ name: 'Xây dựng Đảng', position: 1 })
const economy = await section({ name: 'Kinh tế', position: 2 })
const inspection = await section({ name: 'Công tác kiểm tra', parentId: party.id, position: 1 })
const cadres = await section({ name: 'Tổ chức – Cán bộ', parentId: party.id, position: 0 })
const cells = await section({ name: 'Sinh hoạt chi bộ', parentId: cadres.id })
const author = await newAuthor(app, editor.headers)

async function published(body: Record<string, unknown>) {
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], ...body })
  const res = await act(app, editor.headers, draft.id, 'publish')
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json() as { id: string; slug: string }
}

t.test('create: slugs from names, NFC, a clash gets -2, a given slug taken is 409', async (t) => {
  t.match(party, { slug: 'xay-dung-dang', name: 'Xây dựng Đảng', parentId: null, position: 1 })
  t.match(cadres, { slug: 'to-chuc-can-bo', parentId: party.id })
  const twin = await section({ name: 'Xây dựng Đảng'.normalize('NFD'), parentId: economy.id })
  t.match(twin, { slug: 'xay-dung-dang-2', name: 'Xây dựng Đảng' })
  t.equal((await send('POST', '/v1/admin/sections', { name: 'Khác', slug: 'kinh-te' })).statusCode, 409)
  t.equal((await send('DELETE', `/v1/admin/sections/${twin.id}`)).statusCode, 204)
})

t.test('bad input and roles: 400 naming the field, 401, 403, nothing written', async (t) => {
  const before = await db.prisma.section.count()
  const cases: Array<[object, string]> = [
    [{}, 'body/name'],
    [{ name: '  \u0000 ' }, 'body/name'],
    [{ name: 'x'.repeat(121) }, 'body/name'],
    [{ name: 'A', parentId: MISSING }, 'body/parentId'],
    [{ name: 'A', parentId: 'không-phải-uuid' }, 'body/parentId'],
    [{ name: 'A', position: 1.5 }, 'body/position'],
    [{ name: 'A', kind: 'cell' }, 'body/kind'],
  ]
  for (const [payload, path] of cases) {
    const res = await send('POST', '/v1/admin/sections', payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `names ${path}`,
    )
  }
  t.equal((await send('POST', '/v1/admin/sections', { name: 'A' }, contributor.headers)).statusCode, 403)
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/sections', payload: { name: 'A' } })).statusCode, 401)
  t.equal((await send('PATCH', `/v1/admin/sections/${MISSING}`, { name: 'A' })).statusCode, 404)
  t.equal((await send('PATCH', `/v1/admin/sections/${news.id}`, {})).statusCode, 400)
  t.equal((await send('DELETE', `/v1/admin/sections/${MISSING}`)).statusCode, 404)
  t.equal(await db.prisma.section.count(), before)
})

t.test('public list: top level in menu order (position, then slug), a level below a parent, paging', async (t) => {
  const top = await get('/v1/sections')
  t.equal(top.statusCode, 200)
  t.same(
    top.json().data.map((s: Section) => s.slug),
    ['thoi-su', 'xay-dung-dang', 'kinh-te'],
  )
  t.match(top.json().data[1], { id: party.id, name: 'Xây dựng Đảng', parentId: null, position: 1, childCount: 2 })
  t.same(top.json().meta, { page: 1, limit: 20, total: 3, totalPages: 1, nextCursor: null })
  const below = (await get('/v1/sections?parent=xay-dung-dang')).json()
  t.same(
    below.data.map((s: Section) => s.slug),
    ['to-chuc-can-bo', 'cong-tac-kiem-tra'],
    'position 0 before position 1',
  )
  t.equal((await get('/v1/sections?parent=khong-co')).statusCode, 404)
  const first = await get('/v1/sections?limit=2&cursor=')
  t.equal(first.statusCode, 400, 'an empty cursor is not a cursor')
  const page1 = (await get('/v1/sections?limit=2&page=1')).json()
  t.equal(page1.meta.totalPages, 2)
  const c1 = await get(`/v1/sections?limit=2`)
  const next = c1.json().meta.nextCursor
  t.ok(next)
  const c2 = (await get(`/v1/sections?limit=2&cursor=${next}`)).json()
  t.same(
    c2.data.map((s: Section) => s.slug),
    ['kinh-te'],
  )
  t.equal(c2.meta.nextCursor, null)
  t.equal((await get('/v1/sections?cursor=WyJ4Il0')).statusCode, 400, 'a cursor of another list')
})

t.test('public tree and detail: nesting, breadcrumbs, children; tree with paging is 400', async (t) => {
  const tree = (await get('/v1/sections?tree=true')).json()
  t.equal(tree.meta.total, 6)
  const partyNode = tree.data.find((s: Section) => s.id === party.id)
  t.same(
    partyNode.children.map((s: Section & { children: Section[] }) => [s.slug, s.children.map((c) => c.slug)]),
    [
      ['to-chuc-can-bo', ['sinh-hoat-chi-bo']],
      ['cong-tac-kiem-tra', []],
    ],
  )
  const sub = (await get('/v1/sections?tree=true&parent=xay-dung-dang')).json()
  t.same(
    sub.data.map((s: Section) => s.slug),
    ['to-chuc-can-bo', 'cong-tac-kiem-tra'],
  )
  t.equal((await get('/v1/sections?tree=true&limit=5')).statusCode, 400)
  const detail = await get('/v1/sections/sinh-hoat-chi-bo')
  t.equal(detail.statusCode, 200)
  t.same(
    detail.json().ancestors.map((s: Section) => s.slug),
    ['xay-dung-dang', 'to-chuc-can-bo'],
  )
  t.same(detail.json().children, [])
  t.match(detail.headers['surrogate-key'], new RegExp(`section-${party.id}`))
  t.same(
    (await get('/v1/sections/xay-dung-dang')).json().children.map((s: Section) => s.slug),
    ['to-chuc-can-bo', 'cong-tac-kiem-tra'],
  )
  t.equal((await get('/v1/sections/khong-co')).statusCode, 404)
  t.equal((await get('/v1/sections/KHONG HOP LE')).statusCode, 400)
})

t.test('moves: under itself or a descendant is 409; a real move carries the subtree', async (t) => {
  t.equal((await send('PATCH', `/v1/admin/sections/${party.id}`, { parentId: party.id })).statusCode, 409)
  const cycle = await send('PATCH', `/v1/admin/sections/${party.id}`, { parentId: cells.id })
  t.equal(cycle.statusCode, 409)
  t.match(cycle.headers['content-type'], /problem\+json/)
  t.equal((await send('PATCH', `/v1/admin/sections/${party.id}`, { parentId: MISSING })).statusCode, 400)
  const moved = await send('PATCH', `/v1/admin/sections/${cadres.id}`, { parentId: news.id })
  t.equal(moved.statusCode, 200)
  t.same(
    (await get('/v1/sections/sinh-hoat-chi-bo')).json().ancestors.map((s: Section) => s.slug),
    ['thoi-su', 'to-chuc-can-bo'],
    'the grandchild follows',
  )
  t.equal(await db.prisma.sectionClosure.count({ where: { ancestorId: party.id, descendantId: cells.id } }), 0, 'old links gone')
  // and back, for the tests below
  t.equal((await send('PATCH', `/v1/admin/sections/${cadres.id}`, { parentId: party.id, position: 0 })).statusCode, 200)
  t.equal(await db.prisma.sectionClosure.count({ where: { ancestorId: party.id, descendantId: cells.id, depth: 2 } }), 1)
})

t.test('?section= is the section and everything below it, primary or not; unknown is 404', async (t) => {
  const inCells = await published({ sectionId: cells.id })
  const inEconomyAlsoInspection = await published({ sectionId: economy.id, sectionIds: [inspection.id] })
  const inNews = await published({ sectionId: news.id, featured: true })
  const slugs = async (url: string) => (await get(url)).json().data.map((a: { slug: string }) => a.slug)
  t.same((await slugs('/v1/articles?section=xay-dung-dang')).sort(), [inCells.slug, inEconomyAlsoInspection.slug].sort())
  t.same(await slugs('/v1/articles?section=to-chuc-can-bo'), [inCells.slug])
  t.same(await slugs('/v1/articles?section=kinh-te'), [inEconomyAlsoInspection.slug])
  t.same(await slugs('/v1/articles?section=thoi-su&featured=true'), [inNews.slug])
  t.same(await slugs('/v1/articles?section=xay-dung-dang&featured=true'), [])
  const paged = (await get('/v1/articles?section=xay-dung-dang&page=1')).json()
  t.equal(paged.meta.total, 2)
  const unknown = await get('/v1/articles?section=khong-co')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.headers['content-type'], /problem\+json/)
  t.equal((await get('/v1/articles?section=Sai Dạng')).statusCode, 400)
  t.equal((await get('/v1/articles?featured=maybe')).statusCode, 400)
  const item = (await get(`/v1/articles?section=kinh-te`)).json().data[0]
  t.same(item.section, { id: economy.id, slug: 'kinh-te', name: 'Kinh tế' }, 'the primary section')
})

t.test('delete: with children or articles 409, nothing removed; a leaf goes', async (t) => {
  const withChildren = await send('DELETE', `/v1/admin/sections/${party.id}`)
  t.equal(withChildren.statusCode, 409)
  t.match(withChildren.json(), { childCount: 2 })
  const withArticles = await send('DELETE', `/v1/admin/sections/${economy.id}`)
  t.equal(withArticles.statusCode, 409)
  t.match(withArticles.json(), { childCount: 0, articleCount: 1 })
  const asOther = await send('DELETE', `/v1/admin/sections/${inspection.id}`)
  t.equal(asOther.statusCode, 409, 'filed there as a secondary section')
  const leaf = await section({ name: 'Tạm thời', parentId: economy.id })
  t.equal((await send('DELETE', `/v1/admin/sections/${leaf.id}`)).statusCode, 204)
  t.equal(await db.prisma.sectionClosure.count({ where: { descendantId: leaf.id } }), 0)
  t.ok(await db.prisma.section.findUnique({ where: { id: party.id } }))
})

t.test('rename: a section.updated event with its key, audited; articles showing it change ETag and name', async (t) => {
  const article = await published({ sectionId: inspection.id })
  const before = await get(`/v1/articles/${article.slug}`)
  t.match(before.headers['surrogate-key'], new RegExp(`section-${inspection.id}`))
  t.match(before.json().section, { name: 'Công tác kiểm tra' })
  const list = await get('/v1/articles?section=cong-tac-kiem-tra')
  t.match(list.headers['surrogate-key'], /(^| )articles( |$)/, 'a section change names `articles`, which every list carries')
  const res = await send('PATCH', `/v1/admin/sections/${inspection.id}`, { name: 'Kiểm tra, giám sát' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { slug: 'cong-tac-kiem-tra', name: 'Kiểm tra, giám sát' }, 'the slug stays unless given')
  const event = await db.prisma.event.findFirst({ where: { type: 'section.updated', entityId: inspection.id }, orderBy: { seq: 'desc' } })
  t.match(event, { entity: 'section', data: { id: inspection.id, slug: 'cong-tac-kiem-tra', name: 'Kiểm tra, giám sát' } })
  t.ok(event?.tags.includes(`section-${inspection.id}`))
  const audit = await db.prisma.auditEntry.findFirst({ where: { entity: 'section', entityId: inspection.id, action: 'update' } })
  t.match(audit?.changes, { name: ['Công tác kiểm tra', 'Kiểm tra, giám sát'] })
  const after = await get(`/v1/articles/${article.slug}`, { 'if-none-match': before.headers.etag as string })
  t.equal(after.statusCode, 200, 'the old ETag no longer matches')
  t.equal(after.json().section.name, 'Kiểm tra, giám sát')
})
