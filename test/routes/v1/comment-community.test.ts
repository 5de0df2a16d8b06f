// The comment community through the HTTP API, on a real database: reader reports (one per reader,
// hiding at the threshold, exact under concurrency), likes (exact under concurrency), sorting,
// the reported queue, and the one reader identity.
import pg from 'pg'
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createComment } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { createReaderKey } from '../../../src/lib/reader.ts'
import { deriveKey, hmacHex } from '../../../src/lib/keys.ts'

const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100000', RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const mod = await tokenFor(ctx, 'moderator')

let ipCounter = 0
const freshIp = () => `10.7.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`
const report = (id: string, payload: Record<string, unknown>, ip = freshIp()) =>
  app.inject({ method: 'POST', url: `/v1/comments/${id}/reports`, remoteAddress: ip, payload })
const like = (id: string, ip = freshIp()) => app.inject({ method: 'POST', url: `/v1/comments/${id}/reactions`, remoteAddress: ip, payload: { type: 'like' } })
const unlike = (id: string, ip: string) => app.inject({ method: 'DELETE', url: `/v1/comments/${id}/reactions`, remoteAddress: ip })
const decide = (id: string, action: string) =>
  app.inject({ method: 'POST', url: `/v1/moderation/comments/${id}/decision`, headers: mod.headers, payload: { action } })
const countOf = async (articleId: string) => (await db.prisma.article.findUniqueOrThrow({ where: { id: articleId } })).commentCount
const publicIds = async (slug: string, qs = '') => (await app.inject(`/v1/articles/${slug}/comments${qs}`)).json().data.map((c: { id: string }) => c.id)

