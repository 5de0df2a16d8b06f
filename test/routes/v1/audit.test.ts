// The audit log: one entry per staff write in the write's own transaction (none for a write that
// rolls back), before/after pairs without secrets, the actor and the request id, the hash chain
// under concurrent writers, the verify check on a tampered row, and the append-only trigger.
import t, { type Test } from 'tap'
import { generate } from 'otplib'
import { build } from '../../helper.ts'
import { TEST_PASSWORD, tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'
import { jpeg, uploaded } from '../../fixtures/media.ts'
import { canonicalJson, changesOf, entryHash, systemAudit } from '../../../src/services/audit/record.ts'

const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true', RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const admin = await tokenFor(ctx, 'admin')
const editor = await tokenFor(ctx, 'editor')
const prisma = db.prisma

type Res = Awaited<ReturnType<typeof app.inject>>
const newest = () => prisma.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } })
const count = () => prisma.auditEntry.count()
/** The one entry a request left: exactly one more row, carrying its request id. */
async function oneEntry(t: Test, before: number, res: Res, expected: { action: string; entity: string; entityId?: string | null }) {
  t.ok(res.statusCode < 300, `${res.statusCode} ${res.body.slice(0, 200)}`)
  t.equal(await count(), before + 1, `one entry for ${expected.entity} ${expected.action}`)
  const e = await newest()
  t.match(e, { action: expected.action, entity: expected.entity, requestId: res.headers['x-request-id'] })
  if (expected.entityId !== undefined) t.equal(e.entityId, expected.entityId)
  return e
}
const storedJson = async () => JSON.stringify(await prisma.$queryRaw`SELECT * FROM "AuditEntry"`)

t.test('content writes: articles, workflow, authors, organizations, each with before/after', async (t) => {
  let n = await count()
  const authorRes = await app.inject({ method: 'POST', url: '/v1/admin/authors', headers: editor.headers, payload: { name: 'Nguyễn Văn Kiểm' } })
  const author = authorRes.json()
  const e = await oneEntry(t, n++, authorRes, { action: 'create', entity: 'author', entityId: author.id })
  t.same((e.changes as Record<string, unknown>).name, [null, 'Nguyễn Văn Kiểm'])
  t.match(e, { actorType: 'user', actorId: editor.user.id, actorName: editor.user.name })

  const patched = await app.inject({ method: 'PATCH', url: `/v1/admin/authors/${author.id}`, headers: editor.headers, payload: { name: 'Nguyễn Văn Soát' } })
  t.same((await oneEntry(t, n++, patched, { action: 'update', entity: 'author', entityId: author.id })).changes, {
    name: ['Nguyễn Văn Kiểm', 'Nguyễn Văn Soát'],
  })

  const created = await app.inject({
    method: 'POST',
    url: '/v1/admin/articles',
    headers: editor.headers,
    payload: { title: 'Kiểm toán ngân sách xã', lead: '', body: '<p>Nội dung</p>', authorIds: [author.id], organizationIds: [] },
  })
  const article = created.json()
  t.match((await oneEntry(t, n++, created, { action: 'create', entity: 'article', entityId: article.id })).changes, {
    title: [null, 'Kiểm toán ngân sách xã'],
    status: [null, 'draft'],
  })
  const changed = await app.inject({
    method: 'PATCH',
    url: `/v1/admin/articles/${article.id}`,
    headers: { ...editor.headers, 'if-match': created.headers.etag as string },
    payload: { lead: 'Sa-pô mới' },
  })
  t.same((await oneEntry(t, n++, changed, { action: 'update', entity: 'article', entityId: article.id })).changes, { lead: ['', 'Sa-pô mới'] })
  const published = await act(app, editor.headers, article.id, 'publish')
  t.match((await oneEntry(t, n++, published, { action: 'publish', entity: 'article', entityId: article.id })).changes, { status: ['draft', 'published'] })

  const draft = await newDraft(app, editor.headers, { authorIds: [author.id] })
  n++
  const removed = await app.inject({ method: 'DELETE', url: `/v1/admin/articles/${draft.id}`, headers: editor.headers })
  t.match((await oneEntry(t, n++, removed, { action: 'delete', entity: 'article', entityId: draft.id })).changes, { title: [draft.title, null] })

  const org = await app.inject({ method: 'POST', url: '/v1/admin/organizations', headers: editor.headers, payload: { name: 'Chi bộ Kiểm toán', kind: 'cell' } })
  t.equal(org.statusCode, 201, org.body)
  await oneEntry(t, n++, org, { action: 'create', entity: 'organization', entityId: org.json().id })
  const orgPatch = await app.inject({
    method: 'PATCH',
    url: `/v1/admin/organizations/${org.json().id}`,
    headers: editor.headers,
    payload: { shortName: 'STC' },
  })
  t.same((await oneEntry(t, n++, orgPatch, { action: 'update', entity: 'organization' })).changes, { shortName: [null, 'STC'] })
  const orgGone = await app.inject({ method: 'DELETE', url: `/v1/admin/organizations/${org.json().id}`, headers: editor.headers })
  await oneEntry(t, n++, orgGone, { action: 'delete', entity: 'organization' })
})

