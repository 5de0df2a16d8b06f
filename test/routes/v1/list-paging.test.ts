// Every list pages the same way: `page` (with totals) or `cursor` (keyset, no totals), `limit`,
// `meta`, and `Link: rel="next"`. A cursor walk visits every row once, in the page walk's order.
import t from 'tap'
import type { Response as InjectResponse } from 'light-my-request'
import { jpeg, uploaded } from '../../fixtures/media.ts'
import { build } from '../../helper.ts'
import { systemAudit } from '../../../src/services/audit/record.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { createArticle, createAuthor } from '../../fixtures/content.ts'
import { act, newDraft } from '../../fixtures/editorial.ts'

const ctx = await build(t, { RESPONSE_CACHE: 'off', CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '1000' })
const { app, db } = ctx
await app.ready()
const admin = await tokenFor(ctx, 'admin')
const moderator = await tokenFor(ctx, 'moderator')
for (let i = 0; i < 6; i++) await tokenFor(ctx, 'contributor')

const author = await createAuthor(db)
const drafts = []
for (let i = 0; i < 7; i++) drafts.push(await newDraft(app, admin.headers, { authorIds: [author.id] }))
const draft = drafts[0]!
let etag = draft.etag
for (let i = 0; i < 6; i++) {
  const res = await app.inject({
    method: 'PATCH',
    url: `/v1/admin/articles/${draft.id}`,
    headers: { ...admin.headers, 'if-match': etag },
    payload: { lead: `Sa-pô lần ${i}` },
  })
  etag = res.headers.etag as string
}
const article = await createArticle(db, { status: 'published' })
const commentIds: string[] = []
for (let i = 0; i < 7; i++) {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: `10.1.0.${i}`,
    payload: { authorName: 'Bạn đọc', content: `Ý kiến số ${i} về bài viết.` },
  })
  commentIds.push(res.json().id)
}
for (const id of commentIds.slice(0, 5))
  await app.inject({ method: 'POST', url: `/v1/moderation/comments/${id}/decision`, headers: moderator.headers, payload: { action: 'approve' } })
await act(app, admin.headers, drafts[1]!.id, 'submit')
for (let i = 0; i < 5; i++) await uploaded(app, admin.headers, await jpeg(32, 32, { colour: `#0000${(i * 40).toString(16).padStart(2, '0')}` }))

for (let i = 0; i < 5; i++) await app.services.apiKeys.create({ name: `Khoá ${i}`, scopes: ['content:read'] }, admin.user, systemAudit('test'))

const lists: Array<[string, string, Record<string, string>]> = [
  ['API keys', '/v1/admin/api-keys', admin.headers],
  ['users', '/v1/users', admin.headers],
  ['staff articles', '/v1/admin/articles', admin.headers],
  ['staff articles (search)', '/v1/admin/articles?q=bai%20viet', admin.headers],
  ['revisions', `/v1/admin/articles/${draft.id}/revisions`, admin.headers],
  ['moderation queue (decided)', '/v1/moderation/comments?status=approved', moderator.headers],
  ['moderation log', '/v1/moderation/log', moderator.headers],
  ['public comments', `/v1/articles/${article.slug}/comments`, {}],
  ['event log', '/v1/admin/events', admin.headers],
  ['media library', '/v1/admin/media', admin.headers],
  ['audit log', '/v1/admin/audit', admin.headers],
  ['audit log (filtered)', `/v1/admin/audit?actor=${admin.user.id}&entity=article`, admin.headers],
]

const withQuery = (url: string, q: string) => `${url}${url.includes('?') ? '&' : '?'}${q}`

for (const [name, url, headers] of lists) {
  t.test(name, async (t) => {
    const all = await app.inject({ url: withQuery(url, 'limit=100'), headers })
    t.equal(all.statusCode, 200, all.body)
    const ids: string[] = all.json().data.map((r: { id: string }) => r.id)
    t.ok(ids.length >= 5, `${ids.length} rows to page through`)

    const paged: string[] = []
    let next: string | undefined = withQuery(url, 'limit=2')
    for (let guard = 0; next && guard < 20; guard++) {
      const res: InjectResponse = await app.inject({ url: next, headers })
      t.equal(res.statusCode, 200)
      const body: { data: Array<{ id: string }>; meta: { nextCursor: string | null; [k: string]: unknown } } = res.json()
      if (paged.length === 0) t.match(body.meta, { page: 1, limit: 2, total: ids.length, totalPages: Math.ceil(ids.length / 2) })
      paged.push(...body.data.map((r: { id: string }) => r.id))
      next = /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link ?? ''))?.[1]
    }
    t.same(paged, ids, 'pages by number: every row once, in order')

    const walked: string[] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 20; guard++) {
      const res: InjectResponse = await app.inject({ url: withQuery(url, `limit=2${cursor ? `&cursor=${cursor}` : ''}`), headers })
      const body: { data: Array<{ id: string }>; meta: { nextCursor: string | null; [k: string]: unknown } } = res.json()
      walked.push(...body.data.map((r: { id: string }) => r.id))
      cursor = body.meta.nextCursor
      if (guard > 0) {
        t.notOk('total' in body.meta, 'a cursor page carries no totals')
        if (cursor) t.match(String(res.headers.link), /[?&]cursor=/, 'and links the next cursor')
      }
      if (!cursor) break
    }
    t.same(walked, ids, 'walks by cursor: every row once, in order')

    for (const bad of ['bm90IGpzb24', Buffer.from('["x"]').toString('base64url'), Buffer.from('[1,2,3]').toString('base64url')]) {
      const res = await app.inject({ url: withQuery(url, `cursor=${bad}`), headers })
      t.equal(res.statusCode, 400, `cursor ${bad}`)
      t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    }
    const both = await app.inject({ url: withQuery(url, `page=1&cursor=${Buffer.from('[]').toString('base64url')}`), headers })
    t.equal(both.statusCode, 400, 'page and cursor together')
  })
}
