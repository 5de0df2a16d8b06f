// Staff accounts: TOTP enrolment and the two-step login (time by the injected clock), sessions,
// own password, the password rules, rehash on login, API keys. MFA_REQUIRED_ROLES is the
// default `admin` here (the helper turns it off for other files).
import t from 'tap'
import { generate } from 'otplib'
import { build } from '../../helper.ts'
import { accessTokenFor, createUser, TEST_PASSWORD, tokenFor as realTimeToken } from '../../fixtures/users.ts'

let now = Date.parse('2026-12-01T08:00:10Z')
// a day-long access token: the clock moves some hours through this file
const ctx = await build(
  t,
  { MFA_REQUIRED_ROLES: 'admin', RATE_LIMIT_LOGIN: '1000', ACCESS_TOKEN_TTL_SECONDS: '86400' },
  { clock: () => new Date(now), hashCost: { N: 2 ** 13, r: 8, p: 1 } },
)
const { app, db } = ctx
await app.ready()

/** A user of `role` with an access token signed at the app clock's now. */
async function tokenFor(c: typeof ctx, role: 'admin' | 'editor') {
  if (c !== ctx) return realTimeToken(c, role)
  const user = await createUser(db, { role })
  return { user, headers: bearer(accessTokenFor(ctx, user, new Date(now))) }
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const login = (email: string, password = TEST_PASSWORD, ua = 'thử nghiệm') =>
  app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password }, headers: { 'user-agent': ua } })
const mfa = (payload: object) => app.inject({ method: 'POST', url: '/v1/auth/mfa', payload })
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000), period: 30 })

/** A user with TOTP on: its secret, recovery codes and an access token. */
async function enrolled(role: 'admin' | 'editor') {
  const u = await tokenFor(ctx, role)
  const start = await app.inject({ method: 'POST', url: '/v1/me/mfa/totp', headers: u.headers })
  const { secret } = start.json()
  const done = await app.inject({ method: 'POST', url: '/v1/me/mfa/totp/confirm', headers: u.headers, payload: { code: await codeAt(secret, now) } })
  return { ...u, secret: secret as string, recoveryCodes: done.json().recoveryCodes as string[] }
}

t.test('an admin without MFA gets only /v1/me and /v1/me/mfa; enrolment turns it on', async (t) => {
  const admin = await tokenFor(ctx, 'admin')
  const blocked = await app.inject({ url: '/v1/admin/articles', headers: admin.headers })
  t.equal(blocked.statusCode, 403)
  t.equal(blocked.json().type, 'urn:toasoan:problem:mfa-required')
  t.equal((await app.inject({ url: '/v1/me/sessions', headers: admin.headers })).statusCode, 403)
  const me = await app.inject({ url: '/v1/me', headers: admin.headers })
  t.match(me.json(), { mfaEnabled: false, mfaRequired: true })

  const start = await app.inject({ method: 'POST', url: '/v1/me/mfa/totp', headers: admin.headers })
  t.equal(start.statusCode, 200)
  const { secret, otpauthUrl, qrSvg } = start.json()
  t.match(otpauthUrl, /^otpauth:\/\/totp\/.*secret=/)
  t.match(qrSvg, /^<svg[\s\S]*<\/svg>\s*$/)
  const row = await db.prisma.user.findUniqueOrThrow({ where: { id: admin.user.id } })
  t.ok(row.mfaPendingSecret?.startsWith('v1.'), 'sealed')
  t.notMatch(row.mfaPendingSecret!, secret, 'the secret is not stored in the clear')

  const confirm = (code: string) => app.inject({ method: 'POST', url: '/v1/me/mfa/totp/confirm', headers: admin.headers, payload: { code } })
  const wrong = await confirm(String((Number(await codeAt(secret, now)) + 1) % 1_000_000).padStart(6, '0'))
  const malformed = await confirm('12ab')
  t.equal(wrong.statusCode, 401)
  t.equal(malformed.statusCode, 401)
  t.equal(wrong.json().detail, malformed.json().detail, 'one body for wrong and malformed')
  const ok = await confirm(await codeAt(secret, now))
  t.equal(ok.statusCode, 200)
  const codes: string[] = ok.json().recoveryCodes
  t.equal(new Set(codes).size, 10)
  const stored = await db.prisma.recoveryCode.findMany({ where: { userId: admin.user.id } })
  t.equal(stored.length, 10)
  t.notOk(
    stored.some((s) => codes.some((c) => s.codeHash.includes(c))),
    'only hashes stored',
  )
  t.equal((await app.inject({ url: '/v1/admin/articles', headers: admin.headers })).statusCode, 200, 'admin routes open now')
  t.equal(
    (await app.inject({ method: 'DELETE', url: '/v1/me/mfa/totp', headers: admin.headers, payload: { code: await codeAt(secret, now + 30_000) } })).statusCode,
    403,
    'admin may not turn it off',
  )
})