t.test('a write that fails and rolls back leaves no entry', async (t) => {
  const author = await newAuthor(app, editor.headers, { name: 'Tác giả có bài' })
  await newDraft(app, editor.headers, { authorIds: [author.id] })
  const n = await count()
  const refused = await app.inject({ method: 'DELETE', url: `/v1/admin/authors/${author.id}`, headers: editor.headers })
  t.equal(refused.statusCode, 409)
  const stale = await app.inject({
    method: 'POST',
    url: '/v1/admin/articles',
    headers: editor.headers,
    payload: { title: 'Lỗi', lead: '', body: '<p>x</p>', authorIds: [author.id], organizationIds: ['00000000-0000-4000-8000-000000000000'] },
  })
  t.equal(stale.statusCode, 400)
  t.equal(await count(), n, 'nothing recorded')
})

t.test('users, passwords, sessions, MFA and failed logins: no secret is ever stored', async (t) => {
  let n = await count()
  const password = 'Mật khẩu rất dài số 7'
  const made = await app.inject({
    method: 'POST',
    url: '/v1/users',
    headers: admin.headers,
    payload: { email: 'bientap.kiemtoan@toasoan.test', name: 'Biên tập Kiểm', role: 'editor', password },
  })
  const user = made.json()
  const e = await oneEntry(t, n++, made, { action: 'create', entity: 'user', entityId: user.id })
  t.match(e.changes, { role: [null, 'editor'], password: ['***', '***'], email: [null, 'bientap.kiemtoan@toasoan.test'] })

  const newPassword = 'Một mật khẩu khác hẳn 42'
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/users/${user.id}`,
    headers: admin.headers,
    payload: { role: 'moderator', password: newPassword },
  })
  t.same((await oneEntry(t, n++, patched, { action: 'update', entity: 'user', entityId: user.id })).changes, {
    role: ['editor', 'moderator'],
    password: ['***', '***'],
  })

  const me = await tokenFor(ctx, 'editor')
  n = await count()
  const thirdPassword = 'Mật khẩu thứ ba đủ dài 9'
  const changed = await app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: me.headers,
    payload: { currentPassword: TEST_PASSWORD, newPassword: thirdPassword },
  })
  t.match(await oneEntry(t, n++, changed, { action: 'password-change', entity: 'user', entityId: me.user.id }), {
    changes: { password: ['***', '***'] },
    actorId: me.user.id,
  })
  const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: me.user.email, password: thirdPassword } })
  n = await count()
  const out = await app.inject({ method: 'DELETE', url: '/v1/me/sessions', headers: { authorization: `Bearer ${login.json().accessToken}` } })
  await oneEntry(t, n++, out, { action: 'session-revoke-others', entity: 'user', entityId: me.user.id })

  const mfaUser = await tokenFor(ctx, 'editor')
  const { secret } = (await app.inject({ method: 'POST', url: '/v1/me/mfa/totp', headers: mfaUser.headers })).json()
  t.equal(await count(), n, 'starting an enrolment changes nothing yet')
  const now = Date.now()
  const on = await app.inject({
    method: 'POST',
    url: '/v1/me/mfa/totp/confirm',
    headers: mfaUser.headers,
    payload: { code: await generate({ secret, epoch: Math.floor(now / 1000) }) },
  })
  const { recoveryCodes } = on.json()
  t.same((await oneEntry(t, n++, on, { action: 'mfa-enable', entity: 'user', entityId: mfaUser.user.id })).changes, { mfaEnabled: [false, true] })
  const step1 = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: mfaUser.user.email, password: TEST_PASSWORD } })
  const recovered = await app.inject({ method: 'POST', url: '/v1/auth/mfa', payload: { mfaToken: step1.json().mfaToken, recoveryCode: recoveryCodes[0] } })
  t.match(await oneEntry(t, n++, recovered, { action: 'recovery-code-used', entity: 'user', entityId: mfaUser.user.id }), {
    actorId: mfaUser.user.id,
    actorName: mfaUser.user.name,
  })
  const off = await app.inject({
    method: 'DELETE',
    url: '/v1/me/mfa/totp',
    headers: mfaUser.headers,
    payload: { code: await generate({ secret, epoch: Math.floor(now / 1000) + 30 }) },
  })
  await oneEntry(t, n++, off, { action: 'mfa-disable', entity: 'user', entityId: mfaUser.user.id })

  const wrong = 'đoán-sai-mật-khẩu-999'
  const failed = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: me.user.email, password: wrong } })
  t.equal(failed.statusCode, 401)
  t.match(await oneEntry(t, n++, { ...failed, statusCode: 200 } as Res, { action: 'login-failed', entity: 'user', entityId: me.user.id }), {
    actorType: 'user',
    actorId: me.user.id,
    changes: { step: [null, 'password'] },
  })
  const typo = 'nobody-with-my-password-in-the-email@x.test'
  const unknown = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: typo, password: wrong } })
  t.match(await oneEntry(t, n++, { ...unknown, statusCode: 200 } as Res, { action: 'login-failed', entity: 'user', entityId: null }), {
    actorId: null,
    actorName: null,
  })

  const stored = await storedJson()
  const hashes = await prisma.user.findMany({ select: { passwordHash: true, mfaSecret: true } })
  for (const s of [password, newPassword, thirdPassword, wrong, typo, secret, recoveryCodes[0], ...hashes.map((h) => h.passwordHash)]) {
    t.notOk(stored.includes(s), `no ${s.slice(0, 12)}… in the log`)
  }
})

t.test('webhooks, API keys, moderation rules, media; an API key as the actor', async (t) => {
  let n = await count()
  const hook = await app.inject({
    method: 'POST',
    url: '/v1/admin/webhooks',
    headers: admin.headers,
    payload: { url: 'http://127.0.0.1:9/hook', events: ['*'] },
  })
  const { id, secret } = hook.json()
  t.match((await oneEntry(t, n++, hook, { action: 'create', entity: 'webhook', entityId: id })).changes, {
    url: [null, 'http://127.0.0.1:9/hook'],
    secret: ['***', '***'],
  })
  const rotated = await app.inject({ method: 'POST', url: `/v1/admin/webhooks/${id}/rotate-secret`, headers: admin.headers })
  await oneEntry(t, n++, rotated, { action: 'rotate-secret', entity: 'webhook', entityId: id })

  const keyRes = await app.inject({
    method: 'POST',
    url: '/v1/admin/api-keys',
    headers: admin.headers,
    payload: { name: 'Tích hợp CMS', scopes: ['webhooks:manage', 'moderation'] },
  })
  const key = keyRes.json()
  t.match((await oneEntry(t, n++, keyRes, { action: 'create', entity: 'apiKey', entityId: key.id })).changes, {
    name: [null, 'Tích hợp CMS'],
    scopes: [null, ['webhooks:manage', 'moderation']],
  })
  const bearer = { authorization: `Bearer ${key.key}` }
  const described = await app.inject({ method: 'PATCH', url: `/v1/admin/webhooks/${id}`, headers: admin.headers, payload: { description: 'Đã đổi' } })
  t.same((await oneEntry(t, n++, described, { action: 'update', entity: 'webhook', entityId: id })).changes, { description: [null, 'Đã đổi'] })
  const rules = await app.inject({
    method: 'PUT',
    url: '/v1/moderation/rules',
    headers: bearer,
    payload: { mode: 'pre', bannedWords: ['lừa đảo'], suspectWords: [], maxLinks: 1 },
  })
  const e = await oneEntry(t, n++, rules, { action: 'update', entity: 'moderationRules', entityId: null })
  t.match(e, { actorType: 'apiKey', actorId: key.id, actorName: `Tích hợp CMS (${key.prefix}…)`, changes: { bannedWords: [[], ['lừa đảo']] } })
  const gone = await app.inject({ method: 'DELETE', url: `/v1/admin/webhooks/${id}`, headers: admin.headers })
  await oneEntry(t, n++, gone, { action: 'delete', entity: 'webhook', entityId: id })
  const revoked = await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${key.id}`, headers: admin.headers })
  t.match(await oneEntry(t, n++, revoked, { action: 'revoke', entity: 'apiKey', entityId: key.id }), { actorType: 'user', actorId: admin.user.id })
  await app.inject({ method: 'DELETE', url: `/v1/admin/api-keys/${key.id}`, headers: admin.headers })
  t.equal(await count(), n, 'revoking twice records once')

  const image = await uploaded(app, editor.headers, await jpeg(40, 30), [{ name: 'alt', data: 'Ảnh kiểm toán' }])
  t.match(await newest(), { action: 'create', entity: 'media', entityId: image.id, changes: { alt: [null, 'Ảnh kiểm toán'], width: [null, 40] } })
  n++
  const alt = await app.inject({ method: 'PATCH', url: `/v1/admin/media/${image.id}`, headers: editor.headers, payload: { alt: 'Ảnh đã sửa' } })
  t.same((await oneEntry(t, n++, alt, { action: 'update', entity: 'media', entityId: image.id })).changes, { alt: ['Ảnh kiểm toán', 'Ảnh đã sửa'] })
  const dropped = await app.inject({ method: 'DELETE', url: `/v1/admin/media/${image.id}`, headers: editor.headers })
  await oneEntry(t, n++, dropped, { action: 'delete', entity: 'media', entityId: image.id })

  const stored = await storedJson()
  const endpoint = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { keyHash: true } })
  for (const s of [secret, rotated.json().secret, key.key, endpoint.keyHash]) t.notOk(stored.includes(s), 'no secret, key or key hash in the log')
})

