// Curated collections: the staff side (create, list, read with its ETag, reorder whole under
// If-Match, rename, delete) and the public read (the editors' order, only what is public now).
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { createArticle, createAuthor } from '../../fixtures/content.ts'
import { act, newDraft } from '../../fixtures/editorial.ts'

// fixtures write straight to the database, past the services' change feed: the response cache is
// off here, and tested at the end on an app of its own, with every change made through the API
const ctx = await build(t, { RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const MISSING = '00000000-0000-4000-8000-000000000000'
const HOUR = 3_600_000

type Headers = Record<string, string>
const send = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Headers = {}) =>
  app.inject({ method, url, headers: { ...editor.headers, ...headers }, ...(payload && { payload }) })
const create = async (payload: object) => {
  const res = await send('POST', '/v1/admin/collections', payload)
  if (res.statusCode !== 201) throw new Error(res.body)
  return { ...res.json(), etag: res.headers.etag as string }
}
const place = (id: string, articleIds: string[], etag?: string) =>
  send('PUT', `/v1/admin/collections/${id}/articles`, { articleIds }, etag === undefined ? {} : { 'if-match': etag })
const stateOf = async (id: string) => {
  const c = await db.prisma.collection.findUniqueOrThrow({ where: { id }, include: { items: { orderBy: { position: 'asc' } } } })
  const events = await db.prisma.event.count({ where: { entity: 'collection', entityId: id } })
  const audits = await db.prisma.auditEntry.count({ where: { entity: 'collection', entityId: id } })
  return { version: c.version, name: c.name, maxItems: c.maxItems, items: c.items.map((i) => i.articleId), events, audits }
}

const author = await createAuthor(db)
const published = await Promise.all(
  [1, 2, 3, 4].map((i) => createArticle(db, { title: `Bài công khai ${i}`, publishedAt: new Date(Date.now() - i * HOUR), authorIds: [author.id] })),
)
const draft = await createArticle(db, { status: 'draft', title: 'Bài nháp chờ đăng' })
const later = await createArticle(db, { status: 'scheduled', title: 'Bài hẹn giờ ngày mai' })
const archived = await createArticle(db, { status: 'archived', title: 'Bài đã lưu trữ' })
const takenDown = await createArticle(db, { title: 'Bài đã gỡ', unpublishAt: new Date(Date.now() - HOUR) })

t.test('create: a slug from the name, -2 on a clash, 409 for a given slug that is taken; maxItems 1..100, default 20', async (t) => {
  const res = await send('POST', '/v1/admin/collections', { name: '  Tiêu   điểm '.normalize('NFD') })
  t.equal(res.statusCode, 201)
  const c = res.json()
  t.match(c, { slug: 'tieu-diem', name: 'Tiêu điểm'.normalize('NFC'), maxItems: 20, itemCount: 0, version: 1, articleIds: [], articles: [] })
  t.equal(res.headers.etag, `"${c.id}:1"`)
  t.equal(res.headers.location, `/v1/admin/collections/${c.id}`)
  t.equal((await create({ name: 'Tiêu điểm' })).slug, 'tieu-diem-2')
  const taken = await send('POST', '/v1/admin/collections', { name: 'Khác', slug: 'tieu-diem' })
  t.equal(taken.statusCode, 409)
  t.equal(taken.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal((await create({ name: 'Tin nổi bật', slug: 'noi-bat', maxItems: 5 })).maxItems, 5)
  t.same(await stateOf(c.id), { version: 1, name: 'Tiêu điểm', maxItems: 20, items: [], events: 1, audits: 1 }, 'collection.created and its audit entry')
})

t.test('create: bad input is a 400 naming the field, and writes nothing', async (t) => {
  const before = await db.prisma.collection.count()
  const cases: Array<[object, string]> = [
    [{}, 'body/name'],
    [{ name: '   ' }, 'body/name'],
    [{ name: 'x'.repeat(201) }, 'body/name'],
    [{ name: 'A', maxItems: 0 }, 'body/maxItems'],
    [{ name: 'A', maxItems: 101 }, 'body/maxItems'],
    [{ name: 'A', maxItems: 2.5 }, 'body/maxItems'],
    [{ name: 'A', slug: 'Có Dấu' }, 'body/slug'],
    [{ name: 'A', articleIds: [] }, 'body/articleIds'],
  ]
  for (const [payload, path] of cases) {
    const res = await send('POST', '/v1/admin/collections', payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.ok(
      res.json().errors?.some((e: { path: string }) => e.path === path),
      `${JSON.stringify(payload)} names ${path}: ${JSON.stringify(res.json().errors)}`,
    )
  }
  t.equal(await db.prisma.collection.count(), before)
})

t.test('editors and admins only', async (t) => {
  const contributor = await tokenFor(ctx, 'contributor')
  const moderator = await tokenFor(ctx, 'moderator')
  const admin = await tokenFor(ctx, 'admin')
  t.equal((await app.inject({ method: 'GET', url: '/v1/admin/collections' })).statusCode, 401)
  for (const who of [contributor, moderator]) {
    t.equal((await app.inject({ method: 'GET', url: '/v1/admin/collections', headers: who.headers })).statusCode, 403)
    t.equal((await app.inject({ method: 'POST', url: '/v1/admin/collections', headers: who.headers, payload: { name: 'Không được' } })).statusCode, 403)
  }
  t.equal((await app.inject({ method: 'POST', url: '/v1/admin/collections', headers: admin.headers, payload: { name: 'Của quản trị' } })).statusCode, 201)
})

t.test('list: newest first, paged by number or cursor, with the Link header', async (t) => {
  const total = await db.prisma.collection.count()
  const first = await send('GET', '/v1/admin/collections?limit=2')
  t.equal(first.statusCode, 200)
  t.match(first.json().meta, { page: 1, limit: 2, total, totalPages: Math.ceil(total / 2) })
  t.match(first.headers.link, /page=2/)
  const seen: string[] = []
  let cursor = ''
  let pages = 0
  for (;;) {
    const page = (await send('GET', `/v1/admin/collections?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json()
    pages++
    seen.push(...page.data.map((c: { id: string }) => c.id))
    if (!page.meta.nextCursor) break
    cursor = page.meta.nextCursor
  }
  t.ok(pages > 1, 'more than one page')
  t.equal(seen.length, total)
  t.equal(new Set(seen).size, total, 'every collection once')
  t.equal((await send('GET', '/v1/admin/collections?cursor=nope')).statusCode, 400)
})

t.test('PUT articles: the whole order at once, under If-Match; drafts may be placed; GET shows which are public', async (t) => {
  const c = await create({ name: 'Trang nhất', maxItems: 6 })
  const order = [published[2]!.id, draft.id, published[0]!.id, later.id]
  const res = await place(c.id, order, c.etag)
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, `"${c.id}:2"`)
  t.same(res.json().articleIds, order)
  t.same(
    res.json().articles.map((a: { id: string; status: string; publicNow: boolean }) => [a.id, a.status, a.publicNow]),
    [
      [published[2]!.id, 'published', true],
      [draft.id, 'draft', false],
      [published[0]!.id, 'published', true],
      [later.id, 'scheduled', false],
    ],
  )
  const read = await send('GET', `/v1/admin/collections/${c.id}`)
  t.equal(read.headers.etag, `"${c.id}:2"`)
  t.same(read.json().articleIds, order)
  t.equal(read.json().itemCount, 4)
  t.equal(read.json().articles[0].title, 'Bài công khai 3')
  const event = await db.prisma.event.findFirstOrThrow({ where: { entity: 'collection', entityId: c.id, type: 'collection.updated' } })
  t.same(event.data, { id: c.id, slug: 'trang-nhat', name: 'Trang nhất', version: 2, articleIds: order })
  t.same(event.tags, [`collection-${c.id}`])
  const audit = await db.prisma.auditEntry.findFirstOrThrow({ where: { entity: 'collection', entityId: c.id, action: 'update' } })
  t.same((audit.changes as Record<string, unknown>).articleIds, [[], order])
  // a reorder, and emptying it
  t.same((await place(c.id, [published[0]!.id, published[2]!.id], read.headers.etag as string)).json().articleIds, [published[0]!.id, published[2]!.id])
  t.same((await place(c.id, [], `"${c.id}:3"`)).json(), { ...(await send('GET', `/v1/admin/collections/${c.id}`)).json() })
  t.equal((await stateOf(c.id)).items.length, 0)
  t.equal((await send('GET', `/v1/admin/collections/${MISSING}`)).statusCode, 404)
  t.equal((await place(MISSING, [], `"${MISSING}:1"`)).statusCode, 404)
})

t.test('PUT articles: refused orders change nothing', async (t) => {
  const c = await create({ name: 'Bị từ chối', maxItems: 3 })
  const ok = await place(c.id, [published[0]!.id], c.etag)
  const etag = ok.headers.etag as string
  const before = await stateOf(c.id)
  const cases: Array<[string, { ids: string[]; etag?: string }, number, RegExp?]> = [
    ['no If-Match', { ids: [published[1]!.id] }, 428],
    ['a stale If-Match', { ids: [published[1]!.id], etag: c.etag }, 412],
    ['another resource’s ETag', { ids: [published[1]!.id], etag: `"${MISSING}:2"` }, 412],
    ['an unknown article', { ids: [published[1]!.id, MISSING], etag }, 400, new RegExp(MISSING)],
    ['an id twice', { ids: [published[1]!.id, published[2]!.id, published[1]!.id], etag }, 400, /duplicate/],
    ['an id twice, in another case', { ids: [published[1]!.id, published[1]!.id.toUpperCase()], etag }, 400, /duplicate/],
    ['more than maxItems', { ids: published.map((a) => a.id), etag }, 400, /maxItems|more than 3/],
    ['not a uuid', { ids: ['bai-viet'], etag }, 400],
  ]
  for (const [what, { ids, etag: sent }, status, detail] of cases) {
    const res = await place(c.id, ids, sent)
    t.equal(res.statusCode, status, what)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', what)
    if (detail) t.match(JSON.stringify(res.json()), detail, `${what}: ${res.body}`)
  }
  const unknown = (await place(c.id, [published[1]!.id, MISSING], etag)).json()
  t.same(unknown.errors, [{ path: 'body/articleIds/1', message: `unknown article ${MISSING}` }], 'the unknown id is named with its place')
  t.same(await stateOf(c.id), before, 'no item, version, event or audit entry written')
})

t.test('two PUTs with the same If-Match: one wins, the other is a 412, and the winner’s order stands', async (t) => {
  const c = await create({ name: 'Tranh nhau' })
  const a = [published[0]!.id, published[1]!.id]
  const b = [published[3]!.id, published[2]!.id, published[1]!.id]
  const results = await Promise.all([place(c.id, a, c.etag), place(c.id, b, c.etag)])
  t.same(results.map((r) => r.statusCode).sort(), [200, 412])
  const winner = results.find((r) => r.statusCode === 200)!.json().articleIds
  t.same((await stateOf(c.id)).items, winner)
  t.equal((await stateOf(c.id)).version, 2)
})

t.test('PATCH: rename, resize (not below what it holds: 409), If-Match when sent; DELETE', async (t) => {
  const c = await create({ name: 'Đổi tên', maxItems: 5 })
  const placed = await place(c.id, [published[0]!.id, published[1]!.id, published[2]!.id], c.etag)
  const renamed = await send('PATCH', `/v1/admin/collections/${c.id}`, { name: 'Tên mới', maxItems: 3 }, { 'if-match': placed.headers.etag as string })
  t.equal(renamed.statusCode, 200)
  t.match(renamed.json(), { name: 'Tên mới', slug: 'doi-ten', maxItems: 3, version: 3, itemCount: 3 })
  t.equal(renamed.headers.etag, `"${c.id}:3"`)
  const before = await stateOf(c.id)
  const tooSmall = await send('PATCH', `/v1/admin/collections/${c.id}`, { maxItems: 2 })
  t.equal(tooSmall.statusCode, 409)
  t.equal(tooSmall.json().itemCount, 3)
  t.equal((await send('PATCH', `/v1/admin/collections/${c.id}`, { name: 'Cũ' }, { 'if-match': placed.headers.etag as string })).statusCode, 412)
  t.equal((await send('PATCH', `/v1/admin/collections/${c.id}`, { slug: 'tieu-diem' })).statusCode, 409, 'a slug that is taken')
  t.equal((await send('PATCH', `/v1/admin/collections/${c.id}`, {})).statusCode, 400)
  t.equal((await send('PATCH', `/v1/admin/collections/${c.id}`, { maxItems: 101 })).statusCode, 400)
  t.same(await stateOf(c.id), before, 'refused changes write nothing')
  t.equal((await send('PATCH', `/v1/admin/collections/${c.id}`, { slug: 'doi-ten-moi' })).json().slug, 'doi-ten-moi')

  t.equal((await send('DELETE', `/v1/admin/collections/${c.id}`, undefined, { 'if-match': placed.headers.etag as string })).statusCode, 412)
  t.equal((await send('DELETE', `/v1/admin/collections/${c.id}`)).statusCode, 204)
  t.equal((await send('GET', `/v1/admin/collections/${c.id}`)).statusCode, 404)
  t.equal((await app.inject('/v1/collections/doi-ten-moi')).statusCode, 404)
  t.equal(await db.prisma.article.count({ where: { id: { in: [published[0]!.id, published[1]!.id] } } }), 2, 'its articles stay')
  t.equal(await db.prisma.event.count({ where: { entityId: c.id, type: 'collection.deleted' } }), 1)
  t.equal((await send('DELETE', `/v1/admin/collections/${c.id}`)).statusCode, 404)
})

t.test('public: the editors’ order, as list items, without what is not public now', async (t) => {
  const c = await create({ name: 'Tiêu điểm tuần', slug: 'tieu-diem-tuan' })
  const order = [draft.id, published[3]!.id, archived.id, published[0]!.id, later.id, takenDown.id, published[1]!.id]
  t.equal((await place(c.id, order, c.etag)).statusCode, 200)
  const res = await app.inject('/v1/collections/tieu-diem-tuan')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(Object.keys(body).sort(), ['articles', 'id', 'name', 'slug'])
  t.match(body, { id: c.id, slug: 'tieu-diem-tuan', name: 'Tiêu điểm tuần' })
  t.same(
    body.articles.map((a: { id: string }) => a.id),
    [published[3]!.id, published[0]!.id, published[1]!.id],
    'drafts, scheduled, archived and taken-down ones drop out',
  )
  // exactly the public list's item
  const listed = (await app.inject(`/v1/articles?author=${author.slug}&limit=100`)).json().data
  t.same(
    body.articles[1],
    listed.find((a: { id: string }) => a.id === published[0]!.id),
  )
  const keys = String(res.headers['surrogate-key']).split(' ')
  for (const key of [`collection-${c.id}`, 'articles', `article-${published[3]!.id}`]) t.ok(keys.includes(key), key)
  t.notOk(keys.includes(`author-${author.id}`), 'a byline change names `articles` itself')
  t.notOk(keys.includes(`article-${draft.id}`), 'a hidden article is not shown, so not named')
  const etag = res.headers.etag as string
  t.match(etag, /^W\/"/)
  t.equal((await app.inject({ url: '/v1/collections/tieu-diem-tuan', headers: { 'if-none-match': etag } })).statusCode, 304)
  // the draft goes public: the representation (and its ETag) changes
  await db.prisma.article.update({ where: { id: draft.id }, data: { status: 'published', publishedAt: new Date(Date.now() - HOUR) } })
  const after = await app.inject({ url: '/v1/collections/tieu-diem-tuan', headers: { 'if-none-match': etag } })
  t.equal(after.statusCode, 200)
  t.equal(after.json().articles[0].id, draft.id)
  await db.prisma.article.update({ where: { id: draft.id }, data: { status: 'draft', publishedAt: null } })

  const empty = await create({ name: 'Trống' })
  t.same((await app.inject(`/v1/collections/${empty.slug}`)).json(), { id: empty.id, slug: 'trong', name: 'Trống', articles: [] })
  t.equal((await app.inject('/v1/collections/khong-co')).statusCode, 404)
  t.equal((await app.inject('/v1/collections/Có Dấu')).statusCode, 400)
})

t.test('with the response cache on: an article change reaches a cached collection through its keys', async (t) => {
  const cached = await build(t, { CAPTCHA: 'off' })
  await cached.app.ready()
  const ed = await tokenFor(cached, 'editor')
  const by = (await cached.app.inject({ method: 'POST', url: '/v1/admin/authors', headers: ed.headers, payload: { name: 'Phóng viên' } })).json()
  const one = await newDraft(cached.app, ed.headers, { authorIds: [by.id], title: 'Bài một' })
  const two = await newDraft(cached.app, ed.headers, { authorIds: [by.id], title: 'Bài hai' })
  t.equal((await act(cached.app, ed.headers, one.id, 'publish')).statusCode, 200)
  const c = (await cached.app.inject({ method: 'POST', url: '/v1/admin/collections', headers: ed.headers, payload: { name: 'Nóng' } })).json()
  await cached.app.inject({
    method: 'PUT',
    url: `/v1/admin/collections/${c.id}/articles`,
    headers: { ...ed.headers, 'if-match': `"${c.id}:1"` },
    payload: { articleIds: [two.id, one.id] },
  })
  const get = () => cached.app.inject('/v1/collections/nong')
  const first = await get()
  t.equal(first.headers['x-cache'], 'miss')
  t.same(
    first.json().articles.map((a: { title: string }) => a.title),
    ['Bài một'],
  )
  t.equal((await get()).headers['x-cache'], 'hit')
  t.equal((await act(cached.app, ed.headers, two.id, 'publish')).statusCode, 200, 'the hidden draft is published')
  const published = await get()
  t.equal(published.headers['x-cache'], 'miss', 'dropped by the article change')
  t.same(
    published.json().articles.map((a: { title: string }) => a.title),
    ['Bài hai', 'Bài một'],
  )
  const current = (await cached.app.inject({ url: `/v1/admin/articles/${one.id}`, headers: ed.headers })).headers.etag as string
  await cached.app.inject({
    method: 'PATCH',
    url: `/v1/admin/articles/${one.id}`,
    headers: { ...ed.headers, 'if-match': current },
    payload: { title: 'Bài một, sửa' },
  })
  t.same(
    (await get()).json().articles.map((a: { title: string }) => a.title),
    ['Bài hai', 'Bài một, sửa'],
  )
  await cached.app.inject({ method: 'PATCH', url: `/v1/admin/collections/${c.id}`, headers: ed.headers, payload: { name: 'Nóng hổi' } })
  t.equal((await get()).json().name, 'Nóng hổi', 'a collection change drops it too')
})
