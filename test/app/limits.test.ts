// Request limits on real routes (test/app/skeleton.test.ts covers a test-only echo route): body
// size (with and without Content-Length), content type, malformed JSON, parameter floods, header
// size, and the slow-loris bounds of the server timeouts, over real sockets.
import net from 'node:net'
import t, { type Test } from 'tap'
import { build, createTestDatabase, testConfig, usingPostgres } from '../helper.ts'
import { buildApp, serverOptions } from '../../src/app.ts'
import { prepare } from '../../src/bootstrap.ts'
import { createArticle } from '../fixtures/content.ts'

const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '1000', RATE_LIMIT_LOGIN: '1000' })
const { app, db } = ctx
const base = await app.listen({ port: 0, host: '127.0.0.1' })
const article = await createArticle(db)
const commentUrl = `/v1/articles/${article.slug}/comments`

function isProblem(t: Test, res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  t.equal(res.statusCode, status)
  t.match(String(res.headers['content-type']), /^application\/problem\+json/)
  t.equal(JSON.parse(res.body).status, status)
}

t.test('a body over BODY_LIMIT_BYTES is 413 before anything reads it', async (t) => {
  const big = JSON.stringify({ authorName: 'A', content: 'x'.repeat(ctx.config.bodyLimitBytes) })
  isProblem(t, await app.inject({ method: 'POST', url: commentUrl, headers: { 'content-type': 'application/json' }, payload: big }), 413)
  isProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big }), 413)
  t.equal(await db.prisma.comment.count(), 0, 'nothing stored')
})

