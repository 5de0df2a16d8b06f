import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { newAuthor, newDraft, newOrganization } from '../../fixtures/editorial.ts'

const ctx = await build(t)
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const MISSING = '00000000-0000-4000-8000-000000000000'

const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: editor.headers, ...(payload && { payload }) })

t.test('authors: create with a slug from the name; clashes get -2; NFC; optional fields', async (t) => {
  const res = await send('POST', '/v1/admin/authors', { name: '  Nguyễn   Thu Hà '.normalize('NFD'), bio: 'Phóng viên.', avatarUrl: 'https://anh.vn/ha.jpg' })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { slug: 'nguyen-thu-ha', name: 'Nguyễn Thu Hà', bio: 'Phóng viên.', avatarUrl: 'https://anh.vn/ha.jpg' })
  t.equal(res.json().name, 'Nguyễn Thu Hà'.normalize('NFC'))
  const twin = (await send('POST', '/v1/admin/authors', { name: 'Nguyễn Thu Hà' })).json()
  t.match(twin, { slug: 'nguyen-thu-ha-2', bio: null, avatarUrl: null })
  t.equal((await send('POST', '/v1/admin/authors', { name: 'Ai đó', slug: 'nguyen-thu-ha' })).statusCode, 409)
  t.equal((await send('POST', '/v1/admin/authors', { name: 'Ai đó', slug: 'ai-do-rieng' })).json().slug, 'ai-do-rieng')
})

t.test('authors: bad input is 400 naming the field', async (t) => {
  const cases: Array<[object, string]> = [
    [{}, 'body/name'],
    [{ name: '   ' }, 'body/name'],
    [{ name: 'x'.repeat(201) }, 'body/name'],
    [{ name: 'A', avatarUrl: 'javascript:alert(1)' }, 'body/avatarUrl'],
    [{ name: 'A', avatarUrl: 'ftp://anh.vn/a.jpg' }, 'body/avatarUrl'],
    [{ name: 'A', avatarUrl: 'không phải url' }, 'body/avatarUrl'],
    [{ name: 'A', bio: 1 }, 'body/bio'],
    [{ name: 'A', slug: 'Có Dấu' }, 'body/slug'],
    [{ name: 'A', email: 'x@y.vn' }, 'body/email'],
  ]
  const before = await db.prisma.author.count()
  for (const [payload, path] of cases) {
    const res = await send('POST', '/v1/admin/authors', payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `names ${path}`,
    )
  }
  t.equal(await db.prisma.author.count(), before)
})

t.test('authors: control characters never reach the database', async (t) => {
  const res = await send('POST', '/v1/admin/authors', { name: 'Tên\u0000 có NUL', bio: 'a\u0000b', avatarUrl: 'https://anh.vn/a\u0000.jpg' })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { name: 'Tên có NUL', bio: 'ab', avatarUrl: 'https://anh.vn/a.jpg' })
})

t.test('authors: update keeps the slug unless given; clear optional fields with null; 404s', async (t) => {
  const a = await newAuthor(app, editor.headers, { name: 'Lê Hoàng Phúc', bio: 'Cũ' })
  const res = await send('PATCH', `/v1/admin/authors/${a.id}`, { name: 'Lê Hoàng Phúc (KH&CN)', bio: null })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { slug: a.slug, name: 'Lê Hoàng Phúc (KH&CN)', bio: null })
  t.equal((await send('PATCH', `/v1/admin/authors/${a.id}`, { slug: 'hoang-phuc' })).json().slug, 'hoang-phuc')
  const other = await newAuthor(app, editor.headers)
  t.equal((await send('PATCH', `/v1/admin/authors/${other.id}`, { slug: 'hoang-phuc' })).statusCode, 409)
  t.equal((await send('PATCH', `/v1/admin/authors/${a.id}`, { slug: 'hoang-phuc' })).statusCode, 200, 'its own slug is not a clash')
  t.equal((await send('PATCH', `/v1/admin/authors/${MISSING}`, { name: 'X' })).statusCode, 404)
  t.equal((await send('PATCH', `/v1/admin/authors/${a.id}`, {})).statusCode, 400)
})

t.test('authors: deleting one with bylines is 409; without, 204 and a linked user is unlinked', async (t) => {
  const a = await newAuthor(app, editor.headers)
  const draft = await newDraft(app, editor.headers, { authorIds: [a.id] })
  const blocked = await send('DELETE', `/v1/admin/authors/${a.id}`)
  t.equal(blocked.statusCode, 409)
  t.match(blocked.json(), { articleCount: 1 })
  t.ok(await db.prisma.author.findUnique({ where: { id: a.id } }), 'still there')
  await db.prisma.article.delete({ where: { id: draft.id } })
  const writer = await tokenFor(ctx, 'contributor', { authorId: a.id })
  const res = await send('DELETE', `/v1/admin/authors/${a.id}`)
  t.equal(res.statusCode, 204)
  t.equal((await db.prisma.user.findUniqueOrThrow({ where: { id: writer.user.id } })).authorId, null)
  t.equal((await send('DELETE', `/v1/admin/authors/${a.id}`)).statusCode, 404)
})

async function closure() {
  const rows = await db.prisma.organizationClosure.findMany({ select: { ancestorId: true, descendantId: true, depth: true } })
  return new Set(rows.map((r) => `${r.ancestorId}>${r.descendantId}:${r.depth}`))
}

