// The outbox, scheduled events across instances, and webhooks (address checks, signed delivery).
// Traffic goes to loopback only: refusals are tested at save time and with an injected resolver.
import { createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { buildApp, serverOptions } from '../../src/app.ts'
import { build } from '../helper.ts'
import { tokenFor } from '../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../fixtures/editorial.ts'
import { send } from '../../src/services/events/send.ts'
import { guardedLookup } from '../../src/services/events/webhook-target.ts'

let now = new Date()
const clock = () => now
const resolver = async (host: string) =>
  host === 'rebind.test'
    ? [{ address: '10.0.0.1', family: 4 }]
    : host === 'loop.test'
      ? [{ address: '127.0.0.1', family: 4 }]
      : [{ address: '93.184.216.34', family: 4 }]

t.test('outbox: committed changes record one event each; a refused change records none', async (t) => {
  const ctx = await build(t, {}, { clock, resolver })
  const admin = await tokenFor(ctx, 'admin')
  const author = await newAuthor(ctx.app, admin.headers)
  const draft = await newDraft(ctx.app, admin.headers, { authorIds: [author.id] })
  t.equal((await act(ctx.app, admin.headers, draft.id, 'publish')).statusCode, 200)
  t.equal((await act(ctx.app, admin.headers, draft.id, 'publish')).statusCode, 409, 'publishing twice is refused')
  const res = await ctx.app.inject({ url: '/v1/admin/events', headers: admin.headers })
  t.equal(res.statusCode, 200)
  const events = res.json().data as Array<{ type: string; entityId: string; tags: string[] }>
  t.same(
    events.map((e) => e.type),
    ['article.published'],
    'one event; the refused publish wrote nothing',
  )
  t.ok(events[0]!.tags.includes(`article-${draft.id}`) && events[0]!.tags.includes(`author-${author.id}`) && events[0]!.tags.includes('articles'))
  const filtered = await ctx.app.inject({ url: '/v1/admin/events?type=comment.approved', headers: admin.headers })
  t.same(filtered.json().data, [])
  const editor = await tokenFor(ctx, 'editor')
  t.equal((await ctx.app.inject({ url: '/v1/admin/events', headers: editor.headers })).statusCode, 403)
})

t.test('a scheduled article fires article.published once across three instances, and unpublishAt fires once', async (t) => {
  // the response cache stays on: the tick announces what its events made stale, so a moved clock shows at once
  const ctx = await build(t, {}, { clock, resolver })
  t.teardown(() => {
    now = new Date()
  })
  const admin = await tokenFor(ctx, 'admin')
  const author = await newAuthor(ctx.app, admin.headers)
  const draft = await newDraft(ctx.app, admin.headers, { authorIds: [author.id], unpublishAt: new Date(now.getTime() + 7_200_000).toISOString() })
  const at = new Date(now.getTime() + 3_600_000)
  t.equal((await act(ctx.app, admin.headers, draft.id, 'publish', { publishAt: at.toISOString() })).statusCode, 200)
  const others = await Promise.all([1, 2].map(() => buildApp({ config: ctx.config, db: ctx.db, clock, resolver }, serverOptions(ctx.config))))
  t.teardown(() => Promise.all(others.map((a) => a.close())))
  const apps = [ctx.app, ...others]
  const runners = await Promise.all(apps.map((a) => a.jobs()))
  const count = async (type: string) => await ctx.db.prisma.event.count({ where: { type, entityId: draft.id } })
  const listed = async () => (await ctx.app.inject('/v1/articles?limit=100')).json().data.some((a: { id: string }) => a.id === draft.id)
  await Promise.all(runners.map((r) => r.tick()))
  t.equal(await count('article.published'), 0, 'not before its time')
  t.notOk(await listed())
  t.equal((await ctx.app.inject('/v1/articles?limit=100')).headers['x-cache'], 'hit', 'the list is cached')
  now = new Date(at.getTime() + 1)
  await runners[0]!.tick()
  await Promise.all(runners.map((r) => r.tick()))
  await Promise.all(runners.map((r) => r.tick()))
  t.equal(await count('article.published'), 1, 'three instances, three ticks each: one event')
  t.ok(await listed(), 'the cached list was dropped by the tick')
  const detail = await ctx.app.inject({ url: `/v1/articles/${draft.slug}` })
  t.equal(detail.statusCode, 200, 'public now')
  t.equal((await ctx.app.inject({ url: `/v1/articles/${draft.slug}` })).headers['x-cache'], 'hit', 'and cached')
  now = new Date(at.getTime() + 3_600_000 + 1)
  await runners[0]!.tick()
  t.equal((await ctx.app.inject({ url: `/v1/articles/${draft.slug}` })).statusCode, 404, 'gone from the cache once unpublishAt passed')
  t.notOk(await listed())
  await Promise.all(runners.map((r) => r.tick()))
  t.equal(await count('article.unpublished'), 1)
})

t.test('webhook URLs resolving to loopback, private or metadata addresses are refused; no connection at connect time', async (t) => {
  const ctx = await build(t, {}, { resolver })
  const admin = await tokenFor(ctx, 'admin')
  for (const url of ['http://127.0.0.1/h', 'http://[::1]/h', 'http://169.254.169.254/latest', 'http://10.0.0.1/', 'http://loop.test/h', 'ftp://example.vn/']) {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/admin/webhooks', headers: admin.headers, payload: { url, events: ['*'] } })
    t.equal(res.statusCode, 400, url)
  }
  t.equal(await ctx.db.prisma.webhookEndpoint.count(), 0, 'nothing saved')
  // DNS rebinding: the name answers a private address at connect time
  let connected = false
  const probe = http.createServer(() => {
    connected = true
  })
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  t.teardown(() => probe.close())
  const res = await send({ url: 'http://rebind.test/', body: '{}', headers: {}, lookup: guardedLookup(resolver, false) })
  t.equal(res.status, null)
  t.match(res.error, /10\.0\.0\.1/)
  t.notOk(connected)
})

t.test('a signed delivery to a loopback receiver; rotation signs with both secrets; 500 is retried', async (t) => {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = []
  let answer = 200
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(answer).end('ok')
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  t.teardown(() => receiver.close())
  const port = (receiver.address() as AddressInfo).port
  const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true', JOBS: 'on' })
  const admin = await tokenFor(ctx, 'admin')
  const created = await ctx.app.inject({
    method: 'POST',
    url: '/v1/admin/webhooks',
    headers: admin.headers,
    payload: { url: `http://127.0.0.1:${port}/hook`, events: ['article.published'] },
  })
  t.equal(created.statusCode, 201)
  const hook = created.json()
  t.match(hook.secret, /^whsec_/)
  t.notOk('secret' in (await ctx.app.inject({ url: `/v1/admin/webhooks/${hook.id}`, headers: admin.headers })).json(), 'shown only once')
  const author = await newAuthor(ctx.app, admin.headers)
  const draft = await newDraft(ctx.app, admin.headers, { authorIds: [author.id] })
  t.equal((await act(ctx.app, admin.headers, draft.id, 'publish')).statusCode, 200)
  await until(() => received.length >= 1)
  const first = received[0]!
  const payload = JSON.parse(first.body)
  t.match(payload, { type: 'article.published', data: { id: draft.id, slug: draft.slug, title: draft.title } })
  t.equal(first.headers['toasoan-event'], 'article.published')
  const [, ts, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(first.headers['toasoan-signature'] as string)!
  t.equal(v1, createHmac('sha256', hook.secret).update(`${ts}.${first.body}`).digest('hex'), 'signature verifies')
  const deliveries = await ctx.app.inject({ url: `/v1/admin/webhooks/${hook.id}/deliveries`, headers: admin.headers })
  await until(async () => (await ctx.db.prisma.webhookDelivery.count({ where: { status: 'succeeded' } })) === 1)
  t.match((await ctx.app.inject({ url: `/v1/admin/webhooks/${hook.id}/deliveries`, headers: admin.headers })).json().data[0], {
    eventType: 'article.published',
    status: 'succeeded',
    responseStatus: 200,
    attempt: 1,
  })
  t.equal(deliveries.statusCode, 200)

  const rotated = (await ctx.app.inject({ method: 'POST', url: `/v1/admin/webhooks/${hook.id}/rotate-secret`, headers: admin.headers })).json()
  t.not(rotated.secret, hook.secret)
  answer = 500
  const second = await newDraft(ctx.app, admin.headers, { authorIds: [author.id] })
  t.equal((await act(ctx.app, admin.headers, second.id, 'publish')).statusCode, 200)
  await until(() => received.length >= 2)
  t.match(received[1]!.headers['toasoan-signature'], /^t=\d+,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/, 'two signatures during the overlap')
  await until(async () => (await ctx.db.prisma.webhookDelivery.count({ where: { status: 'pending', attempt: 1, nextAttemptAt: { not: null } } })) === 1)
  const pending = await ctx.db.prisma.webhookDelivery.findFirstOrThrow({ where: { status: 'pending' } })
  t.equal(pending.responseStatus, 500)
  t.ok(pending.nextAttemptAt! > new Date(), 'a retry is scheduled')
  // manual retry: sent again now
  answer = 200
  const retried = await ctx.app.inject({ method: 'POST', url: `/v1/admin/webhooks/${hook.id}/deliveries/${pending.id}/retry`, headers: admin.headers })
  t.equal(retried.statusCode, 202)
  await until(async () => (await ctx.db.prisma.webhookDelivery.count({ where: { status: 'succeeded' } })) === 2)
  t.equal(new Set(received.map((r) => JSON.parse(r.body).id)).size, 2, 'two events, each delivered')
})

async function until(check: () => boolean | Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}
