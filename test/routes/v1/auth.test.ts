import t from 'tap'
import jwt from 'jsonwebtoken'
import { build, TEST_SECRET } from '../../helper.ts'
import { accessTokenFor, createUser, TEST_PASSWORD, tokenFor } from '../../fixtures/users.ts'
import { hashRefreshToken } from '../../../src/lib/tokens.ts'

let now = Date.now()
const ctx = await build(t, { RATE_LIMIT_LOGIN: '1000' }, { clock: () => new Date(now) })
const { app, db } = ctx
await app.ready()

const login = (email: string, password: string, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, remoteAddress })
const refresh = (refreshToken: string) => app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
const me = (token: string) => app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } })
const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined })

const editor = await createUser(db, { role: 'editor', email: 'bientap@toasoan.test', name: 'Trần Minh Đức' })

t.test('login: a token pair; the access token opens /v1/me', async (t) => {
  const res = await login('bientap@toasoan.test', TEST_PASSWORD)
  t.equal(res.statusCode, 200)
  const pair = res.json()
  t.match(pair, { tokenType: 'Bearer', expiresIn: 900, accessToken: /^ey/, refreshToken: /^[A-Za-z0-9_-]{43}$/ })
  t.equal(res.headers['cache-control'], 'no-store')
  const stored = await db.prisma.refreshToken.findMany({ where: { userId: editor.id } })
  t.equal(stored.length, 1)
  t.equal(stored[0]!.tokenHash, hashRefreshToken(pair.refreshToken), 'only the hash is stored')
  t.not(stored[0]!.tokenHash, pair.refreshToken)
  const claims = jwt.decode(pair.accessToken, { complete: true }) as jwt.Jwt & { payload: jwt.JwtPayload }
  t.match(claims.header, { alg: 'HS256' })
  t.match(claims.payload, { sub: editor.id, role: 'editor', ver: 0, iss: 'toasoan', aud: 'toasoan-api' })
  t.equal(claims.payload.exp! - claims.payload.iat!, 900)
  const who = await me(pair.accessToken)
  t.equal(who.statusCode, 200)
  t.same(who.json(), {
    id: editor.id,
    email: 'bientap@toasoan.test',
    name: 'Trần Minh Đức',
    role: 'editor',
    authorId: null,
    mfaEnabled: false,
    mfaRequired: false,
  })
  t.notMatch(who.body, /passwordHash|scrypt/)
})

t.test('login: email is matched trimmed and case-blind; the password is NFC-normalised', async (t) => {
  t.equal((await login('  BienTap@TOASOAN.test ', TEST_PASSWORD)).statusCode, 200)
  t.equal((await login('bientap@toasoan.test', TEST_PASSWORD.normalize('NFD'))).statusCode, 200)
})

t.test('login: unknown email, wrong password and disabled user get the same 401', async (t) => {
  await createUser(db, { role: 'editor', email: 'tat@toasoan.test', disabled: true })
  const unknown = await login('nobody@toasoan.test', TEST_PASSWORD)
  const wrong = await login('bientap@toasoan.test', 'sai mật khẩu rồi')
  const disabled = await login('tat@toasoan.test', TEST_PASSWORD)
  for (const res of [unknown, wrong, disabled]) {
    t.equal(res.statusCode, 401)
    t.match(res.headers['www-authenticate'], /^Bearer/)
    t.match(res.headers['content-type'], /application\/problem\+json/)
  }
  t.same(withoutRequestId(unknown.json()), withoutRequestId(wrong.json()))
  t.same(withoutRequestId(disabled.json()), withoutRequestId(wrong.json()))
  t.equal(await db.prisma.refreshToken.count({ where: { user: { email: 'tat@toasoan.test' } } }), 0)
})

t.test('login: bad input is a 400 naming the field, never a 500', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ email: 'bientap@toasoan.test' }, /body\/password/],
    [{ password: 'x' }, /body\/email/],
    [{ email: 42, password: TEST_PASSWORD }, /body\/email/],
    [{ email: 'bientap@toasoan.test', password: TEST_PASSWORD, role: 'admin' }, /body\/role/],
    [{ email: 'a'.repeat(300), password: 'x' }, /body\/email/],
    [{ email: 'bientap@toasoan.test', password: 'x'.repeat(2000) }, /body\/password/],
  ]
  const nul = await login('bientap\u0000@toasoan.test', TEST_PASSWORD)
  t.equal(nul.statusCode, 200, 'a NUL in the email is dropped, not a database error')
  t.equal((await login('\u0000', 'x')).statusCode, 401)
  for (const [payload, path] of cases) {
    const res = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: payload as object, remoteAddress: '10.9.9.9' })
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60))
    t.match(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .join(' '),
      path,
    )
  }
})

