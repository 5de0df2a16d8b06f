import { spawn } from 'node:child_process'
import t from 'tap'
import { build, usingPostgres } from '../../helper.ts'
import { createUser, TEST_PASSWORD, tokenFor } from '../../fixtures/users.ts'
import { newAuthor } from '../../fixtures/editorial.ts'

const ctx = await build(t, { RATE_LIMIT_LOGIN: '1000' })
const { app, db } = ctx
await app.ready()
const admin = await tokenFor(ctx, 'admin')
const MISSING = '00000000-0000-4000-8000-000000000000'

const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = admin.headers) =>
  app.inject({ method, url, headers, ...(payload && { payload }) })
const login = (email: string, password: string) => app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } })
const me = (token: string) => app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } })
const refresh = (refreshToken: string) => app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken } })
const newUser = { email: ' Phong.Vien@BaoNgocLam.vn ', name: 'Phóng viên Mới'.normalize('NFD'), role: 'contributor', password: 'mật khẩu đủ dài' }

t.test('create: 201, email lower-cased and trimmed, name NFC, never the hash; the user can log in', async (t) => {
  const res = await send('POST', '/v1/users', newUser)
  t.equal(res.statusCode, 201)
  t.match(res.json(), { email: 'phong.vien@baongoclam.vn', name: 'Phóng viên Mới'.normalize('NFC'), role: 'contributor', disabled: false, authorId: null })
  t.equal(res.headers.location, `/v1/users/${res.json().id}`)
  t.notMatch(res.body, /passwordHash|scrypt/)
  t.equal((await login('phong.vien@baongoclam.vn', 'mật khẩu đủ dài')).statusCode, 200)
  const dup = await send('POST', '/v1/users', { ...newUser, email: 'PHONG.VIEN@baongoclam.vn' })
  t.equal(dup.statusCode, 409, 'the same email in other case')
})

t.test('create: bad input is 400 naming the field; nothing written', async (t) => {
  const before = await db.prisma.user.count()
  const cases: Array<[object, string]> = [
    [{ ...newUser, email: 'not-an-email' }, 'body/email'],
    [{ ...newUser, password: 'short' }, 'body/password'],
    [{ ...newUser, role: 'owner' }, 'body/role'],
    [{ ...newUser, name: '   ' }, 'body/name'],
    [{ ...newUser, authorId: 'abc' }, 'body/authorId'],
    [{ ...newUser, authorId: MISSING, email: 'x@y.vn' }, 'body/authorId'],
    [{ ...newUser, passwordHash: 'scrypt$1' }, 'body/passwordHash'],
    [{ email: 'x@y.vn' }, 'body/name'],
  ]
  for (const [payload, path] of cases) {
    const res = await send('POST', '/v1/users', payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload))
    t.ok(
      res.json().errors?.some((e: { path: string }) => e.path === path),
      `names ${path}`,
    )
  }
  t.equal(await db.prisma.user.count(), before)
})

t.test('list and get: paged, oldest first, no hashes; 404 and 400', async (t) => {
  const res = await send('GET', '/v1/users?limit=1')
  t.equal(res.statusCode, 200)
  t.equal(res.json().data.length, 1)
  // the embedded database also holds the generated admin@localhost: compare with the full list
  const everyone = (await send('GET', '/v1/users?limit=100')).json().data as Array<{ id: string; createdAt: string }>
  t.equal(res.json().data[0].id, everyone[0]!.id, 'the first page starts with the oldest user')
  t.same(
    everyone.map((u) => u.createdAt),
    everyone.map((u) => u.createdAt).sort(),
    'oldest first',
  )
  t.ok(everyone.some((u) => u.id === admin.user.id))
  t.ok(res.json().meta.total >= 2)
  t.match(res.headers.link, /page=2/)
  t.notMatch((await send('GET', '/v1/users?limit=100')).body, /passwordHash|scrypt\$/)
  const admins = (await send('GET', '/v1/users?role=admin')).json().data as Array<{ id: string; role: string }>
  t.ok(admins.some((u) => u.id === admin.user.id))
  t.ok(
    admins.every((u) => u.role === 'admin'),
    'the role filter keeps only admins',
  )
  t.equal(admins.length, await db.prisma.user.count({ where: { role: 'admin' } }))
  const one = await send('GET', `/v1/users/${admin.user.id}`)
  t.match(one.json(), { id: admin.user.id, role: 'admin' })
  t.notOk('passwordHash' in one.json())
  t.equal((await send('GET', `/v1/users/${MISSING}`)).statusCode, 404)
  t.equal((await send('GET', '/v1/users/123')).statusCode, 400)
})