t.test('two-step login: window, replay, expiry, lock, recovery codes, another user', async (t) => {
  const a = await enrolled('editor')
  const first = await login(a.user.email)
  t.equal(first.statusCode, 200)
  t.match(first.json(), { mfaRequired: true, mfaToken: /^[\w-]{43}$/ })
  t.notOk('accessToken' in first.json())
  const token = first.json().mfaToken

  t.equal((await mfa({ mfaToken: token, code: await codeAt(a.secret, now) })).statusCode, 401, 'the code used at confirmation is spent')
  now += 30_000
  const two = await mfa({ mfaToken: token, code: await codeAt(a.secret, now + 30_000) })
  t.equal(two.statusCode, 200, 'the next step is within ±1')
  t.match(two.json(), { accessToken: /^ey/ })
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(two.json().accessToken) })).statusCode, 200)
  now += 30_000
  t.equal((await mfa({ mfaToken: token, code: await codeAt(a.secret, now + 30_000) })).statusCode, 401, 'an mfaToken works once')

  const again = (await login(a.user.email)).json().mfaToken
  t.equal((await mfa({ mfaToken: again, code: await codeAt(a.secret, now) })).statusCode, 401, 'a code (step) already used is refused')
  now += 90_000
  t.equal((await mfa({ mfaToken: again, code: await codeAt(a.secret, now - 60_000) })).statusCode, 401, 'two steps old is outside the window')
  const fine = await mfa({ mfaToken: again, code: await codeAt(a.secret, now - 30_000) })
  t.equal(fine.statusCode, 200, 'one step old is inside')

  now += 60_000
  const late = (await login(a.user.email)).json().mfaToken
  now += 5 * 60_000 + 1_000
  t.equal((await mfa({ mfaToken: late, code: await codeAt(a.secret, now) })).statusCode, 401, 'expired after 5 minutes')

  const locked = (await login(a.user.email)).json().mfaToken
  for (let i = 0; i < 5; i++) t.equal((await mfa({ mfaToken: locked, code: '000000' })).statusCode, 401)
  const refused = await mfa({ mfaToken: locked, code: await codeAt(a.secret, now) })
  t.equal(refused.statusCode, 401, 'locked after 5 wrong codes, even for the right one')

  const rec = (await login(a.user.email)).json().mfaToken
  t.equal((await mfa({ mfaToken: rec, recoveryCode: a.recoveryCodes[0]!.toUpperCase() })).statusCode, 200, 'a recovery code (any case)')
  const rec2 = (await login(a.user.email)).json().mfaToken
  t.equal((await mfa({ mfaToken: rec2, recoveryCode: a.recoveryCodes[0] })).statusCode, 401, 'a recovery code works once')
  t.equal((await mfa({ mfaToken: rec2, recoveryCode: a.recoveryCodes[1] })).statusCode, 200)

  const b = await enrolled('editor')
  now += 30_000
  const ofB = (await login(b.user.email)).json().mfaToken
  const cross = await mfa({ mfaToken: ofB, code: await codeAt(a.secret, now) })
  t.equal(cross.statusCode, 401, "A's code does not open B's login")
  t.equal((await mfa({ mfaToken: 'made-up', code: await codeAt(a.secret, now) })).json().detail, cross.json().detail, 'one body for every failure')

  now += 30_000
  const off = await app.inject({ method: 'DELETE', url: '/v1/me/mfa/totp', headers: a.headers, payload: { code: await codeAt(a.secret, now) } })
  t.equal(off.statusCode, 204, 'an editor may turn it off')
  t.match((await login(a.user.email)).json(), { accessToken: /^ey/ }, 'password alone again')
})

