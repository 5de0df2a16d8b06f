// Tags: made on the fly by article writes with the folded slug as identity, refused when their
// names are bad, never duplicated by concurrent writers; renamed, merged and deleted by editors;
// listed publicly with a folded-prefix search; `?tag=` on the article list.
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'

const ctx = await build(t, { RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const contributor = await tokenFor(ctx, 'contributor')
const author = await newAuthor(app, editor.headers)
const MISSING = '00000000-0000-4000-8000-000000000000'

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = editor.headers) =>
  app.inject({ method, url, headers, ...(payload && { payload }) })
type Ref = { id: string; slug: string; name: string }
const article = (body: Record<string, unknown>) =>
  send('POST', '/v1/admin/articles', { title: 'Bài có thẻ', lead: 'Sa-pô.', body: '<p>Nội dung.</p>', authorIds: [author.id], organizationIds: [], ...body })
async function published(tags: string[]) {
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], tags })
  const res = await act(app, editor.headers, draft.id, 'publish')
  if (res.statusCode !== 200) throw new Error(res.body)
  return res.json() as { id: string; slug: string; tags: Ref[] }
}

t.test('one tag per folded slug, the first spelling is its name, order kept', async (t) => {
  const res = await article({
    tags: ['Chuyển đổi số', 'chuyen doi so', 'CHUYỂN ĐỔI SỐ', ' Nghị  quyết 57 '.normalize('NFD'), 'Chuyển đổi số'.normalize('NFD')],
  })
  t.equal(res.statusCode, 201)
  t.same(
    res.json().tags.map((x: Ref) => [x.slug, x.name]),
    [
      ['chuyen-doi-so', 'Chuyển đổi số'],
      ['nghi-quyet-57', 'Nghị quyết 57'],
    ],
  )
  const later = await article({ tags: ['CHUYỂN ĐỔI SỐ'] })
  t.same(later.json().tags[0], res.json().tags[0], 'an existing tag is reused, its name unchanged')
  t.equal(await db.prisma.tag.count({ where: { slug: 'chuyen-doi-so' } }), 1)
  const patched = await send('PATCH', `/v1/admin/articles/${later.json().id}`, { tags: [] }, { ...editor.headers, 'if-match': later.headers.etag as string })
  t.equal(patched.statusCode, 200)
  t.same(patched.json().tags, [])
})

t.test('bad names: 400 problem+json naming the item, nothing written', async (t) => {
  const articles = await db.prisma.article.count()
  const tags = await db.prisma.tag.count()
  const cases: Array<[string[], string]> = [
    [['x'.repeat(1000)], 'body/tags/0'],
    [['Hợp lệ', 'ư'.repeat(101)], 'body/tags/1'],
    [['!!! ... ---'], 'body/tags/0'],
    [['\u200b\u2060\u00ad\ufeff'], 'body/tags/0'],
    [['Tốt', '\u0000\u0007'], 'body/tags/1'],
    [[''], 'body/tags/0'],
    [['  '], 'body/tags/0'],
  ]
  for (const [names, path] of cases) {
    const res = await article({ tags: names })
    t.equal(res.statusCode, 400, JSON.stringify(names).slice(0, 40))
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `names ${path}`,
    )
  }
  t.equal((await article({ tags: Array.from({ length: 21 }, (_, i) => `Thẻ ${i}`) })).statusCode, 400, 'at most 20 tags')
  t.equal((await article({ tags: 'Chuyển đổi số' })).statusCode, 400, 'a list, not a string')
  t.equal(await db.prisma.article.count(), articles)
  t.equal(await db.prisma.tag.count(), tags, 'no tag left behind by a refused write')
  const hidden = await article({ tags: ['Kinh\u200b tế số'] })
  t.equal(hidden.json().tags[0].name, 'Kinh tế số', 'invisible characters are dropped, not kept')
})

t.test('concurrent writers naming the same new tags: one row each, no error', async (t) => {
  const names = ['Đô thị thông minh', 'Năng lượng tái tạo', 'Kinh tế tuần hoàn']
  const results = await Promise.all(
    Array.from({ length: 12 }, (_, i) => article({ tags: i % 2 ? [...names].reverse() : names.map((n) => (i % 3 ? n.toUpperCase() : n)) })),
  )
  t.same(
    results.map((r) => r.statusCode),
    Array(12).fill(201),
  )
  for (const slug of ['do-thi-thong-minh', 'nang-luong-tai-tao', 'kinh-te-tuan-hoan']) t.equal(await db.prisma.tag.count({ where: { slug } }), 1, slug)
  const ids = new Set(results.flatMap((r) => r.json().tags.map((x: Ref) => x.id)))
  t.equal(ids.size, 3)
})