t.test('refresh: rotates; the old token stops working; reuse kills the whole family', async (t) => {
  const first = (await login('bientap@toasoan.test', TEST_PASSWORD)).json()
  const second = await refresh(first.refreshToken)
  t.equal(second.statusCode, 200)
  const pair2 = second.json()
  t.not(pair2.refreshToken, first.refreshToken)
  t.equal((await me(pair2.accessToken)).statusCode, 200)
  const third = (await refresh(pair2.refreshToken)).json()
  t.type(third.refreshToken, 'string')
  // the first token again: a copy exists somewhere, so the newest one dies too
  const reused = await refresh(first.refreshToken)
  t.equal(reused.statusCode, 401)
  t.match(reused.headers['www-authenticate'], /^Bearer/)
  t.equal((await refresh(third.refreshToken)).statusCode, 401, 'the live token of the family is revoked')
  const family = await db.prisma.refreshToken.findMany({ where: { tokenHash: hashRefreshToken(third.refreshToken) } })
  const all = await db.prisma.refreshToken.findMany({ where: { familyId: family[0]!.familyId } })
  t.equal(all.length, 3)
  t.ok(
    all.every((r) => r.revokedAt !== null),
    'every token of the family revoked',
  )
  // another login is another family, untouched
  const other = (await login('bientap@toasoan.test', TEST_PASSWORD)).json()
  t.equal((await refresh(other.refreshToken)).statusCode, 200)
})

t.test('refresh: two concurrent uses of one token rotate once; the loser revokes the family', async (t) => {
  const pair = (await login('bientap@toasoan.test', TEST_PASSWORD)).json()
  const results = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)])
  t.same(results.map((r) => r.statusCode).sort(), [200, 401])
  const winner = results.find((r) => r.statusCode === 200)!.json()
  t.equal((await refresh(winner.refreshToken)).statusCode, 401)
})

t.test('refresh: unknown, garbage and expired tokens are 401', async (t) => {
  t.equal((await refresh('not-a-token')).statusCode, 401)
  t.equal((await refresh('A'.repeat(43))).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: {} })).statusCode, 400)
  const pair = (await login('bientap@toasoan.test', TEST_PASSWORD)).json()
  const saved = now
  now += 31 * 86_400_000
  t.teardown(() => {
    now = saved
  })
  t.equal((await refresh(pair.refreshToken)).statusCode, 401, 'past REFRESH_TOKEN_TTL_DAYS')
})

t.test('refresh: a disabled user cannot refresh, and their access token stops at once', async (t) => {
  const user = await createUser(db, { role: 'contributor', email: 'sap-tat@toasoan.test' })
  const pair = (await login('sap-tat@toasoan.test', TEST_PASSWORD)).json()
  t.equal((await me(pair.accessToken)).statusCode, 200)
  await db.prisma.user.update({ where: { id: user.id }, data: { disabled: true } })
  t.equal((await refresh(pair.refreshToken)).statusCode, 401)
  t.equal((await me(pair.accessToken)).statusCode, 401)
})

t.test('logout: 204, the token and its login are revoked; unknown tokens are 204 too', async (t) => {
  const pair = (await login('bientap@toasoan.test', TEST_PASSWORD)).json()
  const rotated = (await refresh(pair.refreshToken)).json()
  const out = await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: rotated.refreshToken } })
  t.equal(out.statusCode, 204)
  t.equal(out.body, '')
  t.equal((await refresh(rotated.refreshToken)).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: rotated.refreshToken } })).statusCode, 204)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: 'nonsense' } })).statusCode, 204)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { token: 'x' } })).statusCode, 400)
})

