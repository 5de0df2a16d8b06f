// Editor's picks, staff replies and closed threads through the HTTP API, on a real database.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createComment } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'

const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100000', RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const mod = await tokenFor(ctx, 'moderator', { name: 'Trần Thu Hà' })
const editor = await tokenFor(ctx, 'editor')
const DAY = 86_400_000

const post = (url: string, headers: Record<string, string> = mod.headers, payload?: object) =>
  app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) })
const publicList = async (slug: string, qs = '') => (await app.inject(`/v1/articles/${slug}/comments${qs}`)).json()
const submit = (slug: string, ip = '10.9.0.1') =>
  app.inject({ method: 'POST', url: `/v1/articles/${slug}/comments`, remoteAddress: ip, payload: { authorName: 'Minh', content: `Ý kiến ${Math.random()}` } })
const setRules = (payload: object) => app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload })

t.test('feature: public comments only, first under sort=top, idempotent, audited, moderators only', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const a = await createComment(db, article.id, { status: 'approved' })
  const b = await createComment(db, article.id, { status: 'approved' })
  const pending = await createComment(db, article.id, { status: 'pending' })
  await db.prisma.comment.update({ where: { id: a.id }, data: { likes: 5 } })
  t.same(
    (await publicList(article.slug, '?sort=top')).data.map((c: { id: string }) => c.id),
    [a.id, b.id],
    'most liked first',
  )

  t.equal((await post(`/v1/moderation/comments/${b.id}/feature`, editor.headers)).statusCode, 403, 'an editor is not a moderator')
  const res = await post(`/v1/moderation/comments/${b.id}/feature`)
  t.equal(res.statusCode, 200)
  t.same(res.json(), { id: b.id, featured: true })
  t.equal((await post(`/v1/moderation/comments/${b.id}/feature`)).statusCode, 200, 'a repeat is fine')
  const top = await publicList(article.slug, '?sort=top')
  t.same(
    top.data.map((c: { id: string }) => c.id),
    [b.id, a.id],
    'the pick comes before the most liked',
  )
  t.equal(top.data[0].featured, true)
  t.equal(await db.prisma.auditEntry.count({ where: { entity: 'comment', entityId: b.id, action: 'feature' } }), 1, 'audited once: the repeat changed nothing')

  const refused = await post(`/v1/moderation/comments/${pending.id}/feature`)
  t.equal(refused.statusCode, 409)
  t.match(refused.json().detail, /only a public comment/)
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: pending.id } })).featured, false)
  t.equal((await post('/v1/moderation/comments/00000000-0000-4000-8000-000000000000/feature')).statusCode, 404)
  t.equal((await post('/v1/moderation/comments/not-a-uuid/feature')).statusCode, 400)

  t.same((await post(`/v1/moderation/comments/${b.id}/unfeature`)).json(), { id: b.id, featured: false })
  t.same(
    (await publicList(article.slug, '?sort=top')).data.map((c: { id: string }) => c.id),
    [a.id, b.id],
  )
  t.equal((await post(`/v1/moderation/comments/${pending.id}/unfeature`)).statusCode, 200, 'unfeaturing is always allowed')
})