t.test('readerKey: one HMAC per reader, compatible with the stored ipHash, e-mails folded', async (t) => {
  const key = createReaderKey('s3cret')
  t.equal(key('1.2.3.4'), hmacHex(deriveKey('s3cret', 'ip-hash'), '1.2.3.4'), 'the IP form is the ipHash comments always stored')
  t.equal(key('1.2.3.4', ' Hoa@Example.VN '), key('5.6.7.8', 'hoa@example.vn'), 'an e-mail is one reader whatever the address or case')
  t.not(key('1.2.3.4', 'hoa@example.vn'), key('1.2.3.4'))
  t.not(createReaderKey('other')('1.2.3.4'), key('1.2.3.4'), 'keyed by the server secret')
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${(await createArticle(db, { status: 'published' })).slug}/comments`,
    remoteAddress: '10.200.0.1',
    payload: { authorName: 'Lan', content: 'Ý kiến.' },
  })
  t.equal(res.statusCode, 202)
  const row = await db.prisma.comment.findUniqueOrThrow({ where: { id: res.json().id } })
  t.equal(row.ipHash, createReaderKey(ctx.config.jwtSecret)('10.200.0.1'))
})

t.test('reports: validated, 404 unless public, one per reader, hidden at the threshold until a moderator decides', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const c = await createComment(db, article.id, { status: 'approved' })
  const pending = await createComment(db, article.id, { status: 'pending' })
  const rejected = await createComment(db, article.id, { status: 'rejected' })
  t.equal(await countOf(article.id), 1)

  t.equal((await report(c.id, { reason: 'rude' })).statusCode, 400, 'a reason outside the list')
  t.equal((await report(c.id, {})).statusCode, 400)
  t.equal((await report(c.id, { reason: 'spam', extra: 1 })).statusCode, 400)
  t.equal((await report(c.id, { reason: 'spam', note: 'x'.repeat(1001) })).statusCode, 400)
  for (const id of [pending.id, rejected.id, '00000000-0000-4000-8000-000000000000']) {
    const res = await report(id, { reason: 'spam' })
    t.equal(res.statusCode, 404)
    t.match(res.headers['content-type'], /problem\+json/)
  }
  t.equal(await db.prisma.commentReport.count({ where: { commentId: { in: [pending.id, rejected.id] } } }), 0)

  const ip = freshIp()
  t.equal((await report(c.id, { reason: 'offensive', note: 'Lời lẽ xúc phạm' }, ip)).statusCode, 202)
  t.equal((await report(c.id, { reason: 'spam' }, ip)).statusCode, 202, 'a repeat is accepted')
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: c.id } })).reportCount, 1, '…and counted once')
  t.equal((await report(c.id, { reason: 'spam' })).statusCode, 202)
  t.same(await publicIds(article.slug), [c.id], 'below the threshold: still public')
  t.equal((await report(c.id, { reason: 'spam' })).statusCode, 202)
  t.same(await publicIds(article.slug), [], 'at the threshold (3): hidden')
  t.equal(await countOf(article.id), 0, 'and out of commentCount')
  t.equal((await report(c.id, { reason: 'other' })).statusCode, 202, 'a hidden comment still takes reports')
  t.equal(await countOf(article.id), 0, 'counted out once')

  const queue = await app.inject({ url: '/v1/moderation/comments?status=reported', headers: mod.headers })
  t.equal(queue.statusCode, 200)
  t.same(
    queue.json().data.map((x: { id: string }) => x.id),
    [c.id],
  )
  t.match(queue.json().data[0], { status: 'approved', hidden: true, reports: { total: 4, byReason: { offensive: 1, spam: 2, other: 1 } } })
  t.notOk(JSON.stringify(queue.json()).includes('10.7.'), 'no raw addresses')

  const back = await decide(c.id, 'approve')
  t.equal(back.statusCode, 200, back.body)
  t.match(back.json(), { status: 'approved', hidden: false, reports: { total: 0 } })
  t.same(await publicIds(article.slug), [c.id], 're-approved: public again')
  t.equal(await countOf(article.id), 1)
  t.equal((await decide(c.id, 'approve')).statusCode, 409, 'a visible approved comment cannot be approved again')
  t.equal((await report(c.id, { reason: 'spam' }, ip)).statusCode, 202)
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: c.id } })).reportCount, 0, 'a reader whose report was cleared cannot report again')
  t.equal(await db.prisma.commentReport.count({ where: { commentId: c.id } }), 4, 'the cleared reports stay on record')

  // hidden, then rejected: the counter does not move twice
  for (let i = 0; i < 3; i++) await report(c.id, { reason: 'abusive' })
  t.equal(await countOf(article.id), 0)
  t.equal((await decide(c.id, 'reject')).statusCode, 200)
  t.equal(await countOf(article.id), 0, 'rejecting a hidden comment leaves the count alone')
  t.equal((await decide(c.id, 'approve')).statusCode, 200)
  t.equal(await countOf(article.id), 1)
})

t.test('reports: the threshold is a rule; concurrent reporters hide the comment exactly once', async (t) => {
  const put = await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: { reportThreshold: 5 } })
  t.equal(put.statusCode, 200)
  t.match(put.json(), { mode: 'pre', maxLinks: 2, reportThreshold: 5 }, 'fields not sent keep their values')
  t.equal((await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: { reportThreshold: 0 } })).statusCode, 400)
  const article = await createArticle(db, { status: 'published' })
  const comments = await Promise.all([1, 2, 3].map(() => createComment(db, article.id, { status: 'approved' })))
  t.equal(await countOf(article.id), 3)
  // a PUT empties this instance's rule cache: the next report reads the new threshold
  const threshold = (await app.services.moderationReports.readRules()).reportThreshold
  t.equal(threshold, 5)
  const results = await Promise.all(comments.flatMap((c) => Array.from({ length: 12 }, () => report(c.id, { reason: 'spam' }))))
  t.ok(results.every((r) => r.statusCode === 202))
  const rows = await db.prisma.comment.findMany({ where: { articleId: article.id } })
  t.ok(
    rows.every((r) => r.reportCount === 12 && r.hidden),
    'every report counted, every comment hidden',
  )
  t.equal(await countOf(article.id), 0, 'each hidden once: the count is exact')
  await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: { reportThreshold: 3 } })
})

t.test('likes: one per reader, taken back, exact under concurrency, 404 unless public', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const c = await createComment(db, article.id, { status: 'approved' })
  const pending = await createComment(db, article.id, { status: 'pending' })
  const ip = freshIp()
  t.same((await like(c.id, ip)).json(), { likes: 1 })
  t.same((await like(c.id, ip)).json(), { likes: 1 }, 'a repeat changes nothing')
  t.same((await like(c.id)).json(), { likes: 2 })
  t.same((await unlike(c.id, ip)).json(), { likes: 1 })
  t.same((await unlike(c.id, ip)).json(), { likes: 1 }, 'taking back twice changes nothing')
  t.equal((await like(pending.id)).statusCode, 404)
  t.equal((await unlike(pending.id, ip)).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: `/v1/comments/${c.id}/reactions`, payload: { type: 'love' } })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/v1/comments/not-a-uuid/reactions', payload: { type: 'like' } })).statusCode, 400)

  const ips = Array.from({ length: 60 }, freshIp)
  const liked = await Promise.all(ips.map((a) => like(c.id, a)))
  t.ok(liked.every((r) => r.statusCode === 200))
  const halfBack = await Promise.all([...ips.slice(0, 30).map((a) => unlike(c.id, a)), ...ips.slice(0, 30).map((a) => like(c.id, a))])
  t.ok(halfBack.every((r) => r.statusCode === 200))
  const row = await db.prisma.comment.findUniqueOrThrow({ where: { id: c.id } })
  t.equal(row.likes, await db.prisma.commentReaction.count({ where: { commentId: c.id } }), 'the counter equals the rows')
  t.ok(row.likes >= 61 && row.likes <= 91)
  t.equal((await app.inject(`/v1/articles/${article.slug}/comments`)).json().data[0].likes, row.likes)
})

t.test('sort: oldest, newest, top (featured, likes, oldest), each paged by cursor', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const made = []
  for (let i = 0; i < 7; i++) made.push(await createComment(db, article.id, { status: 'approved' }))
  const likesOf = [0, 3, 1, 3, 0, 5, 0]
  for (const [i, n] of likesOf.entries()) await db.prisma.comment.update({ where: { id: made[i]!.id }, data: { likes: n } })
  await db.prisma.comment.update({ where: { id: made[6]!.id }, data: { featured: true } })
  const ids = made.map((c) => c.id)
  const walk = async (sort: string) => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: { statusCode: number; body: string; json(): any } = await app.inject(
        `/v1/articles/${article.slug}/comments?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      t.equal(res.statusCode, 200, res.body)
      seen.push(...res.json().data.map((c: { id: string }) => c.id))
      cursor = res.json().meta.nextCursor
    } while (cursor)
    return seen
  }
  t.same(await walk('oldest'), ids)
  t.same(await walk('newest'), [...ids].reverse())
  t.same(await walk('top'), [ids[6], ids[5], ids[1], ids[3], ids[2], ids[0], ids[4]])
  t.same(await publicIds(article.slug, '?sort=top&page=2&limit=3'), [ids[3], ids[2], ids[0]])
  const first = (await app.inject(`/v1/articles/${article.slug}/comments?sort=top`)).json().data[0]
  t.match(first, { id: ids[6], featured: true, isStaff: false, likes: 0 })
  const oldestCursor = (await app.inject(`/v1/articles/${article.slug}/comments?limit=2`)).json().meta.nextCursor
  t.equal((await app.inject(`/v1/articles/${article.slug}/comments?sort=top&cursor=${oldestCursor}`)).statusCode, 400, 'a cursor belongs to its sort')
  t.equal((await app.inject(`/v1/articles/${article.slug}/comments?sort=best`)).statusCode, 400)
})

