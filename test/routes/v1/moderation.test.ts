// The moderation queue and the automatic rules through the HTTP API, on a real database.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'

const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100000' })
const { app, db } = ctx
await app.ready()
const mod1 = await tokenFor(ctx, 'moderator')
const mod2 = await tokenFor(ctx, 'moderator')
const admin = await tokenFor(ctx, 'admin')
const article = await createArticle(db, { status: 'published', title: 'Bài để kiểm duyệt' })

let ip = 0
async function submit(content: string, slug = article.slug) {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${slug}/comments`,
    remoteAddress: `10.9.${Math.floor(++ip / 250)}.${ip % 250}`,
    payload: { authorName: 'Độc giả', email: 'doc.gia@example.vn', content },
  })
  t.equal(res.statusCode, 202, res.body)
  return res.json().id as string
}
const rules = (body: Record<string, unknown>, who = mod1) => app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: who.headers, payload: body })
const decide = (id: string, body: Record<string, unknown>, who = mod1) =>
  app.inject({ method: 'POST', url: `/v1/moderation/comments/${id}/decision`, headers: who.headers, payload: body })
const count = async () => (await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount

t.test('rules: read, replace (normalised), and validated', async (t) => {
  const initial = await app.inject({ url: '/v1/moderation/rules', headers: mod1.headers })
  t.equal(initial.statusCode, 200)
  t.same(initial.json(), {
    mode: 'pre',
    bannedWords: [],
    suspectWords: [],
    maxLinks: 2,
    reportThreshold: 3,
    trustedAfter: 0,
    distrustAfter: 2,
    closeAfterDays: 0,
  })
  const put = await rules({ mode: 'pre', bannedWords: [' cờ  bạc ', 'CỜ BẠC', 'lừa đảo'.normalize('NFD')], suspectWords: ['khuyến mãi'], maxLinks: 1 })
  t.equal(put.statusCode, 200)
  t.same(put.json().bannedWords, ['cờ bạc', 'lừa đảo'])
  t.equal((await rules({ mode: 'sometimes', bannedWords: [], suspectWords: [], maxLinks: 1 })).statusCode, 400)
  t.equal((await rules({ mode: 'pre', bannedWords: [], suspectWords: [], maxLinks: -1 })).statusCode, 400)
  const anon = await app.inject({ method: 'PUT', url: '/v1/moderation/rules', payload: { mode: 'post', bannedWords: [], suspectWords: [], maxLinks: 0 } })
  t.equal(anon.statusCode, 401)
  const editor = await tokenFor(ctx, 'editor')
  t.equal((await rules({ mode: 'post', bannedWords: [], suspectWords: [], maxLinks: 0 }, editor)).statusCode, 403)
})

t.test('automatic rules: accents stripped and capitals, whole words', async (t) => {
  const spam = await submit('Tham gia CO BAC online')
  const held = await submit('Khuyen Mai lớn hôm nay')
  const links = await submit('xem https://a.vn và https://b.vn')
  const clean = await submit('cobac là biệt danh của tôi')
  const rows = await db.prisma.comment.findMany({ where: { id: { in: [spam, held, links, clean] } } })
  const byId = new Map(rows.map((r) => [r.id, r]))
  t.equal(byId.get(spam)!.status, 'spam')
  t.same(byId.get(spam)!.flags, [{ kind: 'banned_word', word: 'cờ bạc' }])
  t.match(byId.get(spam), { decidedById: null, decidedAt: Date, decisionReason: /cờ bạc/ }, "the rules' decision is written like a moderator's")
  t.match(byId.get(held), { decidedAt: null, decisionReason: null })
  t.equal(byId.get(held)!.status, 'pending')
  t.same(byId.get(held)!.flags, [{ kind: 'suspect_word', word: 'khuyến mãi' }])
  t.same(byId.get(links)!.flags, [{ kind: 'too_many_links', count: 2, max: 1 }])
  t.same(byId.get(clean)!.flags, [])
  t.equal(byId.get(clean)!.status, 'pending')
  const log = await db.prisma.moderationLog.findMany({ where: { commentId: spam } })
  t.equal(log.length, 1)
  t.match(log[0], { actorId: null, fromStatus: 'pending', toStatus: 'spam', reason: /cờ bạc/ })
  const queue = await app.inject({ url: '/v1/moderation/comments', headers: mod1.headers })
  const item = queue.json().data.find((c: { id: string }) => c.id === held)
  t.match(item, {
    email: 'doc.gia@example.vn',
    flags: [{ kind: 'suspect_word', word: 'khuyến mãi' }],
    article: { id: article.id, slug: article.slug, title: article.title },
  })
})

t.test('the queue: pending oldest first; claims lease to one moderator', async (t) => {
  await db.prisma.comment.deleteMany({ where: { status: 'pending' } })
  const ids = [await submit('một'), await submit('hai'), await submit('ba')]
  const queue = await app.inject({ url: '/v1/moderation/comments?limit=10', headers: mod1.headers })
  t.same(
    queue.json().data.map((c: { id: string }) => c.id),
    ids,
  )
  const claim1 = await app.inject({ method: 'POST', url: '/v1/moderation/claims', headers: mod1.headers, payload: { limit: 2 } })
  t.equal(claim1.statusCode, 200)
  t.same(
    claim1.json().data.map((c: { id: string }) => c.id),
    ids.slice(0, 2),
  )
  t.equal(claim1.json().data[0].claimedBy.id, mod1.user.id)
  const claim2 = await app.inject({ method: 'POST', url: '/v1/moderation/claims', headers: mod2.headers, payload: { limit: 5 } })
  t.same(
    claim2.json().data.map((c: { id: string }) => c.id),
    [ids[2]],
    'the other moderator gets only what is free',
  )

  const foreign = await decide(ids[0]!, { action: 'approve' }, mod2)
  t.equal(foreign.statusCode, 409)
  t.match(foreign.json(), { currentStatus: 'pending', claimedBy: mod1.user.id })
  const before = await count()
  const ok = await decide(ids[0]!, { action: 'approve', reason: 'ổn' })
  t.equal(ok.statusCode, 200)
  t.match(ok.json(), { status: 'approved', claimedBy: null, decidedBy: { id: mod1.user.id }, decisionReason: 'ổn' })
  t.equal(await count(), before + 1, 'commentCount follows approvals')

  // a lapsed lease is free for anyone
  await db.prisma.comment.update({ where: { id: ids[1] }, data: { claimExpiresAt: new Date(Date.now() - 1000) } })
  t.equal((await decide(ids[1]!, { action: 'reject' }, mod2)).statusCode, 200)
})

t.test('expectedStatus, repeated decisions and take-downs', async (t) => {
  const id = await submit('đợi quyết định')
  const stale = await decide(id, { action: 'approve', expectedStatus: 'approved' })
  t.equal(stale.statusCode, 409)
  t.equal(stale.json().currentStatus, 'pending')
  t.equal((await decide(id, { action: 'approve', expectedStatus: 'pending' })).statusCode, 200)
  const twice = await decide(id, { action: 'approve' })
  t.equal(twice.statusCode, 409, 'already approved')
  const before = await count()
  const down = await decide(id, { action: 'reject', reason: 'gỡ xuống' })
  t.equal(down.statusCode, 200)
  t.equal(await count(), before - 1)
  const log = await db.prisma.moderationLog.findMany({ where: { commentId: id }, orderBy: { createdAt: 'asc' } })
  t.same(
    log.map((l) => [l.fromStatus, l.toStatus]),
    [
      ['pending', 'approved'],
      ['approved', 'rejected'],
    ],
  )
  t.equal((await decide('00000000-0000-4000-8000-000000000000', { action: 'approve' })).statusCode, 404)
  t.equal((await decide(id, { action: 'delete' })).statusCode, 400)
  t.equal((await decide('not-a-uuid', { action: 'approve' })).statusCode, 400)
})

t.test('bulk decisions: one result per item, a bad item fails alone', async (t) => {
  const a = await submit('hàng loạt một')
  const b = await submit('hàng loạt hai')
  const res = await app.inject({
    method: 'POST',
    url: '/v1/moderation/decisions',
    headers: mod1.headers,
    payload: {
      decisions: [
        { id: a, action: 'approve' },
        { id: '00000000-0000-4000-8000-000000000000', action: 'spam' },
        { id: b, action: 'spam', expectedStatus: 'approved' },
        { id: b, action: 'spam' },
      ],
    },
  })
  t.equal(res.statusCode, 200)
  t.match(res.json().results, [
    { id: a, ok: true, status: 200, comment: { status: 'approved' } },
    { ok: false, status: 404 },
    { id: b, ok: false, status: 409, currentStatus: 'pending' },
    { id: b, ok: true, status: 200, comment: { status: 'spam' } },
  ])
  t.equal((await app.inject({ method: 'POST', url: '/v1/moderation/decisions', headers: mod1.headers, payload: { decisions: [] } })).statusCode, 400)
})

t.test('post mode: public at once unless a rule holds it; moderators can take it down', async (t) => {
  await rules({ mode: 'post', bannedWords: ['cờ bạc'], suspectWords: ['khuyến mãi'], maxLinks: 1 })
  const before = await count()
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: '10.99.0.1',
    payload: { authorName: 'C', content: 'Hiện ngay' },
  })
  t.equal(res.json().status, 'approved')
  t.equal(await count(), before + 1)
  const pub = await app.inject(`/v1/articles/${article.slug}/comments?limit=100`)
  t.ok(pub.json().data.some((c: { id: string }) => c.id === res.json().id))
  const held = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: '10.99.0.2',
    payload: { authorName: 'C', content: 'khuyến mãi lớn' },
  })
  t.equal(held.json().status, 'pending')
  const spam = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: '10.99.0.3',
    payload: { authorName: 'C', content: 'cờ bạc' },
  })
  t.equal(spam.json().status, 'pending', 'spam is not announced to the sender')
  t.equal((await decide(res.json().id, { action: 'reject' })).statusCode, 200)
  t.equal(await count(), before)
  await rules({ mode: 'pre', bannedWords: ['cờ bạc'], suspectWords: ['khuyến mãi'], maxLinks: 1 })
})

t.test('stats and the log', async (t) => {
  const stats = await app.inject({ url: '/v1/moderation/stats', headers: admin.headers })
  t.equal(stats.statusCode, 200)
  const s = stats.json()
  t.equal(s.pending, await db.prisma.comment.count({ where: { status: 'pending' } }))
  t.type(s.oldestPendingSeconds, 'number')
  const logged = await db.prisma.moderationLog.groupBy({ by: ['toStatus'], _count: { _all: true } })
  for (const l of logged) t.equal(s.decided[l.toStatus], l._count._all, `decided.${l.toStatus}`)
  const mine = s.byModerator.find((m: { id: string }) => m.id === mod1.user.id)
  t.equal(mine.total, await db.prisma.moderationLog.count({ where: { actorId: mod1.user.id } }))
  const log = await app.inject({ url: '/v1/moderation/log?limit=100', headers: mod1.headers })
  t.equal(log.statusCode, 200)
  t.equal(log.json().meta.total, await db.prisma.moderationLog.count())
  const system = log.json().data.find((e: { actor: string }) => e.actor === 'system')
  t.match(system, { moderator: null, from: 'pending', to: 'spam' })
  const human = log.json().data.find((e: { actor: string }) => e.actor === 'moderator')
  t.match(human, { moderator: { id: String, name: String } })
  const first = await app.inject({ url: '/v1/moderation/log?limit=1', headers: mod1.headers })
  t.equal(first.headers.link, '</v1/moderation/log?limit=1&page=2>; rel="next"')
  t.notOk((await app.inject({ url: '/v1/moderation/log?limit=100', headers: mod1.headers })).headers.link, 'no next link on the last page')
  const filtered = await app.inject({ url: `/v1/moderation/log?moderator=${mod2.user.id}`, headers: mod1.headers })
  t.ok(filtered.json().data.every((e: { moderator: { id: string } }) => e.moderator.id === mod2.user.id))
  t.ok(filtered.json().data.length >= 1)
})

t.test('only moderators and admins reach the queue', async (t) => {
  const contributor = await tokenFor(ctx, 'contributor')
  t.equal((await app.inject({ url: '/v1/moderation/comments', headers: contributor.headers })).statusCode, 403)
  t.equal((await app.inject({ url: '/v1/moderation/comments' })).statusCode, 401)
  t.equal((await app.inject({ url: '/v1/moderation/comments', headers: admin.headers })).statusCode, 200)
  const res = await app.inject({ url: '/v1/moderation/comments', headers: mod1.headers })
  t.equal(res.headers['cache-control'], 'no-store')
})
