import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft, newOrganization } from '../../fixtures/editorial.ts'

const ctx = await build(t)
const { app, db } = ctx
await app.ready()

const editor = await tokenFor(ctx, 'editor')
const admin = await tokenFor(ctx, 'admin')
const thuHa = await newAuthor(app, editor.headers, { name: 'Nguyễn Thu Hà' })
const minhDuc = await newAuthor(app, editor.headers, { name: 'Trần Minh Đức' })
const contributor = await tokenFor(ctx, 'contributor', { authorId: thuHa.id })
const otherContributor = await tokenFor(ctx, 'contributor', { authorId: minhDuc.id })
const tinh = await newOrganization(app, editor.headers, { name: 'Đảng bộ tỉnh Ngọc Lâm', kind: 'provincial_committee' })
const khoi = await newOrganization(app, editor.headers, { name: 'Đảng bộ Khối các Cơ quan', kind: 'bloc_committee', parentId: tinh.id })
const MISSING = '00000000-0000-4000-8000-000000000000'

const post = (payload: object, headers = editor.headers) => app.inject({ method: 'POST', url: '/v1/admin/articles', headers, payload })
const get = (id: string, headers = editor.headers) => app.inject({ url: `/v1/admin/articles/${id}`, headers })
const patch = (id: string, payload: object, ifMatch: string | undefined, headers = editor.headers) =>
  app.inject({ method: 'PATCH', url: `/v1/admin/articles/${id}`, headers: { ...headers, ...(ifMatch !== undefined && { 'if-match': ifMatch }) }, payload })
const valid = { title: 'Phát triển Đảng ở cơ sở', lead: 'Sa-pô.', body: '<p>Thân bài.</p>', authorIds: [thuHa.id, minhDuc.id], organizationIds: [khoi.id] }
const countArticles = () => db.prisma.article.count()

t.test('create: a 201 draft with slug, ordered bylines, ETag, Location, clean text and search columns', async (t) => {
  const res = await post({ ...valid, body: '<p onclick="x()">Thân <b>bài</b></p><script>alert(1)</script>', source: '  Báo   Ngọc Lâm ' })
  t.equal(res.statusCode, 201)
  const a = res.json()
  t.match(a, {
    slug: 'phat-trien-dang-o-co-so',
    title: 'Phát triển Đảng ở cơ sở',
    status: 'draft',
    version: 1,
    publishedAt: null,
    body: '<p>Thân <b>bài</b></p>',
    source: 'Báo Ngọc Lâm',
    commentsEnabled: true,
    rejectionReason: null,
    createdById: editor.user.id,
  })
  t.same(
    a.authors.map((x: { id: string }) => x.id),
    [thuHa.id, minhDuc.id],
    'byline order kept',
  )
  t.same(a.organizations, [{ id: khoi.id, slug: khoi.slug, name: khoi.name }])
  t.equal(res.headers.etag, `"${a.id}:1"`)
  t.equal(res.headers.location, `/v1/admin/articles/${a.id}`)
  t.equal(res.headers['cache-control'], 'no-store')
  const row = await db.prisma.article.findUniqueOrThrow({ where: { id: a.id } })
  t.equal(row.searchTitle, ' phat trien dang o co so ')
  t.equal(row.searchText, ' phat trien dang o co so sa po than bai ')
  // a second and third article of the same title take the next free slugs
  t.equal((await post(valid)).json().slug, 'phat-trien-dang-o-co-so-2')
  t.equal((await post({ ...valid, title: 'Phát triển ĐẢNG ở cơ sở!' })).json().slug, 'phat-trien-dang-o-co-so-3')
})

t.test('create: an NFD title is stored NFC; controls are dropped; a title of no letters still gets a slug', async (t) => {
  const nfd = 'Nghị quyết số 21-NQ/TW về củng cố tổ chức'.normalize('NFD')
  const a = (await post({ ...valid, title: `${nfd}\u0000`, lead: 'Sa-pô gõ kiểu tổ hợp.'.normalize('NFD') })).json()
  t.equal(a.title, 'Nghị quyết số 21-NQ/TW về củng cố tổ chức'.normalize('NFC'))
  t.not(a.title, nfd)
  t.equal(a.lead, 'Sa-pô gõ kiểu tổ hợp.'.normalize('NFC'))
  t.equal(a.slug, 'nghi-quyet-so-21-nq-tw-ve-cung-co-to-chuc')
  const row = await db.prisma.article.findUniqueOrThrow({ where: { id: a.id } })
  t.equal(row.title.normalize('NFC'), row.title)
  t.equal((await post({ ...valid, title: '“…”' })).json().slug, 'bai-viet')
  // 300 precomposed characters are within the limit even though their NFD form is longer
  const long = 'Ấ'.repeat(300)
  const ok = await post({ ...valid, title: long.normalize('NFD') })
  t.equal(ok.statusCode, 201)
  t.equal(ok.json().title, long)
})