t.test('the public list is one named statement: article, page, total and replies together', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const parent = await createComment(db, article.id, { status: 'approved' })
  await createComment(db, article.id, { status: 'approved', parentId: parent.id })
  await createComment(db, article.id, { status: 'approved' })
  // the rules are cached for a few seconds: read once before counting
  t.equal((await app.inject(`/v1/articles/${article.slug}/comments`)).statusCode, 200)
  // every statement of every pool connection, Prisma's included, goes through Client#query;
  // the jobs' statements in the background touch neither table
  const original = pg.Client.prototype.query
  const sent: Array<{ text: string; name?: string }> = []
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string; name?: string }
    const text = typeof first === 'string' ? first : (first?.text ?? '')
    if (/"Comment"|"ModerationRules"/.test(text)) sent.push({ text, name: typeof first === 'string' ? undefined : first?.name })
    return (original as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof original
  t.teardown(() => {
    pg.Client.prototype.query = original
  })
  for (const qs of ['', '?limit=1', '?sort=top', '?sort=newest&limit=1']) {
    sent.length = 0
    const res = await app.inject(`/v1/articles/${article.slug}/comments${qs}`)
    t.equal(res.statusCode, 200, qs)
    t.equal(sent.length, 1, `${qs || 'page 1'}: one statement`)
    t.ok(sent[0]?.name, 'named')
    if (qs === '')
      t.same(
        res.json().data.map((c: { replies: unknown[] }) => c.replies.length),
        [1, 0],
      )
  }
  const cursor = (await app.inject(`/v1/articles/${article.slug}/comments?limit=1`)).json().meta.nextCursor
  sent.length = 0
  t.equal((await app.inject(`/v1/articles/${article.slug}/comments?limit=1&cursor=${cursor}`)).json().data.length, 1)
  t.equal(sent.length, 1, 'a cursor page: one statement')
  t.equal((await app.inject('/v1/articles/khong-co-bai-nay/comments')).statusCode, 404)
})