t.test('a chunked body (no Content-Length) over the limit is 413 too', async (t) => {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
  let sent = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      // bounded: stops a little past the limit whether or not the server has answered
      if (sent > ctx.config.bodyLimitBytes * 2) return controller.close()
      sent += chunk.length
      controller.enqueue(sent === chunk.length ? new TextEncoder().encode('{"content":"') : chunk)
    },
  })
  const res = await fetch(`${base}${commentUrl}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
    signal: AbortSignal.timeout(10_000),
  } as RequestInit)
  t.equal(res.status, 413)
  t.match(res.headers.get('content-type'), /^application\/problem\+json/)
  t.ok(sent <= ctx.config.bodyLimitBytes * 2 + chunk.length, `stopped reading after ${sent} bytes`)
})

t.test('a body in another content type is 415', async (t) => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
    isProblem(t, await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': type }, payload: 'email=a&password=b' }), 415)
  }
  isProblem(t, await app.inject({ method: 'POST', url: commentUrl, headers: { 'content-type': 'text/html' }, payload: '<p>hi</p>' }), 415)
})

t.test('malformed or poisoned JSON is 400, never a 500, and echoes no parser internals', async (t) => {
  for (const payload of [
    '{"email": ',
    '{email: "a"}',
    "{'a':1}",
    '{"a":1}}',
    '\u0000',
    '{"__proto__":{"admin":true},"email":"a","password":"b"}',
    '{"constructor":{"prototype":{"admin":true}},"email":"a","password":"b"}',
  ]) {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', headers: { 'content-type': 'application/json' }, payload })
    isProblem(t, res, 400)
    t.notMatch(res.body, /at .*\.(js|ts):\d+|node_modules/, 'no stack')
  }
  isProblem(t, await app.inject({ method: 'POST', url: commentUrl, headers: { 'content-type': 'application/json' }, payload: '' }), 400)
})

t.test('100 query parameters: 400 where the schema is closed, ignored where it is open', async (t) => {
  const flood = Array.from({ length: 100 }, (_, i) => `p${i}=${i}`).join('&')
  const closed = await app.inject(`/v1/articles?${flood}`)
  isProblem(t, closed, 400)
  t.ok(JSON.parse(closed.body).errors.length >= 1, 'field-level errors name the unknown parameters')
  const open = await app.inject(`${commentUrl}?${flood}`)
  t.equal(open.statusCode, 200, 'the comment list does not close its query: unknown parameters are ignored')
  const repeated = await app.inject(`/v1/articles?${Array.from({ length: 100 }, () => 'limit=5').join('&')}`)
  isProblem(t, repeated, 400)
})

/** Sends raw bytes and collects what comes back until the server closes (bounded by `maxMs`). */
function rawExchange(port: number, write: (socket: net.Socket) => void, maxMs: number) {
  return new Promise<{ response: string; closedAfterMs: number; timedOut: boolean }>((resolve) => {
    const started = Date.now()
    const socket = net.connect(port, '127.0.0.1')
    let response = ''
    const guard = setTimeout(() => {
      socket.destroy()
      resolve({ response, closedAfterMs: Date.now() - started, timedOut: true })
    }, maxMs)
    socket.on('data', (d) => {
      response += d.toString('latin1')
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(guard)
      resolve({ response, closedAfterMs: Date.now() - started, timedOut: false })
    })
    socket.on('connect', () => write(socket))
  })
}

t.test('request line and headers over 16 KiB: Node answers 431 and closes', async (t) => {
  const result = await rawExchange(Number(new URL(base).port), (s) => s.write(`GET /v1/articles?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`), 5_000)
  t.match(result.response, /^HTTP\/1\.1 431 [\s\S]*\r\nContent-Type: application\/problem\+json\r\n/)
  t.notOk(result.timedOut)
})

t.test('slow loris: the server timeouts cut a client that trickles its request', async (t) => {
  // the production values are finite; this app uses shorter ones so the test stays quick
  const production = serverOptions(ctx.config)
  t.ok(production.requestTimeout! > 0 && production.requestTimeout! <= 60_000, `requestTimeout ${production.requestTimeout} ms`)
  t.ok(production.connectionTimeout! > 0 && production.connectionTimeout! <= 120_000, `connectionTimeout ${production.connectionTimeout} ms`)
  t.ok(production.keepAliveTimeout! > 0 && production.keepAliveTimeout! <= 30_000, `keepAliveTimeout ${production.keepAliveTimeout} ms`)

  const url = usingPostgres ? await createTestDatabase(t) : undefined
  const { db: db2, config } = await prepare(testConfig(url ? { DATABASE_URL: url } : {}), { info() {}, warn() {} })
  const quick = await buildApp({ config, db: db2 }, {
    ...serverOptions(config),
    requestTimeout: 1_000,
    connectionTimeout: 600,
    http: { connectionsCheckingInterval: 100 },
  } as ReturnType<typeof serverOptions>)
  t.teardown(async () => {
    await quick.close()
    await db2.close()
  })
  const port = Number(new URL(await quick.listen({ port: 0, host: '127.0.0.1' })).port)

  const head = `GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'x'.repeat(200)}\r\n\r\n`
  // one byte every 50 ms: never idle for connectionTimeout, but the request takes 10 s to arrive
  const trickle = await rawExchange(
    port,
    (s) => {
      let i = 0
      const timer = setInterval(() => {
        if (i < head.length && !s.destroyed) s.write(head[i++]!)
        else clearInterval(timer)
      }, 50)
      s.on('close', () => clearInterval(timer))
    },
    5_000,
  )
  t.notOk(trickle.timedOut, `trickling client cut after ${trickle.closedAfterMs} ms`)
  t.ok(trickle.closedAfterMs < 3_000, 'within requestTimeout plus the checking interval')
  t.match(trickle.response, /^(HTTP\/1\.1 408 |$)/, '408 or a plain close, never a handled request')
  if (trickle.response) t.match(trickle.response, /\r\nContent-Type: application\/problem\+json\r\n[\s\S]*"status":408/, 'a 408 in the one problem shape')

  const silent = await rawExchange(port, (s) => s.write('GET /health/live HTTP/1.1\r\n'), 5_000)
  t.notOk(silent.timedOut, `a silent half-request is closed after ${silent.closedAfterMs} ms`)
  t.ok(silent.closedAfterMs < 3_000)

  const prompt = await rawExchange(port, (s) => s.end('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 5_000)
  t.match(prompt.response, /^HTTP\/1\.1 200 /, 'a prompt client is still served')
})