t.test('staff replies: public at once, marked, counted, logged; only under public comments', async (t) => {
  const article = await createArticle(db, { status: 'published', commentsEnabled: false })
  const parent = await createComment(db, article.id, { status: 'approved' })
  const readerReply = await createComment(db, article.id, { status: 'approved', parentId: parent.id })
  const pending = await createComment(db, article.id, { status: 'pending' })
  const before = (await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount

  const res = await post(`/v1/moderation/comments/${readerReply.id}/replies`, mod.headers, { content: '  Cảm ơn bạn đã góp ý, tòa soạn sẽ bổ sung.  ' })
  t.equal(res.statusCode, 201, 'works on a thread closed to readers')
  const reply = res.json()
  t.match(reply, { parentId: parent.id, authorName: 'Trần Thu Hà', content: 'Cảm ơn bạn đã góp ý, tòa soạn sẽ bổ sung.', status: 'approved', isStaff: true })
  t.equal((await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount, before + 1)
  const thread = (await publicList(article.slug)).data.find((c: { id: string }) => c.id === parent.id)
  t.same(
    thread.replies.map((r: { id: string; isStaff: boolean }) => [r.id, r.isStaff]),
    [
      [readerReply.id, false],
      [reply.id, true],
    ],
    'a reply to a reply joins the thread',
  )
  const log = await db.prisma.moderationLog.findFirstOrThrow({ where: { commentId: reply.id } })
  t.match(log, { toStatus: 'approved', reason: 'staff reply' })
  const queue = (await app.inject({ url: '/v1/moderation/comments?status=approved&limit=100', headers: mod.headers })).json()
  t.match(
    queue.data.find((c: { id: string }) => c.id === reply.id),
    { isStaff: true, hook: null },
  )

  for (const [id, payload, status] of [
    [pending.id, { content: 'Trả lời' }, 409],
    ['00000000-0000-4000-8000-000000000000', { content: 'Trả lời' }, 404],
    [parent.id, { content: '   ' }, 400],
    [parent.id, { content: '<b></b>' }, 400],
    [parent.id, {}, 400],
  ] as const) {
    const r = await post(`/v1/moderation/comments/${id}/replies`, mod.headers, payload)
    t.equal(r.statusCode, status, JSON.stringify(payload))
    t.match(r.headers['content-type'], /problem\+json/)
  }
  t.equal((await post(`/v1/moderation/comments/${parent.id}/replies`, editor.headers, { content: 'x' })).statusCode, 403)
  t.equal(await db.prisma.comment.count({ where: { articleId: article.id, isStaff: true } }), 1, 'nothing written by a refused reply')
})

t.test('closing: the per-article switch and closeAfterDays answer 409 with a clear message', async (t) => {
  const off = await createArticle(db, { status: 'published', commentsEnabled: false })
  const closedOff = await submit(off.slug)
  t.equal(closedOff.statusCode, 409)
  t.match(closedOff.json(), { status: 409, detail: 'comments are closed for this article' })
  const thread = async (slug: string) => (await app.inject(`/v1/articles/${slug}/comments`)).json().thread
  t.same(await thread(off.slug), { open: false, closedReason: 'comments are closed for this article', closesAt: null }, 'the list says so too')

  const old = await createArticle(db, { status: 'published', publishedAt: new Date(Date.now() - 10 * DAY) })
  const recent = await createArticle(db, { status: 'published', publishedAt: new Date(Date.now() - 2 * DAY) })
  t.equal((await submit(old.slug, '10.9.0.2')).statusCode, 202, 'open while closeAfterDays is 0 (never)')
  t.same(await thread(old.slug), { open: true, closedReason: null, closesAt: null })
  t.equal((await setRules({ closeAfterDays: 7 })).json().closeAfterDays, 7)
  t.equal((await setRules({ closeAfterDays: -1 })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/moderation/rules', headers: mod.headers })).json().closeAfterDays, 7, 'kept after a refused update')
  // stored, not only answered
  const cached = await db.prisma.moderationRules.findUniqueOrThrow({ where: { id: 1 } })
  t.equal(cached.closeAfterDays, 7)
  const closed = await submit(old.slug, '10.9.0.3')
  t.equal(closed.statusCode, 409)
  t.match(closed.json().detail, /^comments closed 7 days after publication \(\d{4}-/)
  const count = await db.prisma.comment.count({ where: { articleId: old.id } })
  t.equal(count, 1, 'nothing written')
  t.equal((await submit(recent.slug, '10.9.0.4')).statusCode, 202, 'a two-day-old article is still open')
  t.same(await thread(recent.slug), { open: true, closedReason: null, closesAt: new Date(recent.publishedAt!.getTime() + 7 * DAY).toISOString() })
  t.match(await thread(old.slug), { open: false, closedReason: /^comments closed 7 days after publication/, closesAt: null })
  t.equal((await submit('khong-co-bai-nay', '10.9.0.5')).statusCode, 404, 'an unknown article is 404, not 409')
  await setRules({ closeAfterDays: 0 })
  t.equal((await submit(old.slug, '10.9.0.6')).statusCode, 202, 'reopened')
})
