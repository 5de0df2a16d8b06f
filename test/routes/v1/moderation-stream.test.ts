// The live moderation stream: tickets (single use, 30 s, hashed, any instance), the event stream
// (submit, claim, decide, stats) on this instance and another, and a shutdown that does not wait
// for open streams.
import http from 'node:http'
import t from 'tap'
import { build, usingPostgres } from '../../helper.ts'
import { buildApp, serverOptions, type App } from '../../../src/app.ts'
import { prepare } from '../../../src/bootstrap.ts'
import { createArticle } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'

let now = new Date()
const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100000' }, { clock: () => now })
const { app, db } = ctx
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const mod1 = await tokenFor(ctx, 'moderator')
const mod2 = await tokenFor(ctx, 'moderator')
const article = await createArticle(db, { status: 'published', title: 'Bài có bình luận trực tiếp' })

interface SseEvent {
  event: string
  data: any
}
interface Stream {
  status: number
  headers: http.IncomingHttpHeaders
  events: SseEvent[]
  comments: string[]
  next(event: string, match?: (data: any) => boolean): Promise<SseEvent>
  ended: Promise<void>
  close(): void
}

/** Opens the stream over real HTTP and parses what arrives, event by event. */
function openStream(origin: string, ticket: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${origin}/v1/moderation/stream?ticket=${encodeURIComponent(ticket)}`, (res) => {
      const events: SseEvent[] = []
      const comments: string[] = []
      const waiting: Array<{ event: string; match: (d: any) => boolean; resolve: (e: SseEvent) => void }> = []
      let buffer = ''
      res.setEncoding('utf8')
      const ended = new Promise<void>((done) => {
        res.on('end', done)
        res.on('close', done)
      })
      res.on('data', (chunk: string) => {
        buffer += chunk
        let cut: number
        while ((cut = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, cut)
          buffer = buffer.slice(cut + 2)
          let event = 'message'
          let data = ''
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line)
            else if (line.startsWith('event: ')) event = line.slice(7)
            else if (line.startsWith('data: ')) data += line.slice(6)
          }
          if (!data) continue
          const e = { event, data: JSON.parse(data) }
          events.push(e)
          for (const w of [...waiting])
            if (w.event === e.event && w.match(e.data)) {
              waiting.splice(waiting.indexOf(w), 1)
              w.resolve(e)
            }
        }
      })
      resolve({
        status: res.statusCode!,
        headers: res.headers,
        events,
        comments,
        ended,
        next: (event, match = () => true) =>
          new Promise((done) => {
            const seen = events.find((e) => e.event === event && match(e.data))
            if (seen) done(seen)
            else waiting.push({ event, match, resolve: done })
          }),
        close: () => req.destroy(),
      })
    })
    req.on('error', reject)
  })
}

const ticketFrom = async (a: App, who = mod1) => {
  const res = await a.inject({ method: 'POST', url: '/v1/moderation/stream-ticket', headers: who.headers })
  if (res.statusCode !== 201) throw new Error(res.body)
  return res.json() as { ticket: string; expiresAt: string }
}
let ip = 0
const submit = async (content: string) => {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: `10.8.0.${++ip}`,
    payload: { authorName: 'Độc giả', content },
  })
  if (res.statusCode !== 202) throw new Error(res.body)
  return res.json() as { id: string }
}
const refusedAtOnce = async (url: string, headers: Record<string, string> = {}) => {
  const res = await app.inject({ url, headers })
  return res.statusCode === 401 && /^application\/problem\+json/.test(String(res.headers['content-type']))
}

t.test('a ticket: 30 s, stored only as a hash, for moderators', async (t) => {
  const { ticket, expiresAt } = await ticketFrom(app)
  t.equal(Date.parse(expiresAt) - now.getTime(), 30_000)
  const rows = await db.prisma.streamTicket.findMany()
  t.ok(rows.length >= 1)
  t.notOk(
    rows.some((r) => r.tokenHash === ticket || r.tokenHash.includes(ticket)),
    'the ticket itself is not stored',
  )
  const editor = await tokenFor(ctx, 'editor')
  t.equal((await app.inject({ method: 'POST', url: '/v1/moderation/stream-ticket', headers: editor.headers })).statusCode, 403)
})

t.test('without a valid ticket: 401 at once, never a stream', async (t) => {
  t.ok(await refusedAtOnce('/v1/moderation/stream'), 'no ticket')
  t.ok(await refusedAtOnce('/v1/moderation/stream?ticket=nonsense'), 'an unknown ticket')
  t.ok(await refusedAtOnce('/v1/moderation/stream', mod1.headers), 'an access token is not a ticket')
  t.ok(await refusedAtOnce('/v1/moderation/stream', { authorization: 'Basic eDp5' }), 'not Bearer')
  t.equal((await app.inject('/v1/moderation/stream?ticket=')).statusCode, 400)
  t.equal((await app.inject('/v1/moderation/stream?ticket=a&other=1')).statusCode, 400)
})

t.test('expired after 30 s on the injected clock; a moderator disabled since is refused', async (t) => {
  const { ticket } = await ticketFrom(app)
  now = new Date(now.getTime() + 30_001)
  try {
    t.ok(await refusedAtOnce(`/v1/moderation/stream?ticket=${ticket}`), 'expired')
  } finally {
    now = new Date()
  }
  const gone = await tokenFor(ctx, 'moderator')
  const late = await ticketFrom(app, gone)
  await db.prisma.user.update({ where: { id: gone.user.id }, data: { disabled: true } })
  t.ok(await refusedAtOnce(`/v1/moderation/stream?ticket=${late.ticket}`), 'disabled')
})

t.test('the stream: single use, events for submit, claim and decide, then stats', async (t) => {
  const { ticket } = await ticketFrom(app)
  const s = await openStream(base, ticket)
  t.teardown(() => s.close())
  t.equal(s.status, 200)
  t.match(s.headers['content-type'], /^text\/event-stream/)
  t.equal(s.headers['cache-control'], 'no-store')
  t.equal(s.headers['content-encoding'], undefined)
  t.ok(await refusedAtOnce(`/v1/moderation/stream?ticket=${ticket}`), 'the same ticket a second time')
  t.ok(await refusedAtOnce('/v1/moderation/stream', { authorization: `Bearer ${ticket}` }), 'nor as a Bearer header')
  const first = await s.next('stats')
  t.match(first.data, { pending: Number, decided: Object, byModerator: Array })
  t.match(s.comments[0], /^: connected/)

  const c = await submit('Bình luận mới từ bạn đọc')
  t.match((await s.next('comment.submitted', (d) => d.id === c.id)).data, { id: c.id, articleId: article.id, status: 'pending' })
  const claim = await app.inject({ method: 'POST', url: '/v1/moderation/claims', headers: mod2.headers, payload: { limit: 5 } })
  t.equal(claim.statusCode, 200)
  const claimed = await s.next('comment.claimed', (d) => d.ids.includes(c.id))
  t.match(claimed.data, { claimedBy: { id: mod2.user.id, name: mod2.user.name }, claimExpiresAt: String })
  const decision = await app.inject({ method: 'POST', url: `/v1/moderation/comments/${c.id}/decision`, headers: mod2.headers, payload: { action: 'approve' } })
  t.equal(decision.statusCode, 200, decision.body)
  t.match((await s.next('comment.decided', (d) => d.id === c.id)).data, { id: c.id, status: 'approved', decidedBy: { id: mod2.user.id } })
  const c2 = await submit('Một bình luận nữa')
  const bulk = await app.inject({
    method: 'POST',
    url: '/v1/moderation/decisions',
    headers: mod1.headers,
    payload: { decisions: [{ id: c2.id, action: 'spam' }] },
  })
  t.equal(bulk.statusCode, 200)
  t.match((await s.next('comment.decided', (d) => d.id === c2.id)).data, { status: 'spam', decidedBy: { id: mod1.user.id } })
  const stats = await s.next('stats', (d) => d.decided.spam >= 1)
  t.match(stats.data, { decided: { approved: Number, spam: Number } })
})

t.test('a comment hidden by reader reports is announced once, for the reported view', async (t) => {
  const s = await openStream(base, (await ticketFrom(app)).ticket)
  t.teardown(() => s.close())
  await s.next('stats')
  const c = await submit('Bình luận sẽ bị báo cáo')
  await app.inject({ method: 'POST', url: `/v1/moderation/comments/${c.id}/decision`, headers: mod1.headers, payload: { action: 'approve' } })
  for (let i = 0; i < 4; i++) {
    const r = await app.inject({ method: 'POST', url: `/v1/comments/${c.id}/reports`, remoteAddress: `10.9.1.${i}`, payload: { reason: 'abusive' } })
    t.equal(r.statusCode, 202)
  }
  t.same((await s.next('comment.hidden', (d) => d.id === c.id)).data, { id: c.id, articleId: article.id })
  t.equal(s.events.filter((e) => e.event === 'comment.hidden' && e.data.id === c.id).length, 1, 'the reports past the threshold add nothing')
})

t.test(
  "another instance: accepts this one's ticket, and its stream hears this one's changes",
  { skip: !usingPostgres && 'LISTEN/NOTIFY needs PostgreSQL' },
  async (t) => {
    const other = await prepare(ctx.config, { info() {}, warn() {} })
    const app2 = await buildApp({ config: other.config, db: other.db }, serverOptions(other.config))
    let closed = false
    t.teardown(async () => {
      if (!closed) await app2.close()
      await other.db.close()
    })
    const base2 = await app2.listen({ port: 0, host: '127.0.0.1' })
    await new Promise((r) => setTimeout(r, 300)) // let its LISTEN connection settle
    const s = await openStream(base2, (await ticketFrom(app)).ticket)
    t.equal(s.status, 200, 'a ticket from instance A opens a stream on B')
    await s.next('stats')
    const c = await submit('Gửi tới phiên bản A')
    t.match((await s.next('comment.submitted', (d) => d.id === c.id)).data, { status: 'pending' })
    await app.inject({ method: 'POST', url: `/v1/moderation/comments/${c.id}/decision`, headers: mod1.headers, payload: { action: 'reject' } })
    t.match((await s.next('comment.decided', (d) => d.id === c.id)).data, { status: 'rejected', decidedBy: { id: mod1.user.id } })

    // shutting down ends the open stream instead of waiting for the client to leave
    await app2.close()
    closed = true
    await s.ended
    t.pass('app.close() ended the open stream')
  },
)