t.test('the system actor, and changesOf', async (t) => {
  await app.services.apiKeys.create({ name: 'Khoá dòng lệnh', scopes: ['content:read'] }, admin.user, systemAudit('user:create'))
  t.match(await newest(), { actorType: 'system', actorId: null, actorName: 'user:create', requestId: null })
  t.same(changesOf({ a: 1, b: new Date(0), passwordHash: 'x', updatedAt: 1 }, { a: 2, b: new Date(0), passwordHash: 'y', updatedAt: 2 }), {
    a: [1, 2],
    passwordHash: ['***', '***'],
  })
  t.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null }), '{"a":null,"b":[1,{"c":2,"d":1}]}')
})

t.test('20 concurrent article creates keep one unbroken chain; verify names a tampered row', async (t) => {
  const author = await newAuthor(app, editor.headers, { name: 'Tác giả song song' })
  const results = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      app.inject({
        method: 'POST',
        url: '/v1/admin/articles',
        headers: editor.headers,
        payload: { title: `Bài song song ${i}`, lead: '', body: '<p>x</p>', authorIds: [author.id], organizationIds: [] },
      }),
    ),
  )
  t.same(
    results.map((r) => r.statusCode),
    Array(20).fill(201),
  )
  const rows = await prisma.auditEntry.findMany({ orderBy: { seq: 'asc' } })
  t.same(
    rows.map((r) => r.seq),
    rows.map((_, i) => i + 1),
    'seq has no gap and no repeat',
  )
  const ok = await app.inject({ url: '/v1/admin/audit/verify', headers: admin.headers })
  t.same(ok.json(), { ok: true, checked: rows.length })

  const victim = rows[Math.floor(rows.length / 2)]!
  t.equal(victim.hash, entryHash(victim, rows[Math.floor(rows.length / 2) - 1]!.hash))
  // the trigger refuses changes even to the database owner; a deliberate tamper goes around it
  await t.rejects(prisma.$executeRaw`UPDATE "AuditEntry" SET "actorName" = 'ai đó' WHERE id = ${victim.id}::uuid`, /append-only/)
  await t.rejects(prisma.$executeRaw`DELETE FROM "AuditEntry" WHERE id = ${victim.id}::uuid`, /append-only/)
  await t.rejects(prisma.$executeRawUnsafe('TRUNCATE "AuditEntry"'), /append-only/)
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica')
    await tx.$executeRaw`UPDATE "AuditEntry" SET changes = '{"title":[null,"bị sửa"]}' WHERE id = ${victim.id}::uuid`
  })
  const broken = await app.inject({ url: '/v1/admin/audit/verify', headers: admin.headers })
  t.same(broken.json(), { ok: false, checked: victim.seq, firstBrokenId: victim.id })
})