t.test('create: a given slug is validated and must be free', async (t) => {
  const given = await post({ ...valid, slug: 'bai-rieng' })
  t.equal(given.statusCode, 201)
  t.equal(given.json().slug, 'bai-rieng')
  const taken = await post({ ...valid, slug: 'bai-rieng' })
  t.equal(taken.statusCode, 409)
  t.match(taken.json(), { status: 409, slug: 'bai-rieng' })
  for (const slug of ['Bai-Rieng', 'bài-riêng', '-x', 'x--y', 'x_y', '']) {
    const res = await post({ ...valid, slug })
    t.equal(res.statusCode, 400, `slug ${JSON.stringify(slug)}`)
    t.match(res.json().errors[0].path, /^body\/slug/)
  }
})

t.test('create: unknown author and organization ids are a 400 naming each; nothing is written', async (t) => {
  const before = await countArticles()
  const res = await post({ ...valid, authorIds: [thuHa.id, MISSING], organizationIds: ['11111111-1111-4111-8111-111111111111'] })
  t.equal(res.statusCode, 400)
  t.same(res.json().errors, [
    { path: 'body/authorIds/1', message: `unknown author ${MISSING}` },
    { path: 'body/organizationIds/0', message: 'unknown organization 11111111-1111-4111-8111-111111111111' },
  ])
  t.match(res.json().detail, MISSING)
  t.equal(await countArticles(), before)
})

t.test('create: bad input is a 400 with field errors, never a 500, nothing half-written', async (t) => {
  const before = await countArticles()
  const { title: _t, ...noTitle } = valid
  const { authorIds: _a, ...noAuthors } = valid
  const cases: Array<[string, object, string]> = [
    ['missing title', noTitle, 'body/title'],
    ['missing authorIds', noAuthors, 'body/authorIds'],
    ['title a number', { ...valid, title: 42 }, 'body/title'],
    ['authorIds not an array', { ...valid, authorIds: thuHa.id }, 'body/authorIds'],
    ['an author id that is no uuid', { ...valid, authorIds: ['abc'] }, 'body/authorIds/0'],
    ['the same author twice', { ...valid, authorIds: [thuHa.id, thuHa.id] }, 'body/authorIds'],
    ['an extra field', { ...valid, status: 'published' }, 'body/status'],
    ['commentsEnabled a string', { ...valid, commentsEnabled: 'yes' }, 'body/commentsEnabled'],
    ['a blank title', { ...valid, title: ' \t\u200b ' }, 'body/title'],
    ['a title over 300 characters', { ...valid, title: 'a'.repeat(301) }, 'body/title'],
    ['a lead over 1000 characters', { ...valid, lead: 'ư'.repeat(1001) }, 'body/lead'],
    ['a huge title', { ...valid, title: 'a'.repeat(5000) }, 'body/title'],
  ]
  for (const [name, payload, path] of cases) {
    const res = await post(payload)
    t.equal(res.statusCode, 400, name)
    t.match(res.headers['content-type'], /problem\+json/)
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `${name}: names ${path} in ${JSON.stringify(res.json().errors)}`,
    )
  }
  const notJson = await app.inject({
    method: 'POST',
    url: '/v1/admin/articles',
    headers: { ...editor.headers, 'content-type': 'application/json' },
    payload: '{"title":',
  })
  t.equal(notJson.statusCode, 400)
  t.equal(await countArticles(), before)
})