t.test('update: role, name, author link; disabling revokes sessions; a new password ends old ones', async (t) => {
  const user = (await send('POST', '/v1/users', { ...newUser, email: 'sua@toasoan.test' })).json()
  const first = (await login('sua@toasoan.test', newUser.password)).json()
  const author = await newAuthor(app, admin.headers)
  const res = await send('PATCH', `/v1/users/${user.id}`, { name: 'Biên tập viên', authorId: author.id })
  t.equal(res.statusCode, 200)
  t.match(res.json(), { name: 'Biên tập viên', authorId: author.id })
  t.match((await me(first.accessToken)).json(), { name: 'Biên tập viên', authorId: author.id }, 'the change shows at once')
  t.match((await send('PATCH', `/v1/users/${user.id}`, { role: 'editor' })).json(), { role: 'editor' }, 'a role change signs out (tested below)')
  const pair = (await login('sua@toasoan.test', newUser.password)).json()
  t.match((await me(pair.accessToken)).json(), { role: 'editor', authorId: author.id })
  const someoneElse = await tokenFor(ctx, 'contributor')
  t.equal((await send('PATCH', `/v1/users/${someoneElse.user.id}`, { authorId: author.id })).statusCode, 409, 'one user per author profile')
  t.equal((await send('PATCH', `/v1/users/${user.id}`, { authorId: null })).json().authorId, null)

  const changed = await send('PATCH', `/v1/users/${user.id}`, { password: 'một mật khẩu mới' })
  t.equal(changed.statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: pair.refreshToken } })).statusCode, 401, 'old sessions end')
  t.equal((await login('sua@toasoan.test', newUser.password)).statusCode, 401)
  const fresh = (await login('sua@toasoan.test', 'một mật khẩu mới')).json()
  t.type(fresh.refreshToken, 'string')

  t.equal((await send('PATCH', `/v1/users/${user.id}`, { disabled: true })).json().disabled, true)
  t.equal((await app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: fresh.refreshToken } })).statusCode, 401)
  t.equal((await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${fresh.accessToken}` } })).statusCode, 401)
  t.equal(await db.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } }), 0)
  t.equal((await send('PATCH', `/v1/users/${user.id}`, { disabled: false })).statusCode, 200)
  t.equal((await login('sua@toasoan.test', 'một mật khẩu mới')).statusCode, 200, 'enabled again')

  for (const payload of [{}, { email: 'x@y.vn' }, { role: 'root' }, { password: 'short' }, { disabled: 'yes' }]) {
    t.equal((await send('PATCH', `/v1/users/${user.id}`, payload)).statusCode, 400, JSON.stringify(payload))
  }
  t.equal((await send('PATCH', `/v1/users/${MISSING}`, { name: 'X' })).statusCode, 404)
})

t.test('a new password, a role change, a disable (even undone) end the old tokens; others keep theirs', async (t) => {
  const bystander = await createUser(db, { role: 'editor' })
  const bystanderPair = (await login(bystander.email, TEST_PASSWORD)).json()
  const cases: Array<[string, Array<{ password?: string; disabled?: boolean; role?: string }>, string]> = [
    ['a new password', [{ password: 'mật khẩu hoàn toàn mới' }], 'mật khẩu hoàn toàn mới'],
    ['a disable', [{ disabled: true }], TEST_PASSWORD],
    ['a disable and a re-enable', [{ disabled: true }, { disabled: false }], TEST_PASSWORD],
    ['a role change', [{ role: 'moderator' }], TEST_PASSWORD],
  ]
  for (const [name, patches, password] of cases) {
    const user = await createUser(db, { role: 'contributor' })
    const pair = (await login(user.email, TEST_PASSWORD)).json()
    t.equal((await me(pair.accessToken)).statusCode, 200, `${name}: works before`)
    for (const patch of patches) t.equal((await send('PATCH', `/v1/users/${user.id}`, patch)).statusCode, 200, `${name}: ${JSON.stringify(patch)}`)
    const old = await me(pair.accessToken)
    t.equal(old.statusCode, 401, `${name}: the old access token is refused`)
    t.match(old.headers['www-authenticate'], /^Bearer/)
    t.match(old.headers['content-type'], /application\/problem\+json/)
    t.equal((await refresh(pair.refreshToken)).statusCode, 401, `${name}: the old refresh token is refused`)
    if (patches.at(-1)!.disabled === true) {
      t.equal((await login(user.email, password)).statusCode, 401, `${name}: no login while disabled`)
      continue
    }
    const fresh = await login(user.email, password)
    t.equal(fresh.statusCode, 200, `${name}: a new login works`)
    t.equal((await me(fresh.json().accessToken)).statusCode, 200, `${name}: with a working access token`)
    t.equal((await refresh(fresh.json().refreshToken)).statusCode, 200, `${name}: and a working refresh token`)
  }
  const kept = (await login(newUser.email.trim(), newUser.password)).json()
  t.equal((await send('PATCH', `/v1/users/${bystander.id}`, { name: 'Chỉ đổi tên', role: 'editor' })).statusCode, 200)
  t.equal((await me(bystanderPair.accessToken)).statusCode, 200, 'a name change or the same role signs nobody out')
  t.equal((await refresh(bystanderPair.refreshToken)).statusCode, 200, 'an unrelated user keeps their refresh token')
  t.equal((await me(kept.accessToken)).statusCode, 200)
})

t.test('a refresh racing a password or role change leaves no usable refresh or access token', async (t) => {
  const user = await createUser(db, { role: 'editor' })
  let password = TEST_PASSWORD
  let role: string = user.role
  // the password rounds spend most of their time hashing before the transaction; the role rounds
  // have none, so there the two transactions really overlap
  const patches = ['password', 'role', 'role', 'password', 'role', 'role', 'password', 'role', 'role', 'role']
  const outcomes: number[] = []
  for (const [round, kind] of patches.entries()) {
    const pair = (await login(user.email, password)).json()
    const patch = kind === 'password' ? { password: `mật khẩu vòng ${round} đủ dài` } : { role: role === 'editor' ? 'moderator' : 'editor' }
    const [rotated, changed] = await Promise.all([refresh(pair.refreshToken), send('PATCH', `/v1/users/${user.id}`, patch)])
    t.equal(changed.statusCode, 200)
    outcomes.push(rotated.statusCode)
    if (patch.password) password = patch.password
    if (patch.role) role = patch.role
    if (rotated.statusCode === 200) {
      t.equal((await refresh(rotated.json().refreshToken)).statusCode, 401, `round ${round}: the successor is dead`)
      t.equal((await me(rotated.json().accessToken)).statusCode, 401, `round ${round}: so is its access token`)
    } else {
      t.equal(rotated.statusCode, 401, `round ${round}`)
    }
    t.equal((await refresh(pair.refreshToken)).statusCode, 401, `round ${round}: the original is dead`)
    t.equal(await db.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null, usedAt: null } }), 0, `round ${round}: nothing live`)
  }
  t.equal((await login(user.email, password)).statusCode, 200, 'the last password works')
  t.comment(`refresh outcomes by round (200: rotated first, 401: the bump first): ${outcomes.join(' ')}`)
})

t.test('a refresh meeting a bump in flight waits for it, then refuses', { skip: !usingPostgres && 'needs TEST_DATABASE_URL' }, async (t) => {
  const user = await createUser(db, { role: 'editor' })
  const pair = (await login(user.email, TEST_PASSWORD)).json()
  // the bump as PATCH /v1/users/{id} writes it, held open: row first, then the families
  const bump = await db.pool.connect()
  t.teardown(() => bump.release())
  const pid = (await bump.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid
  await bump.query('BEGIN')
  await bump.query('UPDATE "User" SET "tokenVersion" = "tokenVersion" + 1 WHERE id = $1', [user.id])
  let settled = false
  const pending = refresh(pair.refreshToken).finally(() => {
    settled = true
  })
  const waiting = async () =>
    (await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`, [pid])).rowCount! > 0
  while (!settled && !(await waiting())) await new Promise((resolve) => setImmediate(resolve))
  t.notOk(settled, 'the refresh waits on the user row')
  await bump.query('UPDATE "RefreshToken" SET "revokedAt" = now() WHERE "userId" = $1 AND "revokedAt" IS NULL', [user.id])
  await bump.query('COMMIT')
  t.equal((await pending).statusCode, 401)
  t.equal(await db.prisma.refreshToken.count({ where: { userId: user.id, revokedAt: null } }), 0)
})

