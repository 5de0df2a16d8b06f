// Render at write time: the public list and detail send each article's stored text. It must be,
// byte for byte, what building the article afresh sends through the response schema, after every
// kind of change: an article edit, publish and unpublish (rendered in the write's transaction), a
// renamed author, organization, section or tag, a merged or deleted tag, a changed image (marked
// stale in the change's transaction, built afresh until the render job has run), a scheduled time
// that comes, a moved comment count (put in at read time).
import t, { type Test } from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft, newOrganization } from '../../fixtures/editorial.ts'
import { uploaded } from '../../fixtures/media.ts'
import { createArticle } from '../../fixtures/content.ts'
import { markForRendering } from '../../../src/db/queries/article-render.ts'
import { queryRunner } from '../../../src/db/queries/statement.ts'

let now = new Date()
const ctx = await build(t, { RESPONSE_CACHE: 'off' }, { clock: () => now })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const LIST = '/v1/articles?limit=100'
// title matches (b's title) and text matches (every body starts "Mở đầu"): both walks of a search
const SEARCH = '/v1/articles?q=chuyen%20doi&limit=100'

const get = (url: string) => app.inject({ url })
const send = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = editor.headers) => {
  const res = await app.inject({ method, url, headers, ...(payload && { payload }) })
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
  return res
}
const drain = async () => (await app.jobs()).tick()
const renderOf = async (id: string) =>
  (await db.pool.query<{ stale: boolean; renderedFor: string | null }>('SELECT stale, "renderedFor" FROM "ArticleRender" WHERE "articleId" = $1', [id])).rows[0]
const staleCount = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "ArticleRender" WHERE stale')).rows[0]!.n

type Ref = { id: string; slug: string; name: string }
interface Shown {
  id: string
  slug: string
  title: string
  authors: Ref[]
  organizations: Ref[]
  section: Ref | null
  tags: Ref[]
  commentCount: number
  leadImage: { id: string; alt: string | null } | null
}

/**
 * The stored texts are served (no stale row), and equal what the same requests send when every
 * article is built afresh instead (all rows marked stale), byte for byte, headers that name what is
 * shown included.
 */
async function storedEqualsFresh(t: Test, slug: string) {
  await drain()
  t.equal(await staleCount(), 0, 'the render job left nothing stale')
  const urls = [LIST, `/v1/articles/${slug}`, '/v1/articles?limit=2&page=1', '/v1/articles?limit=1', SEARCH, '/v1/articles?q=mo%20dau&limit=1']
  const stored = await Promise.all(urls.map(get))
  await db.pool.query('UPDATE "ArticleRender" SET stale = true')
  const fresh = await Promise.all(urls.map(get))
  urls.forEach((url, i) => {
    t.equal(stored[i]!.statusCode, 200, url)
    t.equal(stored[i]!.body, fresh[i]!.body, `${url}: the stored text is what building it sends`)
    t.equal(stored[i]!.headers['content-type'], fresh[i]!.headers['content-type'])
    t.equal(stored[i]!.headers['surrogate-key'], fresh[i]!.headers['surrogate-key'], `${url}: the same cache keys`)
    t.equal(stored[i]!.headers.link, fresh[i]!.headers.link)
  })
  await drain()
}

const detail = async (slug: string) => (await get(`/v1/articles/${slug}`)).json() as Shown
const listed = async (id: string) => ((await get(LIST)).json().data as Shown[]).find((a) => a.id === id)

const author = await newAuthor(app, editor.headers, { name: 'Nguyễn Thu Hà' })
const org = await newOrganization(app, editor.headers, { name: 'Chi bộ Phường Đông Tiến' })
const section = (await send('POST', '/v1/admin/sections', { name: 'Xây dựng Đảng' })).json() as Ref
const lead = await uploaded(app, editor.headers)
await send('PATCH', `/v1/admin/media/${lead.id}`, { alt: 'Toàn cảnh hội nghị' })
const inline = await uploaded(app, editor.headers)

async function publishedArticle(body: Record<string, unknown> = {}) {
  const draft = await newDraft(app, editor.headers, {
    authorIds: [author.id],
    organizationIds: [org.id],
    sectionId: section.id,
    tags: ['Chuyển đổi số', 'Nông thôn mới'],
    leadImageId: lead.id,
    body: `<p>Mở đầu.</p><figure><img data-media-id="${inline.id}"><figcaption>Ảnh</figcaption></figure>`,
    ...body,
  })
  const res = await act(app, editor.headers, draft.id, 'publish')
  if (res.statusCode !== 200) throw new Error(res.body)
  return { ...(res.json() as Shown), etag: res.headers.etag as string }
}

const a = await publishedArticle()
const b = await publishedArticle({ title: 'Bài thứ hai về "chuyển đổi số" & nông thôn' })