t.test('reports and likes are rate-limited per reader', async (t) => {
  const limited = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '2' })
  await limited.app.ready()
  const article = await createArticle(limited.db, { status: 'published' })
  const c = await createComment(limited.db, article.id, { status: 'approved' })
  const codes = []
  for (let i = 0; i < 3; i++)
    codes.push(
      (await limited.app.inject({ method: 'POST', url: `/v1/comments/${c.id}/reports`, remoteAddress: '10.99.0.1', payload: { reason: 'spam' } })).statusCode,
    )
  t.same(codes, [202, 202, 429])
  t.equal(
    (await limited.app.inject({ method: 'POST', url: `/v1/comments/${c.id}/reports`, remoteAddress: '10.99.0.2', payload: { reason: 'spam' } })).statusCode,
    202,
    'another reader is not limited',
  )
})

t.test('commenters: id from the e-mail else the IP, history, notes, bans that bin new comments', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const key = createReaderKey(ctx.config.jwtSecret)
  const submit = (payload: Record<string, unknown>, ip = freshIp()) =>
    app.inject({
      method: 'POST',
      url: `/v1/articles/${article.slug}/comments`,
      remoteAddress: ip,
      payload: { authorName: 'Minh', content: `Ý kiến ${Math.random()}`, ...payload },
    })
  const a = await submit({ email: 'Minh@Example.vn' }, '10.50.0.1')
  const b = await submit({ email: 'minh@example.vn' }, '10.50.0.2')
  const c = await submit({}, '10.50.0.3')
  const staff = async (id: string) =>
    (await app.inject({ url: `/v1/moderation/comments?status=pending&limit=100`, headers: mod.headers })).json().data.find((x: { id: string }) => x.id === id)
  const commenterId = key('x', 'minh@example.vn')
  t.equal((await staff(a.json().id)).commenterId, commenterId)
  t.equal((await staff(b.json().id)).commenterId, commenterId, 'one commenter across addresses')
  t.equal((await staff(c.json().id)).commenterId, key('10.50.0.3'), 'no e-mail: the IP form')
  t.notOk(JSON.stringify(await staff(c.json().id)).includes('10.50.0.3'))

  await decide(a.json().id, 'approve')
  const view = await app.inject({ url: `/v1/moderation/commenters/${commenterId}`, headers: mod.headers })
  t.equal(view.statusCode, 200)
  t.match(view.json(), { commenterId, firstSeenAt: String, counts: { approved: 1, rejected: 0, spam: 0, pending: 1 }, notes: [] })
  t.notOk('ban' in view.json())
  t.equal((await app.inject({ url: `/v1/moderation/commenters/${'0'.repeat(64)}`, headers: mod.headers })).statusCode, 404)
  t.equal((await app.inject({ url: '/v1/moderation/commenters/10.50.0.1', headers: mod.headers })).statusCode, 400)
  t.equal((await app.inject({ url: `/v1/moderation/commenters/${commenterId}` })).statusCode, 401)

  const note = (text: string) => app.inject({ method: 'POST', url: `/v1/moderation/commenters/${commenterId}/notes`, headers: mod.headers, payload: { text } })
  t.equal((await note('Lần đầu nhắc nhở')).statusCode, 201)
  const second = await note('Lần hai')
  t.same(
    second.json().notes.map((n: { text: string }) => n.text),
    ['Lần hai', 'Lần đầu nhắc nhở'],
  )
  t.match(second.json().notes[0].author, { id: mod.user.id })
  t.equal((await note('   ')).statusCode, 400)

  const ban = (payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: `/v1/moderation/commenters/${commenterId}/ban`, headers: mod.headers, payload })
  t.equal((await ban({ reason: 'Quảng cáo', until: new Date(Date.now() - 60_000).toISOString() })).statusCode, 400, 'until in the past')
  t.equal((await ban({})).statusCode, 400)
  t.equal(
    (await app.inject({ method: 'POST', url: `/v1/moderation/commenters/${'0'.repeat(64)}/ban`, headers: mod.headers, payload: { reason: 'x' } })).statusCode,
    404,
  )
  const banned = await ban({ reason: 'Quảng cáo lặp lại' })
  t.equal(banned.statusCode, 200)
  t.match(banned.json().ban, { until: null, reason: 'Quảng cáo lặp lại', createdBy: { id: mod.user.id } })
  const during = await submit({ email: 'MINH@example.vn' })
  t.equal(during.statusCode, 202)
  t.equal(during.json().status, 'pending', 'the reader is not told')
  const row = await db.prisma.comment.findUniqueOrThrow({ where: { id: during.json().id } })
  t.equal(row.status, 'spam')
  t.equal(row.decisionReason, 'banned commenter: Quảng cáo lặp lại')
  const log = await app.inject({ url: `/v1/moderation/log?comment=${row.id}`, headers: mod.headers })
  t.match(log.json().data[0], { actor: 'system', to: 'spam', reason: /banned commenter/ })
  t.equal((await submit({})).statusCode, 202)
  const lifted = await app.inject({ method: 'DELETE', url: `/v1/moderation/commenters/${commenterId}/ban`, headers: mod.headers })
  t.equal(lifted.statusCode, 200)
  t.notOk('ban' in lifted.json())
  const after = await submit({ email: 'minh@example.vn' })
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: after.json().id } })).status, 'pending')
  await ban({ reason: 'Tạm khóa', until: new Date(Date.now() + 3_600_000).toISOString() })
  const timed = await submit({ email: 'minh@example.vn' })
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: timed.json().id } })).status, 'spam', 'a ban with an end applies until then')
  await app.inject({ method: 'DELETE', url: `/v1/moderation/commenters/${commenterId}/ban`, headers: mod.headers })
})

