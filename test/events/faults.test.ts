// Webhook delivery against misbehaving receivers on 127.0.0.1 (500, silence, reset, redirect, a
// byte at a time, an endless body, 410), the 24-hour disabling on a driven clock, the API staying
// responsive while deliveries hang, and the CDN purge job.
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import t from 'tap'
import { build, type TestContext } from '../helper.ts'
import { tokenFor } from '../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../fixtures/editorial.ts'
import { send } from '../../src/services/events/send.ts'
import { guardedLookup } from '../../src/services/events/webhook-target.ts'
import { systemAudit } from '../../src/services/audit/record.ts'

let now = new Date()
const clock = () => now
const TIMEOUT_MS = 400

// one receiver, one behaviour per path
const hits: Record<string, number> = {}
const purges: string[][] = []
let purgeAnswer = 200
const sockets = new Set<Socket>()
const receiver = http.createServer((req, res) => {
  const path = req.url!.split('?')[0]!
  hits[path] = (hits[path] ?? 0) + 1
  let body = ''
  req.on('data', (c) => {
    body += c
  })
  req.on('end', () => {
    switch (path) {
      case '/ok':
        return res.writeHead(204).end()
      case '/500':
        return res.writeHead(500).end('boom')
      case '/gone':
        return res.writeHead(410).end()
      case '/redirect':
        return res.writeHead(302, { location: '/ok' }).end()
      case '/reset':
        return req.socket.destroy()
      case '/hang':
        return // never answers
      case '/slow': {
        res.writeHead(200)
        const drip = setInterval(() => res.write('.'), 100)
        res.on('close', () => clearInterval(drip))
        return
      }
      case '/endless': {
        // a 200 whose body never ends: the sender stops reading at 1 KB instead of waiting for the end
        res.writeHead(200)
        const pour = setInterval(() => res.write('x'.repeat(512)), 5)
        res.on('close', () => clearInterval(pour))
        return
      }
      case '/purge':
        purges.push(JSON.parse(body).keys)
        return res.writeHead(purgeAnswer).end()
    }
  })
})
receiver.on('connection', (s) => {
  sockets.add(s)
  s.on('close', () => sockets.delete(s))
})
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
t.teardown(() => {
  for (const s of sockets) s.destroy()
  receiver.close()
})

async function hook(ctx: TestContext, headers: Record<string, string>, path: string) {
  const res = await ctx.app.inject({ method: 'POST', url: '/v1/admin/webhooks', headers, payload: { url: `${base}${path}`, events: ['article.published'] } })
  return res.json().id as string
}

async function publish(ctx: TestContext, headers: Record<string, string>) {
  const author = await newAuthor(ctx.app, headers)
  const draft = await newDraft(ctx.app, headers, { authorIds: [author.id] })
  await act(ctx.app, headers, draft.id, 'publish')
  return draft
}

t.test('send reads at most 1 KB of a response, and gives up on an answer that does not complete in time', async (t) => {
  const lookup = guardedLookup(async () => [{ address: '127.0.0.1', family: 4 }], true)
  const endless = await send({ url: `${base}/endless`, body: '{}', headers: {}, lookup, timeoutMs: 5_000 })
  t.equal(endless.status, 200)
  t.equal(endless.snippet.length, 1024, 'stopped reading at 1 KB')
  const slow = await send({ url: `${base}/slow`, body: '{}', headers: {}, lookup, timeoutMs: TIMEOUT_MS })
  t.equal(slow.status, null)
  t.match(slow.error, `within ${TIMEOUT_MS} ms`)
})

t.test('each fault is retried per policy; a redirect is not followed; 410 disables; 1 KB of an endless body is a success', async (t) => {
  const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true', JOBS: 'on' }, { clock, deliveryTimeoutMs: TIMEOUT_MS })
  const admin = await tokenFor(ctx, 'admin')
  const paths = ['/500', '/hang', '/reset', '/redirect', '/slow', '/endless', '/gone']
  const ids = Object.fromEntries(await Promise.all(paths.map(async (p) => [p, await hook(ctx, admin.headers, p)])))
  const okBefore = hits['/ok'] ?? 0
  await publish(ctx, admin.headers)
  const settled = async () =>
    (await ctx.db.prisma.webhookDelivery.findMany({ include: { endpoint: true } })).filter((d) => d.status !== 'pending' || d.nextAttemptAt !== null)
  await until(async () => (await settled()).length === paths.length)
  const by = Object.fromEntries((await settled()).map((d) => [d.endpoint.url.slice(base.length), d]))
  for (const p of ['/500', '/hang', '/reset', '/redirect', '/slow']) {
    const d = by[p]!
    t.equal(d.status, 'pending', `${p}: to be retried`)
    t.equal(d.attempt, 1)
    const wait = d.nextAttemptAt!.getTime() - d.updatedAt.getTime()
    t.ok(wait > 10_000 && wait < 35_000, `${p}: the first retry 15–30 s later (${wait} ms)`)
  }
  t.equal(by['/500']!.responseStatus, 500)
  t.equal(by['/redirect']!.responseStatus, 302)
  t.equal((hits['/ok'] ?? 0) - okBefore, 0, 'the redirect was not followed')
  for (const p of ['/hang', '/slow']) t.match(by[p], { responseStatus: null, error: `no complete answer within ${TIMEOUT_MS} ms` }, p)
  t.match(by['/reset'], { responseStatus: null, error: /ECONNRESET|socket hang up/ })
  t.match(by['/endless'], { status: 'succeeded', responseStatus: 200 })
  t.match(by['/gone'], { status: 'failed', responseStatus: 410 })
  const gone = await ctx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: ids['/gone'] } })
  t.match(gone, { active: false, disabledReason: /410/ })
  const jobs = await ctx.db.pool.query(`SELECT state, retry_limit FROM pgboss.job WHERE name = 'webhook-delivery' AND data->>'deliveryId' = $1`, [
    by['/500']!.id,
  ])
  t.match(jobs.rows, [{ state: 'retry', retry_limit: 12 }], 'pg-boss holds the retry')
})