t.test('access token forgeries and dead users are 401 with WWW-Authenticate', async (t) => {
  const good = accessTokenFor(ctx, editor, new Date(now))
  t.equal((await me(good)).statusCode, 200, 'the genuine token works')
  const [h, p, s] = good.split('.') as [string, string, string]
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString())
  const flipped = Buffer.from(s, 'base64url')
  flipped[0] = flipped[0]! ^ 0x01
  const seconds = Math.floor(now / 1000)
  const sign = (claims: object, opts: jwt.SignOptions, secret = TEST_SECRET) =>
    jwt.sign({ role: 'editor', iat: seconds, ...claims }, secret, {
      algorithm: 'HS256',
      issuer: 'toasoan',
      audience: 'toasoan-api',
      subject: editor.id,
      expiresIn: 900,
      ...opts,
    })
  const gone = await createUser(db, { role: 'admin' })
  const goneToken = accessTokenFor(ctx, gone, new Date(now))
  await db.prisma.user.delete({ where: { id: gone.id } })
  const off = await createUser(db, { role: 'admin', disabled: true })

  const forgeries: Record<string, string> = {
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
    'alg none, signature kept': `${b64({ alg: 'none', typ: 'JWT' })}.${p}.${s}`,
    'a flipped signature byte': `${h}.${p}.${flipped.toString('base64url')}`,
    'a changed payload (role admin)': `${h}.${b64({ ...payload, role: 'admin', sub: gone.id })}.${s}`,
    expired: sign({ iat: seconds - 3600 }, { expiresIn: 60 }),
    'wrong audience': sign({}, { audience: 'someone-else' }),
    'wrong issuer': sign({}, { issuer: 'evil' }),
    'HS512 with the same secret': sign({}, { algorithm: 'HS512' }),
    'another secret': sign({}, {}, 'another-secret-that-is-at-least-32-bytes'),
    'no exp': jwt.sign({ role: 'editor', sub: editor.id }, TEST_SECRET, { algorithm: 'HS256', issuer: 'toasoan', audience: 'toasoan-api' }),
    'a sub that is no uuid': sign({}, { subject: 'admin' }),
    'a deleted user': goneToken,
    'a disabled user': accessTokenFor(ctx, off, new Date(now)),
    'a version ahead of the user': sign({ ver: 1 }, {}),
    'a version that is no integer': sign({ ver: '0' }, {}),
    'a negative version': sign({ ver: -1 }, {}),
    'not a JWT': 'abc.def.ghi',
  }
  for (const [name, token] of Object.entries(forgeries)) {
    const res = await me(token)
    t.equal(res.statusCode, 401, name)
    t.match(res.headers['www-authenticate'], /^Bearer/, `${name}: WWW-Authenticate`)
  }
  for (const authorization of ['', `Basic ${good}`, `Bearer`, `Bearer ${good} extra`, good]) {
    const res = await app.inject({ url: '/v1/me', headers: { authorization } })
    t.equal(res.statusCode, 401, `Authorization: ${authorization.slice(0, 20)}`)
  }
  t.equal((await app.inject({ url: '/v1/me' })).statusCode, 401, 'no Authorization at all')
})

t.test('a token expires after ACCESS_TOKEN_TTL_SECONDS by the app clock', async (t) => {
  const token = accessTokenFor(ctx, editor, new Date(now))
  const saved = now
  t.teardown(() => {
    now = saved
  })
  now += 899_000
  t.equal((await me(token)).statusCode, 200)
  now += 2_000
  t.equal((await me(token)).statusCode, 401)
})

t.test('the role comes from the database, not from the token', async (t) => {
  const signedIn = await tokenFor(ctx, 'editor')
  const users = () => app.inject({ url: '/v1/users', headers: signedIn.headers })
  t.equal((await users()).statusCode, 403)
  await db.prisma.user.update({ where: { id: signedIn.user.id }, data: { role: 'admin' } })
  t.equal((await users()).statusCode, 200, 'promoted: admitted with the same token')
  await db.prisma.user.update({ where: { id: signedIn.user.id }, data: { role: 'moderator' } })
  t.equal((await app.inject({ url: '/v1/admin/articles', headers: signedIn.headers })).statusCode, 403, 'demoted: refused at once')
  t.equal((await me(signedIn.token)).json().role, 'moderator')
})

t.test('login is limited per IP: RATE_LIMIT_LOGIN attempts per 15 minutes, then 429 with Retry-After', async (t) => {
  let clock = Math.ceil(Date.now() / 900_000) * 900_000 + 60_000
  const limited = await build(t, { RATE_LIMIT_LOGIN: '3' }, { clock: () => new Date(clock) })
  await limited.app.ready()
  await createUser(limited.db, { role: 'editor', email: 'bientap@toasoan.test' })
  const attempt = (password: string, remoteAddress = '192.0.2.7') =>
    limited.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'bientap@toasoan.test', password }, remoteAddress })
  t.same(
    [(await attempt('sai-1')).statusCode, (await attempt('sai-2')).statusCode, (await attempt(TEST_PASSWORD)).statusCode],
    [401, 401, 200],
    'every attempt counts, successful or not',
  )
  const blocked = await attempt(TEST_PASSWORD)
  t.equal(blocked.statusCode, 429, 'even the right password, once over the limit')
  t.equal(blocked.headers['retry-after'], String(14 * 60))
  t.match(blocked.headers['content-type'], /application\/problem\+json/)
  t.match(blocked.json(), { status: 429 })
  t.equal((await attempt('sai', '192.0.2.8')).statusCode, 401, 'another address has its own count')
  clock += 14 * 60_000
  t.equal((await attempt(TEST_PASSWORD)).statusCode, 200, 'a new window')
})