t.test('a publish renders in its own transaction; the stored texts are what building sends', async (t) => {
  t.match(await renderOf(a.id), { stale: false }, 'rendered by the publish itself, no job needed')
  t.match(await detail(a.slug), { title: a.title, authors: [{ name: 'Nguyễn Thu Hà' }], section: { id: section.id }, leadImage: { id: lead.id } })
  await storedEqualsFresh(t, b.slug)
})

t.test('an edit is rendered in its transaction: never an old title, nothing left for the job', async (t) => {
  const before = await get(`/v1/articles/${a.slug}`)
  const current = await send('PATCH', `/v1/admin/articles/${a.id}`, { title: 'Tiêu đề đã sửa' }, { ...editor.headers, 'if-match': a.etag })
  t.equal(current.json().title, 'Tiêu đề đã sửa')
  t.match(await renderOf(a.id), { stale: false })
  const after = await get(`/v1/articles/${a.slug}`)
  t.equal(after.json().title, 'Tiêu đề đã sửa')
  t.not(after.headers.etag, before.headers.etag, 'a new ETag')
  t.equal((await listed(a.id))?.title, 'Tiêu đề đã sửa')
  await storedEqualsFresh(t, a.slug)
})

const renames: Array<[string, () => Promise<unknown>, (s: Shown) => unknown]> = [
  ['an author', () => send('PATCH', `/v1/admin/authors/${author.id}`, { name: 'Nguyễn Thu Hằng' }), (s) => s.authors[0]?.name],
  ['an organization', () => send('PATCH', `/v1/admin/organizations/${org.id}`, { name: 'Chi bộ Khu phố 3' }), (s) => s.organizations[0]?.name],
  ['a section', () => send('PATCH', `/v1/admin/sections/${section.id}`, { name: 'Công tác Đảng' }), (s) => s.section?.name],
  ['a tag', () => send('PATCH', `/v1/admin/tags/${a.tags[0]!.id}`, { name: 'Chuyển đổi số quốc gia' }), (s) => s.tags[0]?.name],
  ['the lead image', () => send('PATCH', `/v1/admin/media/${lead.id}`, { alt: 'Đại biểu dự hội nghị' }), (s) => s.leadImage?.alt],
]
const expected = ['Nguyễn Thu Hằng', 'Chi bộ Khu phố 3', 'Công tác Đảng', 'Chuyển đổi số quốc gia', 'Đại biểu dự hội nghị']

for (const [i, [what, change, shown]] of renames.entries()) {
  t.test(`${what} renamed: stale in the same transaction, right before and after the render job`, async (t) => {
    await drain()
    const before = await get(`/v1/articles/${b.slug}`)
    await change()
    t.match(await renderOf(b.id), { stale: true }, 'marked by the change itself')
    t.equal(shown(await detail(b.slug)), expected[i], 'the detail shows it before the job runs')
    t.equal(shown((await listed(b.id))!), expected[i], 'the list too')
    t.not((await get(`/v1/articles/${b.slug}`)).headers.etag, before.headers.etag)
    await drain()
    t.match(await renderOf(b.id), { stale: false }, 'rendered again by the job')
    t.equal(shown(await detail(b.slug)), expected[i], 'the stored text shows it')
    t.equal(shown((await listed(b.id))!), expected[i])
    await storedEqualsFresh(t, b.slug)
  })
}

t.test('a changed body image reaches the stored body', async (t) => {
  await send('PATCH', `/v1/admin/media/${inline.id}`, { alt: 'Cầu Long Biên lúc bình minh' })
  t.match(await renderOf(a.id), { stale: true })
  await drain()
  t.match((await get(`/v1/articles/${a.slug}`)).json().body, 'alt="Cầu Long Biên lúc bình minh"')
  await storedEqualsFresh(t, a.slug)
})

t.test('a merged and a deleted tag leave the stored texts', async (t) => {
  const c = await publishedArticle({ tags: ['Tam nông', 'Giảm nghèo', 'An sinh'] })
  const [source, target, gone] = c.tags as [Ref, Ref, Ref]
  await send('PATCH', `/v1/admin/tags/${source.id}`, { mergeInto: target.id })
  t.same((await detail(c.slug)).tags, [target, gone], 'merged: before the job')
  await drain()
  t.same((await detail(c.slug)).tags, [target, gone], 'merged: after the job')
  await send('DELETE', `/v1/admin/tags/${gone.id}`)
  t.same((await detail(c.slug)).tags, [target], 'deleted: before the job')
  await drain()
  t.same((await detail(c.slug)).tags, [target], 'deleted: after the job')
  t.same((await listed(c.id))?.tags, [target])
  await storedEqualsFresh(t, c.slug)
})

t.test('unpublished: gone at once from the list and the detail; published again: back, rendered', async (t) => {
  const c = await publishedArticle()
  t.equal((await act(app, editor.headers, c.id, 'unpublish')).statusCode, 200)
  t.equal((await get(`/v1/articles/${c.slug}`)).statusCode, 404)
  t.notOk(await listed(c.id))
  t.equal((await act(app, editor.headers, c.id, 'publish')).statusCode, 200)
  t.match(await renderOf(c.id), { stale: false })
  t.equal((await detail(c.slug)).id, c.id)
  t.ok(await listed(c.id))
})

