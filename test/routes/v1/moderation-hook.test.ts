// The external moderation hook against a local receiver: signed requests without personal data,
// answers that become system decisions, and every failure leaving the comment where the rules put
// it, without holding the reader's request or a database connection.
import t from 'tap'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHmac } from 'node:crypto'
import { build } from '../../helper.ts'
import { createArticle } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'

const SECRET = 'hook-secret-that-is-at-least-32-bytes'
type Received = { body: { type: string; comment: Record<string, unknown> }; signature: string; raw: string }
const received: Received[] = []
let respond: (res: http.ServerResponse, r: Received) => void = (res) => res.end()
const held: http.ServerResponse[] = []
const receiver = http.createServer((req, res) => {
  let raw = ''
  req.on('data', (c) => (raw += c))
  req.on('end', () => {
    const r = { body: JSON.parse(raw), signature: String(req.headers['toasoan-signature']), raw }
    received.push(r)
    respond(res, r)
  })
})
await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok))
t.teardown(() => {
  for (const res of held) res.destroy()
  receiver.close()
})
const port = (receiver.address() as AddressInfo).port
const json =
  (value: unknown, status = 200) =>
  (res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(typeof value === 'string' ? value : JSON.stringify(value))
  }

const ctx = await build(t, {
  CAPTCHA: 'off',
  RATE_LIMIT_COMMENTS: '100000',
  RESPONSE_CACHE: 'off',
  DB_POOL_SIZE: '2',
  MODERATION_HOOK_URL: `http://127.0.0.1:${port}/score`,
  MODERATION_HOOK_SECRET: SECRET,
  MODERATION_HOOK_TIMEOUT_MS: '400',
})
const { app, db } = ctx
await app.ready()
const mod = await tokenFor(ctx, 'moderator')
const hook = app.services.moderationHook!
const article = await createArticle(db, { status: 'published' })
let ip = 0
const submit = async (content = `Ý kiến số ${++ip} về bài viết.`, email?: string) => {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: `10.8.0.${++ip % 250}`,
    payload: { authorName: 'Bạn đọc Hùng', content, ...(email ? { email } : {}) },
  })
  t.equal(res.statusCode, 202, 'the reader is answered at once')
  return res.json().id as string
}
const row = (id: string) => db.prisma.comment.findUniqueOrThrow({ where: { id } })
const staffView = async (id: string, status: string) =>
  (await app.inject({ url: `/v1/moderation/comments?status=${status}&limit=100`, headers: mod.headers })).json().data.find((c: { id: string }) => c.id === id)

t.test('approve: signed, no personal data, a system decision shown with its score and reason', async (t) => {
  respond = json({ action: 'approve', score: 0.02, reason: 'lịch sự' })
  const id = await submit('Bài viết rất hữu ích, cảm ơn tòa soạn.', 'hung@example.vn')
  await hook.settled()
  const r = received.at(-1)!
  const [tPart, v1] = r.signature.split(',')
  const expected = createHmac('sha256', SECRET)
    .update(`${tPart!.slice(2)}.${r.raw}`)
    .digest('hex')
  t.equal(v1, `v1=${expected}`, 'signed like a webhook')
  t.equal(r.body.type, 'comment.moderate')
  t.match(r.body.comment, { id, content: 'Bài viết rất hữu ích, cảm ơn tòa soạn.', status: 'pending', articleId: article.id })
  t.notMatch(r.raw, /hung@example\.vn|ipHash|email/, 'neither the e-mail nor the address hash leaves')
  t.equal((await row(id)).status, 'approved')
  const log = await db.prisma.moderationLog.findFirstOrThrow({ where: { commentId: id } })
  t.match(log, { actorId: null, fromStatus: 'pending', toStatus: 'approved', reason: 'moderation hook: lịch sự' })
  t.match(await staffView(id, 'approved'), { hook: { action: 'approve', score: 0.02, reason: 'lịch sự' }, decidedBy: null })
  const list = (await app.inject(`/v1/articles/${article.slug}/comments?limit=100`)).json()
  t.ok(
    list.data.some((c: { id: string }) => c.id === id),
    'public',
  )
})