t.test('organizations: create under a parent keeps the closure table exact', async (t) => {
  const root = await newOrganization(app, editor.headers, { name: 'Đảng bộ tỉnh Hòa Bình Mới', kind: 'provincial_committee', shortName: ' Tỉnh ủy ' })
  t.match(root, { slug: 'dang-bo-tinh-hoa-binh-moi', parentId: null, shortName: 'Tỉnh ủy' })
  const bloc = await newOrganization(app, editor.headers, { kind: 'bloc_committee', parentId: root.id })
  const cell = await newOrganization(app, editor.headers, { parentId: bloc.id })
  const c = await closure()
  for (const edge of [`${root.id}>${root.id}:0`, `${root.id}>${bloc.id}:1`, `${root.id}>${cell.id}:2`, `${bloc.id}>${cell.id}:1`, `${cell.id}>${cell.id}:0`])
    t.ok(c.has(edge), edge)
  const unknown = await send('POST', '/v1/admin/organizations', { name: 'Mồ côi', kind: 'cell', parentId: MISSING })
  t.equal(unknown.statusCode, 400)
  t.same(unknown.json().errors, [{ path: 'body/parentId', message: `unknown organization ${MISSING}` }])
  for (const payload of [{ name: 'X' }, { name: 'X', kind: 'ministry' }, { name: 'X', kind: 'cell', parentId: 'abc' }, { name: 'X', kind: 'cell', extra: 1 }]) {
    t.equal((await send('POST', '/v1/admin/organizations', payload)).statusCode, 400, JSON.stringify(payload))
  }
})

t.test('organizations: moving a subtree rewrites the closure; a cycle is 409', async (t) => {
  const a = await newOrganization(app, editor.headers, { kind: 'provincial_committee' })
  const b = await newOrganization(app, editor.headers, { kind: 'bloc_committee', parentId: a.id })
  const c = await newOrganization(app, editor.headers, { parentId: b.id })
  const d = await newOrganization(app, editor.headers, { kind: 'provincial_committee' })
  for (const [target, parent, why] of [
    [a, c, 'under its grandchild'],
    [a, b, 'under its child'],
    [b, b, 'under itself'],
  ] as const) {
    const res = await send('PATCH', `/v1/admin/organizations/${target.id}`, { parentId: parent.id })
    t.equal(res.statusCode, 409, why)
  }
  const moved = await send('PATCH', `/v1/admin/organizations/${b.id}`, { parentId: d.id, name: 'Khối mới' })
  t.equal(moved.statusCode, 200)
  t.match(moved.json(), { parentId: d.id, name: 'Khối mới', slug: b.slug })
  const edges = await closure()
  t.ok(edges.has(`${d.id}>${c.id}:2`) && edges.has(`${d.id}>${b.id}:1`), 'under the new parent')
  t.notOk(edges.has(`${a.id}>${c.id}:2`) || edges.has(`${a.id}>${b.id}:1`), 'no longer under the old one')
  t.equal((await send('PATCH', `/v1/admin/organizations/${a.id}`, { parentId: c.id })).statusCode, 200, 'a is no longer above c: allowed now')
  const rooted = await send('PATCH', `/v1/admin/organizations/${a.id}`, { parentId: null })
  t.equal(rooted.json().parentId, null)
  t.equal(await db.prisma.organizationClosure.count({ where: { descendantId: a.id } }), 1, 'a root has only itself above')
  t.equal((await send('PATCH', `/v1/admin/organizations/${a.id}`, { parentId: MISSING })).statusCode, 400)
  t.equal((await send('PATCH', `/v1/admin/organizations/${MISSING}`, { name: 'X' })).statusCode, 404)
})

t.test('organizations: deleting one with children or articles is 409; a leaf goes', async (t) => {
  const parent = await newOrganization(app, editor.headers, { kind: 'bloc_committee' })
  const child = await newOrganization(app, editor.headers, { parentId: parent.id })
  const withChildren = await send('DELETE', `/v1/admin/organizations/${parent.id}`)
  t.equal(withChildren.statusCode, 409)
  t.match(withChildren.json(), { childCount: 1, articleCount: 0 })
  const author = await newAuthor(app, editor.headers)
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], organizationIds: [child.id] })
  const withArticles = await send('DELETE', `/v1/admin/organizations/${child.id}`)
  t.equal(withArticles.statusCode, 409)
  t.match(withArticles.json(), { childCount: 0, articleCount: 1 })
  await db.prisma.article.delete({ where: { id: draft.id } })
  t.equal((await send('DELETE', `/v1/admin/organizations/${child.id}`)).statusCode, 204)
  t.equal(await db.prisma.organizationClosure.count({ where: { OR: [{ ancestorId: child.id }, { descendantId: child.id }] } }), 0)
  t.equal((await send('DELETE', `/v1/admin/organizations/${parent.id}`)).statusCode, 204)
  t.equal((await send('DELETE', `/v1/admin/organizations/${parent.id}`)).statusCode, 404)
})

t.test('organizations: slugs like articles', async (t) => {
  const one = await newOrganization(app, editor.headers, { name: 'Chi bộ Phòng Chuyển đổi số' })
  const two = await newOrganization(app, editor.headers, { name: 'Chi bộ phòng chuyển đổi số' })
  t.equal(one.slug, 'chi-bo-phong-chuyen-doi-so')
  t.equal(two.slug, 'chi-bo-phong-chuyen-doi-so-2')
  t.equal((await send('PATCH', `/v1/admin/organizations/${two.id}`, { slug: one.slug })).statusCode, 409)
})