t.test('public list: tags of public articles only, articleCount, folded prefix search, paging', async (t) => {
  const a = await published(['Cải cách hành chính', 'Chuyển đổi số'])
  await published(['Cải cách hành chính'])
  await newDraft(app, editor.headers, { authorIds: [author.id], tags: ['Bí mật chưa đăng'] })
  const list = (await get('/v1/tags')).json()
  const bySlug = Object.fromEntries(list.data.map((x: Ref & { articleCount: number }) => [x.slug, x.articleCount]))
  t.equal(bySlug['cai-cach-hanh-chinh'], 2)
  t.equal(bySlug['chuyen-doi-so'], 1, 'drafts do not count')
  t.notOk('bi-mat-chua-dang' in bySlug, 'a tag only drafts carry is not shown')
  t.equal((await get('/v1/tags/bi-mat-chua-dang')).statusCode, 404)
  for (const q of ['chuyen', 'Chuyển', 'CHUYEN DOI', 'chuyển đổi số'.normalize('NFD')]) {
    const found = (await get(`/v1/tags?q=${encodeURIComponent(q)}`)).json().data.map((x: Ref) => x.slug)
    t.same(found, ['chuyen-doi-so'], q)
  }
  t.same((await get('/v1/tags?q=doi')).json().data, [], 'a prefix, not a substring')
  const paged = (await get('/v1/tags?limit=1&page=1')).json()
  t.same(paged.meta, { page: 1, limit: 1, total: 2, totalPages: 2, nextCursor: paged.meta.nextCursor })
  const first = await get('/v1/tags?limit=1')
  const second = (await get(`/v1/tags?limit=1&cursor=${first.json().meta.nextCursor}`)).json()
  t.same(
    second.data.map((x: Ref) => x.slug),
    ['chuyen-doi-so'],
  )
  t.equal((await get('/v1/tags?sort=name')).statusCode, 400)
  const one = await get('/v1/tags/chuyen-doi-so')
  t.match(one.json(), { slug: 'chuyen-doi-so', name: 'Chuyển đổi số', articleCount: 1 })
  t.match(one.headers['surrogate-key'], new RegExp(`tag-${a.tags[1]!.id}`))
})

