// The edges of HTTP: which address a request comes from behind a proxy (TRUST_PROXY), integer
// query parameters read strictly, and what Node's own HTTP parser refuses before Fastify sees a
// request, over real sockets.
import net from 'node:net'
import t from 'tap'
import { build } from '../helper.ts'
import { createArticle } from '../fixtures/content.ts'
import { tokenFor } from '../fixtures/users.ts'
import { clientErrorHandler } from '../../src/plugins/errors.ts'

// a fixed instant in the middle of every window, so no count restarts halfway through a test
const fixed = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 7 * 60_000 + 30_000)
const limits = { RATE_LIMIT_LOGIN: '3', RATE_LIMIT_COMMENTS: '3', CAPTCHA: 'off', RESPONSE_CACHE: 'off' }
const NGINX = '10.1.2.3'
let rotation = 0
const rotatedXff = (client: string) => `203.0.113.${++rotation % 250}, ${client}`

async function statuses(send: () => Promise<{ statusCode: number }>, times: number) {
  const out: number[] = []
  for (let i = 0; i < times; i++) out.push((await send()).statusCode)
  return out
}

t.test('TRUST_PROXY=1: a rotating leftmost X-Forwarded-For does not escape the login and comment limits', async (t) => {
  const { app, db } = await build(t, { ...limits, TRUST_PROXY: '1' }, { clock: () => fixed })
  const article = await createArticle(db, { status: 'published', title: 'Sau proxy' })
  const login = (client: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: NGINX,
      headers: { 'x-forwarded-for': rotatedXff(client) },
      payload: { email: 'khong-co@toasoan.test', password: 'sai mật khẩu' },
    })
  t.same(await statuses(() => login('198.51.100.7'), 5), [401, 401, 401, 429, 429], 'the client is the entry nginx appended')
  t.equal((await login('198.51.100.8')).statusCode, 401, 'another reader behind the same proxy has its own count')
  const comment = (client: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/articles/${article.slug}/comments`,
      remoteAddress: NGINX,
      headers: { 'x-forwarded-for': rotatedXff(client) },
      payload: {},
    })
  t.same(await statuses(() => comment('198.51.100.7'), 5), [400, 400, 400, 429, 429])
  t.equal((await comment('198.51.100.9')).statusCode, 400)
})

t.test('TRUST_PROXY=<list>: only the listed proxies are believed', async (t) => {
  const { app } = await build(t, { ...limits, TRUST_PROXY: `${NGINX}, 10.9.0.0/16` }, { clock: () => fixed })
  const login = (remoteAddress: string, xff: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress,
      headers: { 'x-forwarded-for': xff },
      payload: { email: 'khong-co@toasoan.test', password: 'sai mật khẩu' },
    })
  // a direct client (not a listed proxy) forging the header: its socket address is what counts
  t.same(await statuses(() => login('192.0.2.50', rotatedXff(`198.51.100.${rotation % 250}`)), 4), [401, 401, 401, 429])
  // through a trusted proxy in the CIDR, the forwarded client counts, and rotating the left part does not help
  t.same(await statuses(() => login('10.9.4.4', rotatedXff('198.51.100.20')), 4), [401, 401, 401, 429])
  t.equal((await login(NGINX, '198.51.100.21')).statusCode, 401, 'a different forwarded client has its own count')
})

t.test('no TRUST_PROXY: X-Forwarded-For is ignored', async (t) => {
  const { app } = await build(t, limits, { clock: () => fixed })
  const login = () =>
    app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: '192.0.2.60',
      headers: { 'x-forwarded-for': `198.51.100.${++rotation % 250}` },
      payload: { email: 'khong-co@toasoan.test', password: 'sai mật khẩu' },
    })
  t.same(await statuses(login, 4), [401, 401, 401, 429])
})

t.test('integer query parameters are decimal digits only, on every route', async (t) => {
  const ctx = await build(t, { RESPONSE_CACHE: 'off' })
  const article = await createArticle(ctx.db, { status: 'published', title: 'Số nguyên' })
  const moderator = await tokenFor(ctx, 'moderator')
  const editor = await tokenFor(ctx, 'editor')
  const routes: Array<[string, Record<string, string> | undefined]> = [
    ['/v1/articles', undefined],
    [`/v1/articles/${article.slug}/comments`, undefined],
    ['/v1/moderation/comments', moderator.headers],
    ['/v1/admin/articles', editor.headers],
  ]
  for (const [path, headers] of routes) {
    for (const name of ['limit', 'page']) {
      for (const bad of ['2.9', '1.7', '0x10', '1e2', ' 5', '+5', '-0', '', '9007199254740993']) {
        const res = await ctx.app.inject({ url: `${path}?${name}=${encodeURIComponent(bad)}`, headers })
        const body = res.json()
        if (res.statusCode !== 400 || !body.errors?.some((e: { path: string }) => e.path === `querystring/${name}`)) {
          t.fail(`${path}?${name}=${JSON.stringify(bad)}: ${res.statusCode} ${res.body}`)
        }
        t.match(res.headers['content-type'], /^application\/problem\+json/)
      }
    }
    const ok = await ctx.app.inject({ url: `${path}?limit=05&page=1`, headers })
    t.equal(ok.statusCode, 200, `${path}: plain decimals (leading zeros too) still work`)
    t.match(ok.json().meta, { limit: 5, page: 1 })
  }
})

/** Writes `request` on a fresh connection and reads until the server closes it. */
function raw(port: number, request: Buffer | string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    socket.on('data', (c) => chunks.push(c))
    socket.on('error', (err) => (chunks.length ? socket.destroy() : reject(err)))
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [head = '', ...rest] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') })
    })
    socket.setTimeout(10_000, () => socket.destroy())
    socket.write(request)
  })
}

t.test("what Node's HTTP parser refuses is answered in problem+json, and the connection closed", async (t) => {
  const { app } = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as net.AddressInfo).port
  const cases: Array<[string, Buffer | string, number]> = [
    [
      'Content-Length with Transfer-Encoding',
      'POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
    ],
    [
      'a bad chunk size',
      'POST /v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      400,
    ],
    ['a non-ASCII path', Buffer.concat([Buffer.from('GET /v1/articles/'), Buffer.from('bài-viết', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')]), 400],
    ['a 100 KB header', `GET /v1/articles HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`, 431],
  ]
  for (const [name, request, status] of cases) {
    const res = await raw(port, request)
    t.equal(res.status, status, name)
    t.match(res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`)
    t.equal(res.headers.connection, 'close', `${name}: closed`)
    t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body), `${name}: framed`)
    t.match(JSON.parse(res.body), { type: /^urn:toasoan:problem:/, title: /\w/, status, detail: /\w/ }, name)
  }
  const fine = await raw(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
  t.equal(fine.status, 200, 'a well-formed request on the same server is unaffected')
})

t.test('a socket already destroyed, or with a response under way, gets no second answer', async (t) => {
  const { app } = await build(t)
  const err = Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_METHOD', bytesParsed: 0, rawPacket: Buffer.alloc(0) })
  const fake = (over: Record<string, unknown>) => {
    const log = { written: 0, destroyed: 0 }
    const socket = {
      destroyed: false,
      writable: true,
      write: () => {
        log.written++
      },
      destroy: () => {
        log.destroyed++
      },
      ...over,
    }
    clientErrorHandler.call(app, err as never, socket as never)
    return log
  }
  t.same(fake({ destroyed: true, writable: false }), { written: 0, destroyed: 0 }, 'destroyed: nothing to do')
  t.same(fake({ _httpMessage: { headersSent: true } }), { written: 0, destroyed: 1 }, 'headers already sent: closed without a second response')
  t.same(fake({ writable: false }), { written: 0, destroyed: 1 }, 'not writable: closed')
  t.same(fake({}), { written: 1, destroyed: 1 }, 'otherwise one answer, then closed')
})