t.test('body limits: too deep, too much markup or too long once sanitised → 400 on POST and PATCH alike, nothing written', async (t) => {
  const before = await countArticles()
  const a = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  const cases: Array<[string, string, RegExp]> = [
    // the report's body: 498,000 characters, within the schema's maxLength, but 11.7 s to sanitise
    ['166,000 nested <b>', '<b>'.repeat(166_000), /more than 100 levels deep/],
    ['101 levels', `${'<div>'.repeat(101)}x`, /more than 100 levels deep/],
    ['10,001 elements', '<br>'.repeat(10_001), /more than 10000 elements and attributes/],
    ['stored form over 500,000 characters', `${'<b>'.repeat(100)}${'x'.repeat(499_700)}`, /500000 characters once sanitised/],
    ['over 500,000 characters once NFC', '\u0958'.repeat(250_001), /more than 500000 characters$/],
  ]
  for (const [name, body, message] of cases) {
    for (const [method, res] of [
      ['POST', await post({ ...valid, body })],
      ['PATCH', await patch(a.id, { body }, a.etag)],
    ] as const) {
      t.equal(res.statusCode, 400, `${method} ${name}`)
      t.match(res.headers['content-type'], /problem\+json/)
      t.match(res.json().errors, [{ path: 'body/body', message }], name)
    }
  }
  t.equal(await countArticles(), before + 1, 'only the draft of this test')
  t.equal((await get(a.id)).json().version, 1, 'the draft was not changed')
  const deep = `${'<b>'.repeat(100)}sâu${'</b>'.repeat(100)}`
  const ok = await post({ ...valid, body: deep })
  t.equal(ok.statusCode, 201, 'at the depth limit')
  t.equal(ok.json().body, deep)
  t.equal((await patch(a.id, { body: deep }, a.etag)).statusCode, 200)
})

t.test('read: the ETag names the version; unknown is 404, a bad id 400', async (t) => {
  const a = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  const res = await get(a.id)
  t.equal(res.statusCode, 200)
  t.equal(res.headers.etag, `"${a.id}:1"`)
  t.equal(res.json().body, '<p>Nội dung bài viết.</p>')
  t.equal((await get(MISSING)).statusCode, 404)
  t.equal((await get('not-a-uuid')).statusCode, 400)
})

t.test('PATCH: If-Match missing → 428, stale → 412, current → 200 with a new version and ETag', async (t) => {
  const a = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  const missing = await patch(a.id, { title: 'Mới' }, undefined)
  t.equal(missing.statusCode, 428)
  t.match(missing.json(), { status: 428, title: 'Precondition Required' })
  const ok = await patch(a.id, { title: 'Tiêu đề mới', body: '<p>Mới <iframe src="https://x"></iframe></p>' }, a.etag)
  t.equal(ok.statusCode, 200)
  t.match(ok.json(), { title: 'Tiêu đề mới', version: 2, body: '<p>Mới </p>', slug: a.slug, updatedById: editor.user.id })
  t.equal(ok.headers.etag, `"${a.id}:2"`)
  const stale = await patch(a.id, { title: 'Ghi đè' }, a.etag)
  t.equal(stale.statusCode, 412)
  t.match(stale.json(), { status: 412, currentVersion: 2 })
  t.equal((await get(a.id)).json().title, 'Tiêu đề mới', 'the stale write changed nothing')
  t.equal((await patch(a.id, { lead: 'x' }, `"${MISSING}:2"`)).statusCode, 412, "another article's ETag")
  t.equal((await patch(a.id, { lead: 'x' }, 'garbage')).statusCode, 412)
  const weak = await patch(a.id, { lead: 'Sa-pô mới' }, `W/"${a.id}:2"`)
  t.equal(weak.statusCode, 200, 'a weak form of the current ETag')
  t.equal(weak.json().version, 3)
  const row = await db.prisma.article.findUniqueOrThrow({ where: { id: a.id } })
  t.equal(row.searchTitle, ' tieu de moi ')
  t.match(row.searchText, / sa po moi moi $/)
})

t.test('PATCH: two writers with the same ETag: one wins, the other gets 412', async (t) => {
  const a = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  const results = await Promise.all([patch(a.id, { title: 'Người một' }, a.etag), patch(a.id, { title: 'Người hai' }, a.etag)])
  t.same(results.map((r) => r.statusCode).sort(), [200, 412])
  t.equal(await db.prisma.articleRevision.count({ where: { articleId: a.id } }), 2, 'create + one update')
})