t.test("trustedAfter and distrustAfter decide by the commenter's history, naming the rule", async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const key = createReaderKey(ctx.config.jwtSecret)
  const rules = (body: Record<string, unknown>) => app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: body })
  const submitAs = async (email: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/articles/${article.slug}/comments`,
      remoteAddress: freshIp(),
      payload: { authorName: 'Hà', email, content: `Góp ý ${Math.random()}` },
    })
    t.equal(res.statusCode, 202)
    return db.prisma.comment.findUniqueOrThrow({ where: { id: res.json().id } })
  }
  const history = async (email: string, statuses: Array<'approved' | 'rejected'>) => {
    for (const status of statuses) await createComment(db, article.id, { status, commenterId: key('x', email) })
  }
  await history('tin@example.vn', ['approved', 'approved'])
  await history('vua@example.vn', ['approved', 'approved', 'rejected'])
  await history('xau@example.vn', ['rejected', 'rejected'])

  t.equal((await submitAs('tin@example.vn')).status, 'pending', 'trustedAfter 0 (default): nobody skips the queue')
  t.match((await rules({ trustedAfter: 2 })).json(), { mode: 'pre', trustedAfter: 2, distrustAfter: 2 })
  const trusted = await submitAs('tin@example.vn')
  t.equal(trusted.status, 'approved')
  t.match(trusted.decisionReason, /^trustedAfter: /)
  const log = await app.inject({ url: `/v1/moderation/log?comment=${trusted.id}`, headers: mod.headers })
  t.match(log.json().data[0], { actor: 'system', to: 'approved', reason: /trustedAfter/ })
  t.equal((await submitAs('vua@example.vn')).status, 'pending', 'a rejection within 90 days: no trust')
  t.equal((await submitAs('moi@example.vn')).status, 'pending', 'a newcomer waits')

  await rules({ mode: 'post' })
  const held = await submitAs('xau@example.vn')
  t.equal(held.status, 'pending', 'two rejections: held even in post mode')
  t.same(held.flags, [{ kind: 'distrusted', rejections: 2, distrustAfter: 2 }])
  t.equal((await submitAs('vua@example.vn')).status, 'approved', 'one rejection: post mode publishes')
  await rules({ distrustAfter: 0 })
  t.equal((await submitAs('xau@example.vn')).status, 'approved', 'distrustAfter 0: never')
  await rules({ mode: 'pre', trustedAfter: 0, distrustAfter: 2 })
})

t.test('a ban and its lifting are in the audit log, by the moderator, with the terms', async (t) => {
  const moderator = await tokenFor(ctx, 'moderator')
  const [row] = await db.pool.query<{ commenterId: string }>(`SELECT "commenterId" FROM "Comment" WHERE "commenterId" IS NOT NULL LIMIT 1`).then((r) => r.rows)
  t.ok(row, 'a commenter to ban')
  const id = row!.commenterId
  const ban = await app.inject({
    method: 'POST',
    url: `/v1/moderation/commenters/${id}/ban`,
    headers: moderator.headers,
    payload: { reason: 'Quảng cáo lặp lại' },
  })
  t.equal(ban.statusCode, 200, ban.body)
  const lift = await app.inject({ method: 'DELETE', url: `/v1/moderation/commenters/${id}/ban`, headers: moderator.headers })
  t.equal(lift.statusCode, 200)
  const { rows } = await db.pool.query<{ action: string; actorId: string; changes: Record<string, unknown>; requestId: string }>(
    `SELECT action, "actorId", changes, "requestId" FROM "AuditEntry" WHERE entity = 'ban' AND "entityId" = $1 ORDER BY seq`,
    [id],
  )
  t.same(
    rows.map((r) => r.action),
    ['create', 'delete'],
  )
  t.equal(rows[0]!.actorId, moderator.user.id)
  t.same((rows[0]!.changes as { reason: unknown }).reason, [null, 'Quảng cáo lặp lại'])
  t.equal(rows[0]!.requestId, ban.headers['x-request-id'])
})