t.test('reject, spam and queue', async (t) => {
  for (const [action, status] of [
    ['reject', 'rejected'],
    ['spam', 'spam'],
    ['queue', 'pending'],
  ] as const) {
    respond = json({ action, score: 0.9 })
    const id = await submit()
    await hook.settled()
    const c = await row(id)
    t.equal(c.status, status, action)
    t.match(c, { hookAction: action, hookScore: 0.9, hookReason: null })
  }
})

t.test('timeouts, errors, bad answers and redirects leave the comment queued', async (t) => {
  const failures: Array<[string, typeof respond]> = [
    ['500', json({ action: 'approve' }, 500)],
    ['invalid JSON', json('{"action": "approve"')],
    ['unknown action', json({ action: 'publish' })],
    ['a score that is not a number', json({ action: 'approve', score: 'cao' })],
    ['redirect', (res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` }).end()],
    ['timeout', (res) => void held.push(res)],
  ]
  for (const [what, answer] of failures) {
    respond = answer
    const before = received.length
    const id = await submit()
    await hook.settled()
    t.equal(received.length, before + 1, `${what}: asked once, redirect not followed`)
    t.match(await row(id), { status: 'pending', hookAction: null }, what)
  }
})

t.test('a hook that hangs holds neither the reader nor a database connection', async (t) => {
  respond = (res) => void held.push(res)
  const ids = []
  // more submissions than pool connections, all answered while the hook still holds every request
  for (let i = 0; i < 5; i++) ids.push(await submit())
  t.equal(held.length >= 5, true, 'the hook has not answered any of them')
  const other = await app.inject(`/v1/articles/${article.slug}/comments`)
  t.equal(other.statusCode, 200, 'the API still reads')
  await hook.settled()
  for (const id of ids) t.equal((await row(id)).status, 'pending')
})

t.test("a moderator's decision taken while the hook thinks stands", async (t) => {
  const asked = new Promise<http.ServerResponse>((resolve) => {
    respond = resolve
  })
  const id = await submit()
  const pendingAnswer = await asked
  const release = () => json({ action: 'reject', reason: 'độc hại' })(pendingAnswer)
  const decided = await app.inject({ method: 'POST', url: `/v1/moderation/comments/${id}/decision`, headers: mod.headers, payload: { action: 'approve' } })
  t.equal(decided.statusCode, 200)
  release()
  await hook.settled()
  t.match(await row(id), { status: 'approved', hookAction: 'reject', hookReason: 'độc hại' }, 'the answer is kept, the decision is not undone')
})

t.test('post mode: the hook can take a published comment down; rule decisions are not sent', async (t) => {
  await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: { mode: 'post', bannedWords: ['lừa đảo'] } })
  const countBefore = (await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount
  respond = json({ action: 'reject', reason: 'công kích cá nhân' })
  const id = await submit()
  await hook.settled()
  t.match(await row(id), { status: 'rejected', hookAction: 'reject' })
  t.equal((await db.prisma.article.findUniqueOrThrow({ where: { id: article.id } })).commentCount, countBefore, 'published and taken down: counted out again')

  const before = received.length
  const binned = await submit('Đây là trò lừa đảo')
  await hook.settled()
  t.equal(received.length, before, 'a comment the rules binned is not sent')
  t.not((await row(binned)).status, 'approved')
  await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: { mode: 'pre', bannedWords: [] } })
})

t.test('a hook answer about a deleted comment is ignored', async (t) => {
  respond = (res) => {
    void db.prisma.comment.deleteMany({ where: { id: received.at(-1)!.body.comment.id as string } }).then(() => json({ action: 'approve' })(res))
  }
  const id = await submit()
  await hook.settled()
  t.equal(await db.prisma.comment.count({ where: { id } }), 0)
})