t.test('MFA attempts are rate-limited per user', async (t) => {
  const limited = await build(t, { RATE_LIMIT_LOGIN: '3' })
  await limited.app.ready()
  const u = await tokenFor(limited, 'editor')
  const { secret } = (await limited.app.inject({ method: 'POST', url: '/v1/me/mfa/totp', headers: u.headers })).json()
  const codes = [] as number[]
  for (let i = 0; i < 4; i++) {
    codes.push(
      (
        await limited.app.inject({
          method: 'POST',
          url: '/v1/me/mfa/totp/confirm',
          headers: u.headers,
          payload: { code: '000000' },
          remoteAddress: `10.9.0.${i}`,
        })
      ).statusCode,
    )
  }
  t.same(codes, [401, 401, 401, 429])
  t.ok(secret)
})

t.test('sessions: listed with the current one marked; revoke one, or all others', async (t) => {
  const u = await createUser(db, { role: 'editor' })
  const pairs = []
  for (const ua of ['Firefox', 'Chromium', 'Điện thoại']) pairs.push((await login(u.email, TEST_PASSWORD, ua)).json())
  const [one, two, three] = pairs
  const list = await app.inject({ url: '/v1/me/sessions', headers: bearer(one.accessToken) })
  t.equal(list.statusCode, 200)
  const sessions = list.json().data
  t.equal(sessions.length, 3)
  t.same(
    sessions.filter((s: { current: boolean }) => s.current).map((s: { userAgent: string }) => s.userAgent),
    ['Firefox'],
  )
  t.notMatch(list.body, /127\.0\.0\.1/, 'no raw IP')
  t.match(sessions[0], { ipHash: /^[0-9a-f]{32}$/ })
  const chromium = sessions.find((s: { userAgent: string }) => s.userAgent === 'Chromium').id

  const other = await createUser(db, { role: 'editor' })
  const otherPair = (await login(other.email)).json()
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/v1/me/sessions/${chromium}`, headers: bearer(otherPair.accessToken) })).statusCode,
    404,
    "another user's session",
  )

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/me/sessions/${chromium}`, headers: bearer(one.accessToken) })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(two.accessToken) })).statusCode, 401, 'its access token ends at once')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: two.refreshToken } })).statusCode, 401)

  t.equal((await app.inject({ method: 'DELETE', url: '/v1/me/sessions', headers: bearer(one.accessToken) })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(three.accessToken) })).statusCode, 401, 'the others end')
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(one.accessToken) })).statusCode, 200, 'the caller keeps working')
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: one.refreshToken } })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(otherPair.accessToken) })).statusCode, 200, 'other users untouched')
})

t.test('own password: rules, other sessions end, this one continues by a refresh', async (t) => {
  const u = await createUser(db, { role: 'editor' })
  const mine = (await login(u.email)).json()
  const elsewhere = (await login(u.email)).json()
  const change = (payload: object) => app.inject({ method: 'POST', url: '/v1/me/password', headers: bearer(mine.accessToken), payload })
  for (const weak of ['password1234', '123456789012', 'qwertyuiop123', 'ngắn quá']) {
    const res = await change({ currentPassword: TEST_PASSWORD, newPassword: weak })
    t.equal(res.statusCode, 400, weak)
    t.match(res.headers['content-type'], /problem\+json/)
  }
  t.equal((await change({ currentPassword: 'sai mật khẩu rồi', newPassword: 'một mật khẩu mới dài' })).statusCode, 401)
  t.equal((await change({ currentPassword: TEST_PASSWORD, newPassword: 'một mật khẩu mới dài' })).statusCode, 204)
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(mine.accessToken) })).statusCode, 401, 'every access token issued so far ends (version bump)')
  t.equal(
    (await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: elsewhere.refreshToken } })).statusCode,
    401,
    'other sessions end',
  )
  const next = await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: mine.refreshToken } })
  t.equal(next.statusCode, 200, 'this session continues')
  t.equal((await app.inject({ url: '/v1/me', headers: bearer(next.json().accessToken) })).statusCode, 200)
  t.equal((await login(u.email)).statusCode, 401, 'the old password is gone')
  t.equal((await login(u.email, 'một mật khẩu mới dài')).statusCode, 200)
})