t.test('a scheduled article appears from its stored text when its time comes, with no job', async (t) => {
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], title: 'Bài hẹn giờ' })
  const at = new Date(now.getTime() + 3_600_000)
  t.equal((await act(app, editor.headers, draft.id, 'publish', { publishAt: at.toISOString() })).statusCode, 200)
  t.equal((await get(`/v1/articles/${draft.slug}`)).statusCode, 404, 'not before its time')
  t.notOk(await listed(draft.id))
  t.match(await renderOf(draft.id), { stale: false }, 'rendered ahead of its time')
  now = new Date(at.getTime() + 1000)
  t.equal((await detail(draft.slug)).title, 'Bài hẹn giờ')
  t.equal((await get(LIST)).json().data[0].id, draft.id, 'newest first')
  await storedEqualsFresh(t, draft.slug)
  // back to the present: staff tokens are issued at it
  now = new Date()
})

t.test('the comment count is put in at read time: no render, a new ETag', async (t) => {
  await drain()
  const before = await get(`/v1/articles/${b.slug}`)
  await db.pool.query('UPDATE "Article" SET "commentCount" = 7 WHERE id = $1', [b.id])
  t.match(await renderOf(b.id), { stale: false }, 'a count does not make the text stale')
  const after = await get(`/v1/articles/${b.slug}`)
  t.equal(after.json().commentCount, 7)
  t.not(after.headers.etag, before.headers.etag)
  t.equal((await listed(b.id))?.commentCount, 7)
  await storedEqualsFresh(t, b.slug)
})

t.test('rows written outside the services (imports, the migration backfill) are built until the job renders them', async (t) => {
  const imported = await createArticle(db, { title: 'Bài nhập từ hệ thống cũ', status: 'published', publishedAt: new Date(now.getTime() - 1000) })
  t.match(await renderOf(imported.id), { stale: true }, 'a new row is stale')
  t.equal((await detail(imported.slug)).title, 'Bài nhập từ hệ thống cũ')
  await drain()
  t.match(await renderOf(imported.id), { stale: false })
  await storedEqualsFresh(t, imported.slug)
})

t.test('a starting worker gives the job the articles that have no text (restored with triggers off)', async (t) => {
  await drain()
  await db.pool.query('DELETE FROM "ArticleRender" WHERE "articleId" = $1', [a.id])
  t.equal((await detail(a.slug)).id, a.id, 'built meanwhile')
  const runner = queryRunner(db.pool, { named: false })
  const marked = await markForRendering(runner, 'another')
  t.equal(marked, await staleCount(), 'counts what it marked: the row added, and the others (rendered for another configuration)')
  t.match(await renderOf(a.id), { stale: true }, 'added, stale')
  await drain()
  t.match(await renderOf(a.id), { stale: false })
  t.equal(await markForRendering(runner, (await renderOf(a.id))!.renderedFor!), 0, 'nothing left to mark')
  await storedEqualsFresh(t, a.slug)
})

t.test('a text rendered for another configuration is never sent', async (t) => {
  await drain()
  await db.pool.query(`UPDATE "ArticleRender" SET "renderedFor" = 'another', "detailHead" = '{"wrong":', "itemHead" = '{"wrong":'`)
  t.equal((await detail(a.slug)).id, a.id, 'the detail is built')
  t.ok(await listed(a.id), 'the list is built')
  await db.pool.query('UPDATE "ArticleRender" SET stale = true')
  await drain()
  t.equal((await renderOf(a.id))?.renderedFor, (await renderOf(b.id))?.renderedFor)
  t.not((await renderOf(a.id))?.renderedFor, 'another')
})

t.test('a search page sends the stored texts too, and builds the page when one of them is stale', async (t) => {
  await drain()
  // a mark written into the stored text shows which way the page was made
  await db.pool.query(`UPDATE "ArticleRender" SET "itemHead" = replace("itemHead", '"title":', '"title":"Đánh dấu","x":') WHERE "articleId" = $1`, [b.id])
  const found = async () => ((await get(SEARCH)).json().data as Shown[]).find((x) => x.id === b.id)
  t.equal((await found())?.title, 'Đánh dấu', 'the stored text was sent')
  await db.pool.query('UPDATE "ArticleRender" SET stale = true WHERE "articleId" = $1', [b.id])
  t.equal((await found())?.title, b.title, 'a stale text is never sent: the page is built')
  await drain()
  t.equal((await found())?.title, b.title, 'rendered again by the job')
})

t.test('a deleted article takes its texts with it', async (t) => {
  const c = await newDraft(app, editor.headers, { authorIds: [author.id] })
  await send('DELETE', `/v1/admin/articles/${c.id}`, undefined, { ...editor.headers, 'if-match': c.etag })
  t.notOk(await renderOf(c.id))
})