t.test('the last enabled admin cannot be demoted or disabled', async (t) => {
  await db.prisma.user.updateMany({ where: { role: 'admin', id: { not: admin.user.id } }, data: { role: 'editor' } })
  const demote = await send('PATCH', `/v1/users/${admin.user.id}`, { role: 'editor' })
  t.equal(demote.statusCode, 409)
  t.equal((await send('PATCH', `/v1/users/${admin.user.id}`, { disabled: true })).statusCode, 409)
  const second = await tokenFor(ctx, 'admin')
  t.equal((await send('PATCH', `/v1/users/${admin.user.id}`, { role: 'editor' }, second.headers)).statusCode, 200, 'with another admin it may go')
  t.equal((await send('PATCH', `/v1/users/${second.user.id}`, { disabled: true }, second.headers)).statusCode, 409, 'now the other is the last')
})

t.test('npm run user:create reads the password from stdin, never argv', { skip: !usingPostgres && 'needs TEST_DATABASE_URL' }, async (t) => {
  const run = (args: string[], stdin: string) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import=tsx', 'scripts/user-create.ts', ...args], {
        env: {
          ...process.env,
          DATABASE_URL: ctx.config.databaseUrl,
          JWT_SECRET: ctx.config.jwtSecret,
          LOG_LEVEL: 'silent',
          ADMIN_EMAIL: '',
          ADMIN_PASSWORD: '',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      })
      let out = ''
      let err = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      child.stderr.on('data', (d) => {
        err += d
      })
      child.on('close', (code) => resolve({ code, out, err }))
      child.stdin.end(stdin)
    })
  const ok = await run(['--email', 'Tong.BienTap@toasoan.test', '--role', 'admin', '--name', 'Tổng biên tập'], `${TEST_PASSWORD}\n`)
  t.equal(ok.code, 0, ok.err)
  t.match(ok.out, /created admin tong.bientap@toasoan.test/)
  const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'tong.bientap@toasoan.test' } })
  t.match(row, { role: 'admin', name: 'Tổng biên tập' })
  t.equal((await login('tong.bientap@toasoan.test', TEST_PASSWORD)).statusCode, 200)
  const argv = await run(['--email', 'x@toasoan.test', '--role', 'editor', '--password', 'lộ-mật-khẩu-rồi'], '')
  t.equal(argv.code, 1)
  t.match(argv.err, /--password is not accepted/)
  const dup = await run(['--email', 'tong.bientap@toasoan.test', '--role', 'editor'], `${TEST_PASSWORD}\n`)
  t.equal(dup.code, 1)
  t.match(dup.err, /exists/)
  const weak = await run(['--email', 'y@toasoan.test', '--role', 'editor'], 'short\n')
  t.equal(weak.code, 1)
  t.equal((await run(['--email', 'z@toasoan.test', '--role', 'boss'], `${TEST_PASSWORD}\n`)).code, 1)
  t.equal(await db.prisma.user.count({ where: { email: { in: ['x@toasoan.test', 'y@toasoan.test', 'z@toasoan.test'] } } }), 0)
})