t.test('PATCH: no change saves nothing; bylines reorder; a taken slug is 409; bad input 400', async (t) => {
  const a = await newDraft(app, editor.headers, { authorIds: [thuHa.id, minhDuc.id] })
  const same = await patch(a.id, { title: a.title as string, authorIds: [thuHa.id, minhDuc.id] }, a.etag)
  t.equal(same.statusCode, 200)
  t.equal(same.json().version, 1, 'nothing changed, no new version')
  const swapped = await patch(a.id, { authorIds: [minhDuc.id, thuHa.id], organizationIds: [tinh.id, khoi.id] }, a.etag)
  t.same(
    swapped.json().authors.map((x: { id: string }) => x.id),
    [minhDuc.id, thuHa.id],
  )
  t.same(
    swapped.json().organizations.map((x: { id: string }) => x.id),
    [tinh.id, khoi.id],
  )
  const other = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  const clash = await patch(a.id, { slug: other.slug }, swapped.headers.etag)
  t.equal(clash.statusCode, 409)
  for (const [payload, path] of [
    [{}, 'body'],
    [{ status: 'published' }, 'body/status'],
    [{ title: '' }, 'body/title'],
    [{ authorIds: [MISSING] }, 'body/authorIds/0'],
  ] as const) {
    const res = await patch(a.id, payload, swapped.headers.etag)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path.startsWith(path)),
      `names ${path}`,
    )
  }
  t.equal((await get(a.id)).json().version, 2)
})

t.test('list: every status, newest change first, with filters and paging', async (t) => {
  const q = await newDraft(app, editor.headers, {
    title: 'Hội nghị sơ kết Nghị quyết liên ngành số 37-NQ/TU',
    authorIds: [minhDuc.id],
    organizationIds: [khoi.id],
  })
  const published = await newDraft(app, editor.headers, { title: 'Bài đã đăng về chuyển đổi số', authorIds: [minhDuc.id], organizationIds: [tinh.id] })
  t.equal((await act(app, editor.headers, published.id, 'publish')).statusCode, 200)
  const list = (query: string, headers = editor.headers) => app.inject({ url: `/v1/admin/articles${query}`, headers })
  const all = await list('')
  t.equal(all.statusCode, 200)
  t.equal(all.json().data[0].id, published.id, 'last changed first')
  t.notOk('body' in all.json().data[0], 'list items carry no body')
  t.same(
    (await list('?status=published')).json().data.map((a: { id: string }) => a.id),
    [published.id],
  )
  t.same(
    (await list('?q=lien%20nganh%2037%20nghi')).json().data.map((a: { id: string }) => a.id),
    [q.id],
    'folded search',
  )
  t.same(
    (await list(`?q=${encodeURIComponent('LIÊN NGÀNH số'.normalize('NFD'))}&status=draft`)).json().data.map((a: { id: string }) => a.id),
    [q.id],
  )
  t.equal((await list('?q=khongcotu')).json().meta.total, 0)
  t.match((await list('?q=lien%20nganh')).json().meta, { total: 1, totalPages: 1, nextCursor: null })
  t.same((await list('?q=ien%2037')).json().data, [], 'a word must start where a word does: not inside "liên"')
  const searched = (query: string) => list(query).then((r) => r.json().data.map((a: { id: string }) => a.id))
  t.same(await searched(`?q=lien%20nganh&organization=${tinh.slug}&author=${minhDuc.slug}`), [q.id], 'the search with every filter')
  t.same(await searched(`?q=lien%20nganh&status=published`), [])
  t.same(await searched(`?q=chuyen%20doi&organization=${khoi.slug}`), [], 'the organization filter holds inside a search')
  const byAuthor = (await list(`?author=${minhDuc.slug}`)).json().data.map((a: { id: string }) => a.id)
  t.ok(byAuthor.includes(q.id) && byAuthor.includes(published.id))
  const underTinh = (await list(`?organization=${tinh.slug}&limit=100`)).json().data.map((a: { id: string }) => a.id)
  t.ok(underTinh.includes(q.id), 'an article of a child organization is under its parent')
  t.notOk(
    (await list(`?organization=${khoi.slug}&limit=100`))
      .json()
      .data.map((a: { id: string }) => a.id)
      .includes(published.id),
  )
  const page = await list('?limit=2&page=1')
  t.match(page.json().meta, { page: 1, limit: 2, nextCursor: String })
  t.equal(page.json().data.length, 2)
  t.equal(page.json().meta.totalPages, Math.ceil(page.json().meta.total / 2))
  t.equal(page.headers.link, '</v1/admin/articles?limit=2&page=2>; rel="next"')
  for (const bad of ['?limit=0', '?limit=101', '?page=0', '?status=deleted', '?unknown=1', '?author=a%00b', '?organization=C%C3%B3'])
    t.equal((await list(bad)).statusCode, 400, bad)
})