t.test('the password rules apply to user creation and an admin password set', async (t) => {
  const admin = await enrolled('admin')
  for (const weak of ['password1234', '123456789012', 'qwertyuiop123']) {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: admin.headers,
      payload: { email: `x${weak}@toasoan.test`, name: 'Mới', role: 'editor', password: weak },
    })
    t.equal(created.statusCode, 400, `create: ${weak}`)
    t.match(created.json().errors, [{ path: 'body/password' }])
    const set = await app.inject({ method: 'PATCH', url: `/v1/users/${admin.user.id}`, headers: admin.headers, payload: { password: weak } })
    t.equal(set.statusCode, 400, `set: ${weak}`)
  }
  t.equal(await db.prisma.user.count({ where: { email: { startsWith: 'xpassword' } } }), 0, 'nothing written')
})

t.test('a login under weaker scrypt parameters rehashes the password', async (t) => {
  const u = await createUser(db, { role: 'editor' })
  t.match((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash, /^scrypt\$4096\$/)
  t.equal((await login(u.email)).statusCode, 200)
  t.match((await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash, /^scrypt\$8192\$8\$1\$/)
  t.equal((await login(u.email)).statusCode, 200, 'the new hash verifies')
})

t.test('API keys: shown once, stored hashed, scoped, revoked and expired alike refused', async (t) => {
  const admin = await enrolled('admin')
  const create = (payload: object) => app.inject({ method: 'POST', url: '/v1/admin/api-keys', headers: admin.headers, payload })
  const made = await create({ name: 'Ứng dụng di động', scopes: ['content:read'], expiresAt: new Date(now + 3_600_000).toISOString() })
  t.equal(made.statusCode, 201)
  const { key, id, prefix } = made.json()
  t.match(key, /^tsk_[A-Za-z0-9_-]{43}$/)
  t.equal(prefix, key.slice(0, 12))
  const row = await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })
  t.not(row.keyHash, key)
  t.notMatch((await app.inject({ url: '/v1/admin/api-keys', headers: admin.headers })).body, key, 'never listed')
  t.equal((await create({ name: 'x', scopes: ['everything'] })).statusCode, 400)
  t.equal((await create({ name: 'x', scopes: ['moderation'], expiresAt: new Date(now - 1000).toISOString() })).statusCode, 400)

  const withKey = (url: string, k = key, method: 'GET' | 'POST' | 'DELETE' = 'GET') => app.inject({ method, url, headers: bearer(k) })
  t.equal((await withKey('/v1/admin/articles')).statusCode, 200, 'content:read reads drafts')
  t.ok((await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt, 'last use recorded')
  for (const url of ['/v1/users', '/v1/admin/api-keys', '/v1/me', '/v1/me/sessions', '/v1/moderation/comments']) {
    t.equal((await withKey(url)).statusCode, 403, `out of scope: ${url}`)
  }
  t.equal((await withKey('/v1/me/mfa/totp', key, 'POST')).statusCode, 403, 'no MFA with a key')

  const refused = (await withKey('/v1/admin/articles', `tsk_${'A'.repeat(43)}`)).json().detail
  t.equal((await withKey('/v1/admin/articles', `tsx_${key.slice(4)}`)).json().detail, refused, 'wrong prefix')
  now += 2 * 3_600_000
  const expired = await withKey('/v1/admin/articles')
  t.equal(expired.statusCode, 401)
  t.equal(expired.json().detail, refused, 'expired: the same body')

  const other = (await create({ name: 'Kiểm duyệt', scopes: ['moderation'] })).json()
  t.equal((await withKey('/v1/moderation/comments', other.key)).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${other.id}`, headers: admin.headers })).statusCode, 204)
  const revoked = await withKey('/v1/moderation/comments', other.key)
  t.equal(revoked.statusCode, 401, 'revoked: refused on the next request')
  t.equal(revoked.json().detail, refused, 'revoked: the same body')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${other.id}`, headers: admin.headers })).statusCode, 204, 'revoking twice is no error')
})
