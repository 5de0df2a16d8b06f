import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'
import type { ArticleStatus as Status } from '../../../src/schemas/admin-articles.ts'

let now = Date.parse('2026-11-20T08:00:00.000Z')
const ctx = await build(t, {}, { clock: () => new Date(now) })
const { app } = ctx
await app.ready()

const editor = await tokenFor(ctx, 'editor')
const author = await newAuthor(app, editor.headers, { name: 'Phạm Ngọc Lan' })
const contributor = await tokenFor(ctx, 'contributor', { authorId: author.id })
const HOUR = 3_600_000

// the API path from a new draft to each status
const PATHS: Record<Status, Array<[string, object?]>> = {
  draft: [],
  in_review: [['submit']],
  scheduled: [['publish', { publishAt: new Date(now + 48 * HOUR).toISOString() }]],
  published: [['publish']],
  archived: [['archive']],
}

async function articleIn(status: Status) {
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id] })
  for (const [action, body] of PATHS[status]) {
    const res = await act(app, editor.headers, draft.id, action, body)
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.body}`)
  }
  return draft.id
}

const ALLOWED: Record<string, { from: Status[]; to: Status; body?: object }> = {
  submit: { from: ['draft'], to: 'in_review' },
  reject: { from: ['in_review'], to: 'draft', body: { reason: 'Thiếu nguồn' } },
  publish: { from: ['draft', 'in_review'], to: 'published' },
  unpublish: { from: ['published', 'scheduled'], to: 'draft' },
  archive: { from: ['draft', 'in_review', 'scheduled', 'published'], to: 'archived' },
}
const STATUSES: Status[] = ['draft', 'in_review', 'scheduled', 'published', 'archived']

t.test('every action from every status: allowed ones move, the others are 409 with the current status', async (t) => {
  for (const [action, rule] of Object.entries(ALLOWED)) {
    for (const from of STATUSES) {
      const id = await articleIn(from)
      const before = (await app.inject({ url: `/v1/admin/articles/${id}`, headers: editor.headers })).json()
      const res = await act(app, editor.headers, id, action, rule.body)
      if (rule.from.includes(from)) {
        t.equal(res.statusCode, 200, `${action} from ${from}`)
        t.equal(res.json().status, rule.to, `${action}: ${from} → ${rule.to}`)
        t.equal(res.json().version, before.version + 1)
        t.equal(res.headers.etag, `"${id}:${before.version + 1}"`)
      } else {
        t.equal(res.statusCode, 409, `${action} from ${from} refused`)
        t.match(res.json(), { status: 409, currentStatus: from, allowedFrom: rule.from })
        const after = (await app.inject({ url: `/v1/admin/articles/${id}`, headers: editor.headers })).json()
        t.same(after, before, 'a refused move changes nothing')
      }
    }
  }
})

t.test('reject keeps the reason for the staff view; the next submit clears it', async (t) => {
  const id = await articleIn('in_review')
  for (const body of [undefined, {}, { reason: '   ' }, { reason: 42 }, { reason: 'x', extra: 1 }]) {
    t.equal((await act(app, editor.headers, id, 'reject', body)).statusCode, 400, `reject with ${JSON.stringify(body)}`)
  }
  const rejected = await act(app, editor.headers, id, 'reject', { reason: '  Cần   kiểm tra lại số liệu '.normalize('NFD') })
  t.equal(rejected.statusCode, 200)
  t.equal(rejected.json().rejectionReason, 'Cần kiểm tra lại số liệu')
  t.equal(
    (await app.inject({ url: `/v1/admin/articles/${id}`, headers: contributor.headers })).json().rejectionReason,
    'Cần kiểm tra lại số liệu',
    'the writer sees it',
  )
  const resubmitted = await act(app, contributor.headers, id, 'submit')
  t.equal(resubmitted.statusCode, 200, 'the contributor resubmits their own draft')
  t.equal(resubmitted.json().rejectionReason, null)
})

t.test('publish: now, or scheduled for a future publishAt; re-publishing keeps the first time', async (t) => {
  const id = await articleIn('draft')
  const published = await act(app, editor.headers, id, 'publish')
  t.match(published.json(), { status: 'published', publishedAt: new Date(now).toISOString() })
  const first = published.json().publishedAt
  now += 5 * HOUR
  await act(app, editor.headers, id, 'unpublish')
  t.equal((await app.inject({ url: `/v1/admin/articles/${id}`, headers: editor.headers })).json().publishedAt, first, 'unpublish keeps it')
  const again = await act(app, editor.headers, id, 'publish', {})
  t.match(again.json(), { status: 'published', publishedAt: first }, 'the original time is kept')
  await act(app, editor.headers, id, 'unpublish')
  const backdated = new Date(now - 72 * HOUR).toISOString()
  t.match(
    (await act(app, editor.headers, id, 'publish', { publishAt: backdated })).json(),
    { status: 'published', publishedAt: backdated },
    'a given time wins',
  )

  const later = await articleIn('in_review')
  const at = new Date(now + 24 * HOUR).toISOString()
  t.match((await act(app, editor.headers, later, 'publish', { publishAt: at })).json(), { status: 'scheduled', publishedAt: at })
  await act(app, editor.headers, later, 'unpublish')
  // a schedule that was called off is not "the original publication": publish now means now
  t.match((await act(app, editor.headers, later, 'publish')).json(), { status: 'published', publishedAt: new Date(now).toISOString() })

  const bad = await articleIn('draft')
  for (const body of [{ publishAt: 'tomorrow' }, { publishAt: 1 }, { when: 'x' }]) {
    t.equal((await act(app, editor.headers, bad, 'publish', body)).statusCode, 400, JSON.stringify(body))
  }
})

t.test('transitions check an If-Match when one is sent', async (t) => {
  const id = await articleIn('draft')
  const stale = await app.inject({ method: 'POST', url: `/v1/admin/articles/${id}/submit`, headers: { ...editor.headers, 'if-match': `"${id}:7"` } })
  t.equal(stale.statusCode, 412)
  const current = await app.inject({ method: 'POST', url: `/v1/admin/articles/${id}/submit`, headers: { ...editor.headers, 'if-match': `"${id}:1"` } })
  t.equal(current.statusCode, 200)
  t.equal((await act(app, editor.headers, '00000000-0000-4000-8000-000000000000', 'submit')).statusCode, 404)
})

t.test('revisions: one per saved change, newest first: who, when, which fields, the full snapshot', async (t) => {
  const draft = await newDraft(app, contributor.headers, { title: 'Bản nháp đầu', authorIds: [author.id] })
  now += 60_000
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/admin/articles/${draft.id}`,
    headers: { ...contributor.headers, 'if-match': draft.etag },
    payload: { title: 'Bản nháp sửa', lead: 'Sa-pô mới' },
  })
  t.equal(patched.statusCode, 200)
  now += 60_000
  await act(app, contributor.headers, draft.id, 'submit')
  now += 60_000
  await act(app, editor.headers, draft.id, 'reject', { reason: 'Viết lại đoạn mở' })
  now += 60_000
  await act(app, editor.headers, draft.id, 'publish')
  const res = await app.inject({ url: `/v1/admin/articles/${draft.id}/revisions`, headers: contributor.headers })
  t.equal(res.statusCode, 200)
  const revs = res.json().data
  t.same(
    revs.map((r: { version: number }) => r.version),
    [5, 4, 3, 2, 1],
  )
  t.same(
    revs.map((r: { action: string }) => r.action),
    ['publish', 'reject', 'submit', 'update', 'create'],
  )
  t.same(
    revs.map((r: { user: { id: string } }) => r.user.id),
    [editor.user.id, editor.user.id, contributor.user.id, contributor.user.id, contributor.user.id],
  )
  t.equal(revs[4].user.name, contributor.user.name)
  // a contributor reading the history learns who and in which role, never a staff login
  t.same(revs[0].user, { id: editor.user.id, name: editor.user.name, role: 'editor' })
  t.same(revs[4].user, { id: contributor.user.id, name: contributor.user.name, role: 'contributor' })
  t.notOk(res.body.includes(editor.user.email), "no editor's e-mail anywhere in the contributor's answer")
  const asEditor = (await app.inject({ url: `/v1/admin/articles/${draft.id}/revisions`, headers: editor.headers })).json().data
  t.notOk('email' in asEditor[0].user, "nor in an editor's")
  const admin = await tokenFor(ctx, 'admin')
  const asAdmin = (await app.inject({ url: `/v1/admin/articles/${draft.id}/revisions`, headers: admin.headers })).json().data
  t.same(asAdmin[0].user, { id: editor.user.id, name: editor.user.name, role: 'editor', email: editor.user.email }, 'admins, who manage the accounts, see it')
  t.equal(asAdmin[4].user.email, contributor.user.email)
  t.same(revs[3].changes, ['title', 'lead'])
  t.same(revs[2].changes, ['status'])
  t.same(revs[1].changes, ['status', 'rejectionReason'])
  t.same(revs[0].changes.sort(), ['publishedAt', 'rejectionReason', 'status'])
  t.match(revs[4].changes, ['slug', 'title', 'lead', 'body'])
  t.same(revs[3].snapshot, {
    slug: draft.slug,
    title: 'Bản nháp sửa',
    lead: 'Sa-pô mới',
    body: '<p>Nội dung bài viết.</p>',
    source: null,
    status: 'draft',
    publishedAt: null,
    commentsEnabled: true,
    rejectionReason: null,
    unpublishAt: null,
    leadImageId: null,
    authorIds: [author.id],
    organizationIds: [],
    sectionId: null,
    sectionIds: [],
    tagIds: [],
    featured: false,
    metaTitle: null,
    metaDescription: null,
    canonicalUrl: null,
    ogImageId: null,
    noindex: false,
  })
  t.match(revs[1].snapshot, { status: 'draft', rejectionReason: 'Viết lại đoạn mở' })
  t.match(revs[0].snapshot, { status: 'published', publishedAt: new Date(now).toISOString() })
  t.equal(revs[0].createdAt, new Date(now).toISOString(), 'when, by the app clock')
  t.equal(revs[4].createdAt, new Date(now - 4 * 60_000).toISOString())
  const paged = await app.inject({ url: `/v1/admin/articles/${draft.id}/revisions?limit=2&page=2`, headers: editor.headers })
  t.same(
    paged.json().data.map((r: { version: number }) => r.version),
    [3, 2],
  )
  t.match(paged.json().meta, { page: 2, limit: 2, total: 5, totalPages: 3 })
  t.equal((await app.inject({ url: '/v1/admin/articles/00000000-0000-4000-8000-000000000000/revisions', headers: editor.headers })).statusCode, 404)
})