t.test('contributors: only under their own byline, and only while draft', async (t) => {
  const own = await newDraft(app, contributor.headers, { authorIds: [thuHa.id] })
  t.equal(own.createdById, contributor.user.id)
  const notOwn = await post({ ...valid, authorIds: [minhDuc.id] }, contributor.headers)
  t.equal(notOwn.statusCode, 403, 'a byline without their profile')
  const noProfile = await tokenFor(ctx, 'contributor')
  t.equal((await post(valid, noProfile.headers)).statusCode, 403, 'no author profile at all')
  t.same((await app.inject({ url: '/v1/admin/articles', headers: noProfile.headers })).json().data, [])
  const theirs = await newDraft(app, otherContributor.headers, { authorIds: [minhDuc.id] })
  t.equal((await get(theirs.id, contributor.headers)).statusCode, 404, "another's article is not visible")
  const found = (await app.inject({ url: `/v1/admin/articles?q=${encodeURIComponent(String(theirs.title))}&limit=100`, headers: contributor.headers })).json()
  t.same(found.data, [], 'nor found by a search for its title')
  const ownFound = await app.inject({ url: `/v1/admin/articles?q=${encodeURIComponent(String(own.title))}&limit=100`, headers: contributor.headers })
  t.same(
    ownFound.json().data.map((a: { id: string }) => a.id),
    [own.id],
  )
  t.equal((await patch(theirs.id, { title: 'x' }, theirs.etag, contributor.headers)).statusCode, 404)
  t.equal((await app.inject({ url: `/v1/admin/articles/${theirs.id}/revisions`, headers: contributor.headers })).statusCode, 404)
  const listed = (await app.inject({ url: '/v1/admin/articles?limit=100', headers: contributor.headers })).json().data
  t.ok(listed.length >= 1 && listed.every((a: { authors: Array<{ id: string }> }) => a.authors.some((x) => x.id === thuHa.id)), 'lists only their own')
  const edited = await patch(own.id, { lead: 'Sửa sa-pô' }, own.etag, contributor.headers)
  t.equal(edited.statusCode, 200)
  t.equal((await patch(own.id, { authorIds: [minhDuc.id] }, edited.headers.etag, contributor.headers)).statusCode, 403, 'cannot leave their own byline')
  t.equal((await patch(own.id, { authorIds: [thuHa.id, minhDuc.id] }, edited.headers.etag, contributor.headers)).statusCode, 403, 'cannot add a co-author')
  t.equal((await act(app, contributor.headers, own.id, 'submit')).statusCode, 200)
  const inReview = await get(own.id, contributor.headers)
  t.equal(inReview.statusCode, 200, 'still readable in review')
  t.equal((await patch(own.id, { lead: 'x' }, inReview.headers.etag, contributor.headers)).statusCode, 403, 'no edits once submitted')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/articles/${own.id}`, headers: contributor.headers })).statusCode, 403)
})

t.test('bylines: a contributor names only themselves, and cannot take over a shared byline', async (t) => {
  const coAuthored = await post({ ...valid, authorIds: [thuHa.id, minhDuc.id] }, contributor.headers)
  t.equal(coAuthored.statusCode, 403, 'a co-author on a new article needs an editor')
  t.match(coAuthored.json(), { status: 403, detail: /only themselves/ })
  t.equal((await post({ ...valid, authorIds: [minhDuc.id, thuHa.id] }, contributor.headers)).statusCode, 403, 'another author first is still another author')
  // an editor makes the shared article; either contributor then works on it
  const shared = await newDraft(app, editor.headers, { authorIds: [thuHa.id, minhDuc.id] })
  const takeover = await patch(shared.id, { authorIds: [minhDuc.id] }, shared.etag, otherContributor.headers)
  t.equal(takeover.statusCode, 403, 'a co-author cannot remove the other contributor')
  t.match(takeover.json(), { status: 403, detail: /other authors/ })
  const third = await newAuthor(app, editor.headers, { name: 'Lê Văn Ba' })
  t.equal((await patch(shared.id, { authorIds: [minhDuc.id, thuHa.id, third.id] }, shared.etag, otherContributor.headers)).statusCode, 403, 'nor add someone')
  t.equal((await patch(shared.id, { authorIds: [minhDuc.id, third.id] }, shared.etag, otherContributor.headers)).statusCode, 403, 'nor swap one for another')
  const reordered = await patch(shared.id, { authorIds: [minhDuc.id, thuHa.id] }, shared.etag, otherContributor.headers)
  t.equal(reordered.statusCode, 200, 'reordering keeps everyone: allowed')
  t.equal((await get(shared.id, contributor.headers)).statusCode, 200, 'the other contributor still sees their article')
  t.equal(await db.prisma.articleAuthor.count({ where: { articleId: shared.id } }), 2)
  const byEditor = await patch(shared.id, { authorIds: [third.id] }, reordered.headers.etag)
  t.equal(byEditor.statusCode, 200, 'an editor changes any byline')
  t.same(
    byEditor.json().authors.map((a: { id: string }) => a.id),
    [third.id],
  )
  t.equal((await post({ ...valid, authorIds: [minhDuc.id, third.id] }, admin.headers)).statusCode, 201, 'so does an admin')
})

t.test('slugs: parallel creates of one title all succeed with distinct slugs; only a chosen slug is refused', async (t) => {
  const title = 'Hội nghị tổng kết công tác xây dựng Đảng năm 2026'
  const results = await Promise.all(Array.from({ length: 8 }, () => post({ ...valid, title })))
  t.same(
    results.map((r) => r.statusCode),
    Array(8).fill(201),
    results.map((r) => r.statusCode).join(),
  )
  const base = 'hoi-nghi-tong-ket-cong-tac-xay-dung-dang-nam-2026'
  t.same(results.map((r) => r.json().slug).sort(), [base, ...[2, 3, 4, 5, 6, 7, 8].map((n) => `${base}-${n}`)].sort())
  const chosen = await Promise.all([
    post({ ...valid, title, slug: `${base}-3` }),
    post({ ...valid, title: 'Khác', slug: 'bai-chon-rieng' }),
    post({ ...valid, title: 'Khác nữa', slug: 'bai-chon-rieng' }),
  ])
  t.equal(chosen[0]!.statusCode, 409, 'a chosen slug that is taken')
  t.match(chosen[0]!.json(), { status: 409, slug: `${base}-3` })
  t.same(
    chosen
      .slice(1)
      .map((r) => r.statusCode)
      .sort(),
    [201, 409],
    'two clients choosing one free slug: one gets it',
  )
})

t.test('delete: editors delete drafts only; admins anything; 204 and gone', async (t) => {
  const del = (id: string, headers: Record<string, string>) => app.inject({ method: 'DELETE', url: `/v1/admin/articles/${id}`, headers })
  const draft = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  const res = await del(draft.id, editor.headers)
  t.equal(res.statusCode, 204)
  t.equal(res.body, '')
  t.equal((await get(draft.id)).statusCode, 404)
  t.equal(await db.prisma.articleRevision.count({ where: { articleId: draft.id } }), 0)
  const live = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  await act(app, editor.headers, live.id, 'publish')
  t.equal((await del(live.id, editor.headers)).statusCode, 403)
  t.equal((await get(live.id)).statusCode, 200, 'still there')
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/v1/admin/articles/${live.id}`, headers: { ...admin.headers, 'if-match': `"${live.id}:1"` } })).statusCode,
    412,
  )
  const published = await del(live.id, admin.headers)
  t.equal(published.statusCode, 409, 'a published article is archived, never deleted')
  t.match(published.json(), { status: 409, detail: /archive it instead/, currentStatus: 'published' })
  t.equal((await get(live.id)).statusCode, 200, 'still there')
  const inReview = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  await act(app, editor.headers, inReview.id, 'submit')
  t.equal((await del(inReview.id, admin.headers)).statusCode, 204, 'an admin deletes a never-published article in review')
  t.equal((await del(inReview.id, admin.headers)).statusCode, 404)
  const once = await newDraft(app, editor.headers, { authorIds: [thuHa.id] })
  await act(app, editor.headers, once.id, 'publish')
  await act(app, editor.headers, once.id, 'unpublish')
  t.equal((await del(once.id, editor.headers)).statusCode, 409, 'a draft again, but it was published once')
  t.equal((await act(app, editor.headers, once.id, 'archive')).statusCode, 200, 'archiving it works')
})
