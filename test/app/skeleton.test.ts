import t from 'tap'
import { build } from '../helper.ts'
import { securityHeaders } from '../../src/plugins/security.ts'

const { app, db } = await build(t)
app.post('/test/echo', { schema: { body: { type: 'object' } } }, async (req) => req.body)
app.get('/test/boom', async () => {
  throw new Error('secret internals: password=hunter2')
})
await app.ready()

t.test('liveness and readiness', async (t) => {
  const live = await app.inject('/health/live')
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'ok' })
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ok', database: 'up' })
  t.equal(ready.headers['cache-control'], 'no-store')
})

t.test('readiness is 503 while a migration is pending', async (t) => {
  await db.pool.query(`UPDATE "_prisma_migrations" SET finished_at = NULL, rolled_back_at = now()`)
  t.teardown(() => db.pool.query(`UPDATE "_prisma_migrations" SET finished_at = now(), rolled_back_at = NULL`))
  const res = await app.inject('/health/ready')
  t.equal(res.statusCode, 503)
  t.equal(res.json().database, 'up')
  t.ok(res.json().pendingMigrations.length >= 1)
})

t.test('unknown path: problem+json 404', async (t) => {
  const res = await app.inject('/v1/no-such-thing?x=1')
  t.equal(res.statusCode, 404)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { status: 404, title: 'Not Found', detail: 'no route for GET /v1/no-such-thing' })
  t.type(res.json().requestId, 'string')
})

t.test('malformed JSON: problem+json 400, never a 500', async (t) => {
  const res = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload: '{"a": ' })
  t.equal(res.statusCode, 400)
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.equal(res.json().status, 400)
})

t.test('wrong content type: 415; body over the limit: 413', async (t) => {
  const wrongType = await app.inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'text/csv' }, payload: 'a,b' })
  t.equal(wrongType.statusCode, 415)
  t.match(wrongType.headers['content-type'], /problem\+json/)
  const big = await app.inject({
    method: 'POST',
    url: '/test/echo',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ s: 'x'.repeat(2 * 1024 * 1024) }),
  })
  t.equal(big.statusCode, 413)
  t.match(big.headers['content-type'], /problem\+json/)
})

t.test('a crash is a 500 that leaks nothing', async (t) => {
  const res = await app.inject('/test/boom')
  t.equal(res.statusCode, 500)
  t.notMatch(res.body, /hunter2|secret internals|at .*\.ts/)
  t.match(res.json(), { status: 500, title: 'Internal Server Error' })
})

t.test('request ids: a sane incoming one is echoed, anything else replaced', async (t) => {
  const kept = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } })
  t.equal(kept.headers['x-request-id'], 'abc-123')
  const replaced = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'bad id\r\nx' } })
  t.not(replaced.headers['x-request-id'], 'bad id\r\nx')
  t.match(replaced.headers['x-request-id'], /^[0-9a-f-]{36}$/)
})

t.test('security headers and the documents', async (t) => {
  const expected = securityHeaders()
  t.match(expected, {
    'content-security-policy': /default-src 'self';.*frame-ancestors 'none';.*object-src 'none';.*script-src 'self'/,
    'strict-transport-security': /^max-age=\d+; includeSubDomains$/,
    'x-content-type-options': 'nosniff',
    'cross-origin-resource-policy': 'cross-origin',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
  })
  // helmet's whole set on every response: a success, a 404, a refused request, an error
  for (const url of ['/health/live', '/v1/no-such-thing', '/v1/articles?limit=abc', '/test/boom']) {
    const res = await app.inject(url)
    for (const [name, value] of Object.entries(expected)) t.equal(res.headers[name], value, `${url}: ${name}`)
  }
  const docs = await app.inject('/docs/')
  t.equal(docs.statusCode, 200)
  t.match(docs.body, /swagger/i)
  const spec = await app.inject('/openapi.json')
  t.equal(spec.statusCode, 200)
  t.equal(spec.json().openapi, '3.1.0')
})

t.test('CORS: no origin is allowed unless configured', async (t) => {
  const res = await app.inject({ method: 'OPTIONS', url: '/health/live', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } })
  t.notOk(res.headers['access-control-allow-origin'])
})