t.test('admins read it with filters and paging; nothing writes it through the API', async (t) => {
  const list = await app.inject({ url: `/v1/admin/audit?actor=${editor.user.id}&entity=author&limit=100`, headers: admin.headers })
  t.equal(list.statusCode, 200, list.body)
  const data = list.json().data as Array<{ actor: { id: string }; entity: string; at: string; changes: object }>
  t.ok(data.length >= 3)
  t.ok(data.every((e) => e.actor.id === editor.user.id && e.entity === 'author'))
  const first = await prisma.auditEntry.findFirstOrThrow({ where: { entity: 'author' }, orderBy: { seq: 'asc' } })
  const byId = await app.inject({ url: `/v1/admin/audit?entity=author&entityId=${first.entityId}`, headers: admin.headers })
  t.ok(byId.json().data.every((e: { entityId: string }) => e.entityId === first.entityId))
  t.match(byId.json().data.at(-1), {
    id: first.id,
    actor: { type: 'user', id: editor.user.id, name: editor.user.name },
    action: 'create',
    requestId: first.requestId,
  })
  const future = await app.inject({ url: '/v1/admin/audit?from=2999-01-01', headers: admin.headers })
  t.same(future.json().data, [])
  const past = await app.inject({ url: `/v1/admin/audit?to=${encodeURIComponent(first.at.toISOString())}&limit=100`, headers: admin.headers })
  t.ok(past.json().data.length >= 1 && past.json().data.every((e: { at: string }) => e.at <= first.at.toISOString()))
  t.equal((await app.inject({ url: '/v1/admin/audit?actor=system', headers: admin.headers })).json().data[0].actor.type, 'system')
  t.equal((await app.inject({ url: '/v1/admin/audit?entity=nothing', headers: admin.headers })).statusCode, 400)
  t.equal((await app.inject({ url: '/v1/admin/audit?from=2026-02-30', headers: admin.headers })).statusCode, 400)
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    t.equal((await app.inject({ method, url: `/v1/admin/audit/${first.id}`, headers: admin.headers, payload: {} })).statusCode, 404, `${method} has no route`)
  }
})