t.test('an endpoint failing every attempt for 24 hours is disabled, with a log line', async (t) => {
  now = new Date()
  t.teardown(() => {
    now = new Date()
  })
  const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true', JOBS: 'on' }, { clock, deliveryTimeoutMs: TIMEOUT_MS })
  const warnings: string[] = []
  const warn = ctx.app.log.warn.bind(ctx.app.log)
  ctx.app.log.warn = ((obj: unknown, msg?: string) => {
    warnings.push(String(msg))
    warn(obj as object, msg)
  }) as typeof ctx.app.log.warn
  const admin = await tokenFor(ctx, 'admin')
  const id = await hook(ctx, admin.headers, '/500')
  await publish(ctx, admin.headers)
  const attempted = () => ctx.db.prisma.webhookDelivery.findFirst({ where: { endpointId: id, nextAttemptAt: { not: null } } })
  await until(async () => Boolean(await attempted()))
  const first = (await attempted())!
  t.ok((await ctx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).failingSince, 'failing since the first attempt')
  // a retry 23 hours on still fails and keeps the endpoint
  now = new Date(now.getTime() + 23 * 3600_000)
  await ctx.app.services.webhooks.retry(id, first.id, systemAudit('test')) // (the admin's token has expired on this clock)
  await until(async () => (await ctx.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: first.id } })).attempt === 2)
  t.equal((await ctx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).active, true)
  now = new Date(now.getTime() + 3600_000 + 1000)
  await ctx.app.services.webhooks.retry(id, first.id, systemAudit('test')) // (the admin's token has expired on this clock)
  await until(async () => !(await ctx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } })).active)
  t.match(await ctx.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id } }), { active: false, disabledReason: 'every attempt failed for 24 hours' })
  t.match(await ctx.db.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: first.id } }), { status: 'failed', attempt: 3 })
  t.ok(warnings.includes('webhook disabled: every attempt failed for 24 hours'), 'logged')
})

t.test('the API answers while 20 deliveries hang', async (t) => {
  const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true', JOBS: 'on' }, { deliveryTimeoutMs: 60_000 })
  const admin = await tokenFor(ctx, 'admin')
  for (let i = 0; i < 20; i++) await hook(ctx, admin.headers, `/hang?${i}`)
  const hangingBefore = hits['/hang'] ?? 0
  await publish(ctx, admin.headers)
  await until(() => (hits['/hang'] ?? 0) - hangingBefore === 20)
  const list = await ctx.app.inject('/v1/articles?limit=5')
  t.equal(list.statusCode, 200)
  const staff = await ctx.app.inject({ url: '/v1/admin/webhooks', headers: admin.headers })
  t.equal(staff.statusCode, 200)
  t.equal(await ctx.db.prisma.webhookDelivery.count({ where: { attempt: 0 } }), 20, 'answered while all 20 were still in flight')
  // let them go: the connections reset, the deliveries are retried later
  for (const s of sockets) s.destroy()
  await until(async () => (await ctx.db.prisma.webhookDelivery.count({ where: { attempt: 1 } })) === 20)
})

t.test("with CDN_PURGE_URL, each event's keys are POSTed as { keys } by a retried job", async (t) => {
  const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true', JOBS: 'on', CDN_PURGE_URL: `${base}/purge` }, { deliveryTimeoutMs: TIMEOUT_MS })
  const admin = await tokenFor(ctx, 'admin')
  purges.length = 0
  const draft = await publish(ctx, admin.headers)
  await until(() => purges.some((k) => k.includes(`article-${draft.id}`)))
  const keys = purges.find((k) => k.includes(`article-${draft.id}`))!
  t.ok(keys.includes('articles'), 'lists')
  const authorEvents = purges.flat().filter((k) => k.startsWith('author-'))
  t.ok(authorEvents.length >= 1, 'the byline')
  // a failing purge is retried like a webhook
  purgeAnswer = 503
  t.teardown(() => {
    purgeAnswer = 200
  })
  const second = await publish(ctx, admin.headers)
  await until(
    async () =>
      (await ctx.db.pool.query(`SELECT 1 FROM pgboss.job WHERE name = 'cdn-purge' AND state = 'retry' AND data->'keys' ? $1`, [`article-${second.id}`]))
        .rowCount === 1,
  )
  t.pass('the purge job waits for its retry')
})

async function until(check: () => boolean | Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}