t.test('the prefix search is served by an index', async (t) => {
  const plan = await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off')
    return tx.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN SELECT id FROM "Tag" t WHERE t.slug LIKE 'chuyen%'`)
  })
  const text = plan.map((r) => r['QUERY PLAN']).join('\n')
  t.match(text, /Tag_slug_(prefix_idx|key)/, text)
  t.notMatch(text, /Seq Scan/)
})

t.test('?tag=a,b: articles carrying all of them; unknown 404; more than 5 or a bad form 400', async (t) => {
  const both = await published(['Biển đảo', 'Quốc phòng'])
  const one = await published(['Biển đảo'])
  const slugs = async (url: string) => (await get(url)).json().data.map((a: { slug: string }) => a.slug)
  t.same(await slugs('/v1/articles?tag=bien-dao,quoc-phong'), [both.slug])
  t.same(await slugs('/v1/articles?tag=bien-dao'), [one.slug, both.slug])
  t.same(await slugs('/v1/articles?tag=bien-dao,bien-dao'), [one.slug, both.slug], 'a repeated slug counts once')
  const item = (await get('/v1/articles?tag=quoc-phong')).json().data[0]
  t.same(
    item.tags.map((x: Ref) => x.name),
    ['Biển đảo', 'Quốc phòng'],
  )
  const res = await get('/v1/articles?tag=quoc-phong')
  t.match(res.headers['surrogate-key'], new RegExp(`article-${both.id}`))
  t.equal((await get('/v1/articles?tag=bien-dao,khong-co')).statusCode, 404)
  t.equal((await get('/v1/articles?tag=a,b,c,d,e,f')).statusCode, 400)
  t.equal((await get('/v1/articles?tag=Biển')).statusCode, 400)
  t.equal((await get('/v1/articles?tag=a,,b')).statusCode, 400)
  t.equal((await get('/v1/articles?tag=bien-dao&page=1')).json().meta.total, 2)
})

t.test('rename: slug follows the name, 409 onto another tag, articles show it with a new ETag', async (t) => {
  const a = await published(['An sinh xã hội', 'Giảm nghèo'])
  const [social, poverty] = a.tags as [Ref, Ref]
  const before = await get(`/v1/articles/${a.slug}`)
  const res = await send('PATCH', `/v1/admin/tags/${social.id}`, { name: 'An sinh – phúc lợi' })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { id: social.id, slug: 'an-sinh-phuc-loi', name: 'An sinh – phúc lợi' })
  const after = await get(`/v1/articles/${a.slug}`, { 'if-none-match': before.headers.etag as string })
  t.equal(after.statusCode, 200)
  t.equal(after.json().tags[0].name, 'An sinh – phúc lợi')
  const spelling = await send('PATCH', `/v1/admin/tags/${poverty.id}`, { name: 'GIẢM NGHÈO' })
  t.equal(spelling.json().slug, 'giam-ngheo', 'a new spelling of the same slug is fine')
  const clash = await send('PATCH', `/v1/admin/tags/${poverty.id}`, { name: 'an sinh phuc loi' })
  t.equal(clash.statusCode, 409)
  t.match(clash.json(), { tagId: social.id })
  t.equal((await send('PATCH', `/v1/admin/tags/${poverty.id}`, { name: '***' })).statusCode, 400)
  t.equal((await send('PATCH', `/v1/admin/tags/${poverty.id}`, { name: 'x'.repeat(101) })).statusCode, 400)
  t.equal((await send('PATCH', `/v1/admin/tags/${poverty.id}`, { name: 'A', mergeInto: social.id })).statusCode, 400)
  t.equal((await send('PATCH', `/v1/admin/tags/${MISSING}`, { name: 'Không có' })).statusCode, 404)
  t.equal((await send('PATCH', `/v1/admin/tags/${poverty.id}`, { name: 'Khác' }, contributor.headers)).statusCode, 403)
  const event = await db.prisma.event.findFirst({ where: { type: 'tag.updated', entityId: social.id } })
  t.ok(event?.tags.includes(`tag-${social.id}`))
})

t.test('merge: links move (one per article), the source is gone, in one transaction', async (t) => {
  const onlySource = await published(['Nông thôn mới'])
  const both = await published(['Nông thôn mới', 'Tam nông'])
  const source = onlySource.tags[0]!
  const target = both.tags[1]!
  t.equal((await send('PATCH', `/v1/admin/tags/${source.id}`, { mergeInto: source.id })).statusCode, 400)
  t.equal((await send('PATCH', `/v1/admin/tags/${source.id}`, { mergeInto: MISSING })).statusCode, 404)
  t.ok(await db.prisma.tag.findUnique({ where: { id: source.id } }), 'a failed merge changes nothing')
  const res = await send('PATCH', `/v1/admin/tags/${source.id}`, { mergeInto: target.id })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { id: target.id, slug: 'tam-nong' })
  t.notOk(await db.prisma.tag.findUnique({ where: { id: source.id } }))
  t.same((await get(`/v1/articles/${onlySource.slug}`)).json().tags, [target])
  t.same((await get(`/v1/articles/${both.slug}`)).json().tags, [target], 'no duplicate link')
  t.equal((await get('/v1/tags/tam-nong')).json().articleCount, 2)
  t.equal((await get('/v1/tags/nong-thon-moi')).statusCode, 404)
  const event = await db.prisma.event.findFirst({ where: { type: 'tag.deleted', entityId: source.id } })
  t.match(event?.data, { mergedInto: target.id })
})

t.test('delete: the tag leaves its articles; 404 after; editors only', async (t) => {
  const a = await published(['Tạm thời', 'Giữ lại'])
  const [gone, kept] = a.tags as [Ref, Ref]
  t.equal((await send('DELETE', `/v1/admin/tags/${gone.id}`, undefined, contributor.headers)).statusCode, 403)
  t.equal((await send('DELETE', `/v1/admin/tags/${gone.id}`)).statusCode, 204)
  t.equal((await send('DELETE', `/v1/admin/tags/${gone.id}`)).statusCode, 404)
  t.same((await get(`/v1/articles/${a.slug}`)).json().tags, [kept])
  const audit = await db.prisma.auditEntry.findFirst({ where: { entity: 'tag', entityId: gone.id, action: 'delete' } })
  t.ok(audit)
})

t.test('a merge racing article writes that name both tags: no 500, no link to the merged tag left', async (t) => {
  const first = await article({ tags: ['Đường tỉnh 12', 'Giao thông nông thôn'] })
  const [source, target] = first.json().tags as [Ref, Ref]
  const results = await Promise.all([
    ...Array.from({ length: 6 }, (_, i) => article({ tags: i % 2 ? ['Giao thông nông thôn', 'Đường tỉnh 12'] : ['Đường tỉnh 12', 'Giao thông nông thôn'] })),
    send('PATCH', `/v1/admin/tags/${source.id}`, { mergeInto: target.id }),
  ])
  for (const r of results) t.ok([200, 201, 409].includes(r.statusCode), `${r.statusCode} ${r.statusCode >= 400 ? r.body : ''}`)
  t.equal(results.at(-1)!.statusCode, 200, 'the merge went through')
  t.equal(await db.prisma.articleTag.count({ where: { tagId: source.id } }), 0)
  // a write after the merge made the name anew: then it is a fresh tag, never the deleted one
  const again = await db.prisma.tag.findUnique({ where: { slug: 'duong-tinh-12' } })
  t.not(again?.id, source.id)
})
