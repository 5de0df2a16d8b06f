// Every protected route × every role, plus no token and an expired token, against ONE table.
// A route added with `security: bearerAuth` in its schema but missing here fails the completeness test below.
import { randomBytes, randomUUID } from 'node:crypto'
import t from 'tap'
import { build } from '../../helper.ts'
import { accessTokenFor, createUser, tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft, newOrganization } from '../../fixtures/editorial.ts'
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../src/schemas/staff-accounts.ts'
import { jpeg, multipart, uploaded } from '../../fixtures/media.ts'
import { systemAudit } from '../../../src/services/audit/record.ts'

// webhooks to loopback are allowed here: the table saves endpoints, and nothing is ever delivered (JOBS=off)
const ctx = await build(t, { WEBHOOK_ALLOW_PRIVATE: 'true' })
const { app, db } = ctx
await app.ready()

type Role = 'admin' | 'editor' | 'contributor' | 'moderator'
const ROLES: Role[] = ['admin', 'editor', 'contributor', 'moderator']
const admin = await tokenFor(ctx, 'admin')
const editor = await tokenFor(ctx, 'editor')
const byline = await newAuthor(app, editor.headers, { name: 'Tác giả Ma trận' })
const signedIn: Record<Role, { headers: Record<string, string> }> = {
  admin,
  editor,
  moderator: await tokenFor(ctx, 'moderator'),
  contributor: await tokenFor(ctx, 'contributor', { authorId: byline.id }),
}
const keyHeaders = Object.fromEntries(
  await Promise.all(
    API_KEY_SCOPES.map(async (scope) => {
      const { key } = await app.services.apiKeys.create({ name: `Khoá ${scope}`, scopes: [scope] }, admin.user, systemAudit('test'))
      return [scope, { authorization: `Bearer ${key}` }]
    }),
  ),
) as Record<ApiKeyScope, Record<string, string>>
const expired = { authorization: `Bearer ${accessTokenFor(ctx, admin.user, new Date(Date.now() - 3_600_000))}` }

interface Request {
  url: string
  payload?: object
  headers?: Record<string, string>
}
interface Row {
  route: string
  /** besides these, every role gets 403 */
  allow: Role[]
  ok: number
  /** a fresh request per call: each role's attempt acts on its own resource */
  request: () => Promise<Request>
  /** the API key scope the route admits (keys of any other scope, and on rows without one every key, get 403) */
  scope?: ApiKeyScope
}

const tag = () => randomBytes(4).toString('hex')
const newSection = async () =>
  (await app.inject({ method: 'POST', url: '/v1/admin/sections', headers: editor.headers, payload: { name: `Chuyên mục ${tag()}` } })).json().id as string
// tags are made by article writes
const newTag = async () => ((await newDraft(app, editor.headers, { authorIds: [byline.id], tags: [`Thẻ ${tag()}`] })).tags as Array<{ id: string }>)[0]!.id
const collection = async () =>
  (await app.inject({ method: 'POST', url: '/v1/admin/collections', headers: editor.headers, payload: { name: `Bộ sưu tập ${tag()}` } })).json().id as string
// drafts under the contributor's own byline, so "contributor allowed" means the role check alone
const draft = () => newDraft(app, editor.headers, { authorIds: [byline.id] })
async function draftIn(...actions: Array<[string, object?]>) {
  const a = await draft()
  for (const [action, body] of actions) await act(app, editor.headers, a.id, action, body)
  return a.id
}

const WRITERS: Role[] = ['admin', 'editor', 'contributor']
const EDITORS: Role[] = ['admin', 'editor']
const MODERATORS: Role[] = ['admin', 'moderator']

/** A public comment: approved on a published article. */
async function approvedComment() {
  const articleId = await draftIn(['publish'])
  const row = await db.prisma.comment.create({
    data: { articleId, authorName: 'Bạn đọc', content: 'Ý kiến', contentHash: tag(), ipHash: tag(), commenterId: tag(), status: 'approved' },
    select: { id: true },
  })
  return row.id
}

async function pendingComment() {
  const articleId = await draftIn(['publish'])
  const row = await db.prisma.comment.create({
    data: { articleId, authorName: 'Bạn đọc', content: 'Ý kiến', contentHash: tag(), ipHash: tag(), commenterId: tag() },
    select: { id: true },
  })
  return row.id
}
/** A commenter with one comment: a fresh 64-hex id each time. */
async function commenter() {
  const id = randomBytes(32).toString('hex')
  await db.prisma.comment.create({
    data: { articleId: await draftIn(['publish']), authorName: 'Bạn đọc', content: 'Ý kiến', contentHash: tag(), ipHash: tag(), commenterId: id },
  })
  return id
}

const smallJpeg = await jpeg(64, 48)
// uploaded by the contributor: PATCH and DELETE then admit the uploader, editors and admins
const contributorMedia = async () => (await uploaded(app, signedIn.contributor.headers, smallJpeg)).id
const uploadRequest = (): Request => {
  const body = multipart([{ name: 'file', filename: 'anh.jpg', data: smallJpeg }])
  return { url: '/v1/admin/media', payload: body.payload, headers: body.headers }
}

const TABLE: Row[] = [
  { route: 'POST /v1/admin/media', allow: WRITERS, ok: 201, request: async () => uploadRequest() },
  { route: 'GET /v1/admin/media', allow: WRITERS, ok: 200, request: async () => ({ url: '/v1/admin/media' }) },
  { route: 'GET /v1/admin/media/{id}', allow: WRITERS, ok: 200, request: async () => ({ url: `/v1/admin/media/${await contributorMedia()}` }) },
  {
    route: 'PATCH /v1/admin/media/{id}',
    allow: WRITERS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/media/${await contributorMedia()}`, payload: { caption: 'Chú thích' } }),
  },
  { route: 'DELETE /v1/admin/media/{id}', allow: WRITERS, ok: 204, request: async () => ({ url: `/v1/admin/media/${await contributorMedia()}` }) },
  { route: 'GET /v1/me', allow: ROLES, ok: 200, request: async () => ({ url: '/v1/me' }) },
  { route: 'POST /v1/me/mfa/totp', allow: ROLES, ok: 200, request: async () => ({ url: '/v1/me/mfa/totp' }) },
  // after the row above each role has an enrolment waiting: a made-up code is refused
  { route: 'POST /v1/me/mfa/totp/confirm', allow: ROLES, ok: 401, request: async () => ({ url: '/v1/me/mfa/totp/confirm', payload: { code: 'x' } }) },
  { route: 'DELETE /v1/me/mfa/totp', allow: ROLES, ok: 409, request: async () => ({ url: '/v1/me/mfa/totp', payload: { code: '000000' } }) },
  { route: 'GET /v1/me/sessions', allow: ROLES, ok: 200, request: async () => ({ url: '/v1/me/sessions' }) },
  { route: 'DELETE /v1/me/sessions', allow: ROLES, ok: 204, request: async () => ({ url: '/v1/me/sessions' }) },
  { route: 'DELETE /v1/me/sessions/{id}', allow: ROLES, ok: 404, request: async () => ({ url: `/v1/me/sessions/${randomUUID()}` }) },
  // a refused new password: a right one would end the role's tokens for the rows after
  {
    route: 'POST /v1/me/password',
    allow: ROLES,
    ok: 400,
    request: async () => ({ url: '/v1/me/password', payload: { currentPassword: 'x', newPassword: 'password1234' } }),
  },
  { route: 'GET /v1/admin/api-keys', allow: ['admin'], ok: 200, request: async () => ({ url: '/v1/admin/api-keys' }) },
  {
    route: 'POST /v1/admin/api-keys',
    allow: ['admin'],
    ok: 201,
    request: async () => ({ url: '/v1/admin/api-keys', payload: { name: 'Tích hợp', scopes: ['content:read'] } }),
  },
  {
    route: 'DELETE /v1/admin/api-keys/{id}',
    allow: ['admin'],
    ok: 204,
    request: async () => ({
      url: `/v1/admin/api-keys/${(await app.services.apiKeys.create({ name: 'Tạm', scopes: ['moderation'] }, admin.user, systemAudit('test'))).id}`,
    }),
  },
  { route: 'GET /v1/users', allow: ['admin'], ok: 200, request: async () => ({ url: '/v1/users' }) },
  {
    route: 'POST /v1/users',
    allow: ['admin'],
    ok: 201,
    request: async () => ({ url: '/v1/users', payload: { email: `u-${tag()}@toasoan.test`, name: 'Mới', role: 'editor', password: 'mật khẩu đủ dài' } }),
  },
  { route: 'GET /v1/users/{id}', allow: ['admin'], ok: 200, request: async () => ({ url: `/v1/users/${editor.user.id}` }) },
  {
    route: 'PATCH /v1/users/{id}',
    allow: ['admin'],
    ok: 200,
    request: async () => ({ url: `/v1/users/${(await createUser(db, { role: 'editor' })).id}`, payload: { name: 'Tên mới' } }),
  },
  { route: 'GET /v1/admin/articles', allow: WRITERS, ok: 200, scope: 'content:read', request: async () => ({ url: '/v1/admin/articles' }) },
  {
    route: 'POST /v1/admin/articles',
    allow: WRITERS,
    ok: 201,
    request: async () => ({ url: '/v1/admin/articles', payload: { title: 'Bài mới', lead: '', body: '', authorIds: [byline.id], organizationIds: [] } }),
  },
  {
    route: 'GET /v1/admin/articles/{id}',
    allow: WRITERS,
    ok: 200,
    scope: 'content:read',
    request: async () => ({ url: `/v1/admin/articles/${(await draft()).id}` }),
  },
  {
    route: 'PATCH /v1/admin/articles/{id}',
    allow: WRITERS,
    ok: 200,
    request: async () => {
      const a = await draft()
      return { url: `/v1/admin/articles/${a.id}`, payload: { title: 'Sửa' }, headers: { 'if-match': a.etag } }
    },
  },
  { route: 'DELETE /v1/admin/articles/{id}', allow: EDITORS, ok: 204, request: async () => ({ url: `/v1/admin/articles/${(await draft()).id}` }) },
  {
    route: 'GET /v1/admin/articles/{id}/revisions',
    allow: WRITERS,
    ok: 200,
    scope: 'content:read',
    request: async () => ({ url: `/v1/admin/articles/${(await draft()).id}/revisions` }),
  },
  { route: 'POST /v1/admin/articles/{id}/submit', allow: WRITERS, ok: 200, request: async () => ({ url: `/v1/admin/articles/${await draftIn()}/submit` }) },
  {
    route: 'POST /v1/admin/articles/{id}/reject',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/articles/${await draftIn(['submit'])}/reject`, payload: { reason: 'Chưa đạt' } }),
  },
  {
    route: 'POST /v1/admin/articles/{id}/publish',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/articles/${await draftIn()}/publish`, payload: {} }),
  },
  {
    route: 'POST /v1/admin/articles/{id}/unpublish',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/articles/${await draftIn(['publish'])}/unpublish` }),
  },
  { route: 'POST /v1/admin/articles/{id}/archive', allow: EDITORS, ok: 200, request: async () => ({ url: `/v1/admin/articles/${await draftIn()}/archive` }) },
  {
    route: 'POST /v1/admin/articles/{id}/preview',
    allow: WRITERS,
    ok: 201,
    request: async () => ({ url: `/v1/admin/articles/${(await draft()).id}/preview` }),
  },
  {
    route: 'DELETE /v1/admin/articles/{id}/preview',
    allow: WRITERS,
    ok: 204,
    request: async () => ({ url: `/v1/admin/articles/${(await draft()).id}/preview` }),
  },
  { route: 'POST /v1/admin/authors', allow: EDITORS, ok: 201, request: async () => ({ url: '/v1/admin/authors', payload: { name: `Tác giả ${tag()}` } }) },
  {
    route: 'PATCH /v1/admin/authors/{id}',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/authors/${(await newAuthor(app, editor.headers)).id}`, payload: { bio: 'Tiểu sử' } }),
  },
  {
    route: 'DELETE /v1/admin/authors/{id}',
    allow: EDITORS,
    ok: 204,
    request: async () => ({ url: `/v1/admin/authors/${(await newAuthor(app, editor.headers)).id}` }),
  },
  {
    route: 'POST /v1/admin/organizations',
    allow: EDITORS,
    ok: 201,
    request: async () => ({ url: '/v1/admin/organizations', payload: { name: `Chi bộ ${tag()}`, kind: 'cell' } }),
  },
  {
    route: 'PATCH /v1/admin/organizations/{id}',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/organizations/${(await newOrganization(app, editor.headers)).id}`, payload: { shortName: 'CB' } }),
  },
  {
    route: 'DELETE /v1/admin/organizations/{id}',
    allow: EDITORS,
    ok: 204,
    request: async () => ({ url: `/v1/admin/organizations/${(await newOrganization(app, editor.headers)).id}` }),
  },
  {
    route: 'POST /v1/admin/sections',
    allow: EDITORS,
    ok: 201,
    request: async () => ({ url: '/v1/admin/sections', payload: { name: `Chuyên mục ${tag()}` } }),
  },
  {
    route: 'PATCH /v1/admin/sections/{id}',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/sections/${await newSection()}`, payload: { position: 3 } }),
  },
  {
    route: 'DELETE /v1/admin/sections/{id}',
    allow: EDITORS,
    ok: 204,
    request: async () => ({ url: `/v1/admin/sections/${await newSection()}` }),
  },
  {
    route: 'PATCH /v1/admin/tags/{id}',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/tags/${await newTag()}`, payload: { name: `Thẻ mới ${tag()}` } }),
  },
  {
    route: 'DELETE /v1/admin/tags/{id}',
    allow: EDITORS,
    ok: 204,
    request: async () => ({ url: `/v1/admin/tags/${await newTag()}` }),
  },
  { route: 'GET /v1/admin/collections', allow: EDITORS, ok: 200, request: async () => ({ url: '/v1/admin/collections' }) },
  {
    route: 'POST /v1/admin/collections',
    allow: EDITORS,
    ok: 201,
    request: async () => ({ url: '/v1/admin/collections', payload: { name: `Tiêu điểm ${tag()}` } }),
  },
  { route: 'GET /v1/admin/collections/{id}', allow: EDITORS, ok: 200, request: async () => ({ url: `/v1/admin/collections/${await collection()}` }) },
  {
    route: 'PUT /v1/admin/collections/{id}/articles',
    allow: EDITORS,
    ok: 200,
    request: async () => {
      const id = await collection()
      return { url: `/v1/admin/collections/${id}/articles`, payload: { articleIds: [] }, headers: { 'if-match': `"${id}:1"` } }
    },
  },
  {
    route: 'PATCH /v1/admin/collections/{id}',
    allow: EDITORS,
    ok: 200,
    request: async () => ({ url: `/v1/admin/collections/${await collection()}`, payload: { maxItems: 5 } }),
  },
  { route: 'DELETE /v1/admin/collections/{id}', allow: EDITORS, ok: 204, request: async () => ({ url: `/v1/admin/collections/${await collection()}` }) },
  { route: 'GET /v1/moderation/comments', allow: MODERATORS, ok: 200, scope: 'moderation', request: async () => ({ url: '/v1/moderation/comments' }) },
  {
    route: 'POST /v1/moderation/claims',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: '/v1/moderation/claims', payload: { limit: 1 } }),
  },
  {
    route: 'POST /v1/moderation/comments/{id}/decision',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: `/v1/moderation/comments/${await pendingComment()}/decision`, payload: { action: 'approve' } }),
  },
  {
    route: 'POST /v1/moderation/decisions',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: '/v1/moderation/decisions', payload: { decisions: [{ id: await pendingComment(), action: 'spam' }] } }),
  },
  { route: 'GET /v1/moderation/stats', allow: MODERATORS, ok: 200, scope: 'moderation', request: async () => ({ url: '/v1/moderation/stats' }) },
  { route: 'GET /v1/moderation/log', allow: MODERATORS, ok: 200, scope: 'moderation', request: async () => ({ url: '/v1/moderation/log' }) },
  { route: 'GET /v1/moderation/rules', allow: MODERATORS, ok: 200, scope: 'moderation', request: async () => ({ url: '/v1/moderation/rules' }) },
  { route: 'POST /v1/moderation/stream-ticket', allow: MODERATORS, ok: 201, request: async () => ({ url: '/v1/moderation/stream-ticket' }) },
  {
    route: 'PUT /v1/moderation/rules',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: '/v1/moderation/rules', payload: { mode: 'pre', bannedWords: [], suspectWords: [], maxLinks: 2 } }),
  },
  ...(['feature', 'unfeature'] as const).map((what) => ({
    route: `POST /v1/moderation/comments/{id}/${what}`,
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation' as const,
    request: async () => ({ url: `/v1/moderation/comments/${await approvedComment()}/${what}` }),
  })),
  {
    route: 'POST /v1/moderation/comments/{id}/replies',
    allow: MODERATORS,
    ok: 201,
    scope: 'moderation',
    request: async () => ({ url: `/v1/moderation/comments/${await approvedComment()}/replies`, payload: { content: 'Cảm ơn bạn.' } }),
  },
  {
    route: 'GET /v1/moderation/commenters/{commenterId}',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: `/v1/moderation/commenters/${await commenter()}` }),
  },
  {
    route: 'POST /v1/moderation/commenters/{commenterId}/ban',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: `/v1/moderation/commenters/${await commenter()}/ban`, payload: { reason: 'Quảng cáo' } }),
  },
  {
    route: 'DELETE /v1/moderation/commenters/{commenterId}/ban',
    allow: MODERATORS,
    ok: 200,
    scope: 'moderation',
    request: async () => ({ url: `/v1/moderation/commenters/${await commenter()}/ban` }),
  },
  {
    route: 'POST /v1/moderation/commenters/{commenterId}/notes',
    allow: MODERATORS,
    ok: 201,
    scope: 'moderation',
    request: async () => ({ url: `/v1/moderation/commenters/${await commenter()}/notes`, payload: { text: 'Ghi chú' } }),
  },
]

const ADMINS: Role[] = ['admin']
const hook = async () =>
  (await app.inject({ method: 'POST', url: '/v1/admin/webhooks', headers: admin.headers, payload: { url: 'http://127.0.0.1:9/hook', events: ['*'] } })).json()
    .id as string
async function delivery() {
  const endpointId = await hook()
  const event = await db.prisma.event.create({ data: { type: 'author.updated', entity: 'author', entityId: byline.id, data: {}, tags: [] } })
  const d = await db.prisma.webhookDelivery.create({ data: { endpointId, eventId: event.id, eventType: event.type, status: 'failed' } })
  return `/v1/admin/webhooks/${endpointId}/deliveries/${d.id}/retry`
}
TABLE.push(
  { route: 'GET /v1/admin/events', allow: ADMINS, ok: 200, request: async () => ({ url: '/v1/admin/events' }) },
  { route: 'GET /v1/admin/audit', allow: ADMINS, ok: 200, request: async () => ({ url: '/v1/admin/audit' }) },
  { route: 'GET /v1/admin/audit/verify', allow: ADMINS, ok: 200, request: async () => ({ url: '/v1/admin/audit/verify' }) },
  { route: 'GET /v1/admin/webhooks', allow: ADMINS, ok: 200, scope: 'webhooks:manage', request: async () => ({ url: '/v1/admin/webhooks' }) },
  {
    route: 'POST /v1/admin/webhooks',
    allow: ADMINS,
    ok: 201,
    scope: 'webhooks:manage',
    request: async () => ({ url: '/v1/admin/webhooks', payload: { url: 'http://127.0.0.1:9/hook', events: ['article.published'] } }),
  },
  {
    route: 'GET /v1/admin/webhooks/{id}',
    allow: ADMINS,
    ok: 200,
    scope: 'webhooks:manage',
    request: async () => ({ url: `/v1/admin/webhooks/${await hook()}` }),
  },
  {
    route: 'PATCH /v1/admin/webhooks/{id}',
    allow: ADMINS,
    ok: 200,
    scope: 'webhooks:manage',
    request: async () => ({ url: `/v1/admin/webhooks/${await hook()}`, payload: { active: false } }),
  },
  {
    route: 'DELETE /v1/admin/webhooks/{id}',
    allow: ADMINS,
    ok: 204,
    scope: 'webhooks:manage',
    request: async () => ({ url: `/v1/admin/webhooks/${await hook()}` }),
  },
  {
    route: 'POST /v1/admin/webhooks/{id}/rotate-secret',
    allow: ADMINS,
    ok: 200,
    scope: 'webhooks:manage',
    request: async () => ({ url: `/v1/admin/webhooks/${await hook()}/rotate-secret` }),
  },
  {
    route: 'GET /v1/admin/webhooks/{id}/deliveries',
    allow: ADMINS,
    ok: 200,
    scope: 'webhooks:manage',
    request: async () => ({ url: `/v1/admin/webhooks/${await hook()}/deliveries` }),
  },
  {
    route: 'POST /v1/admin/webhooks/{id}/deliveries/{deliveryId}/retry',
    allow: ADMINS,
    ok: 202,
    scope: 'webhooks:manage',
    request: async () => ({ url: await delivery() }),
  },
)

async function call(row: Row, headers: Record<string, string>) {
  const method = row.route.split(' ')[0] as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  const req = await row.request()
  return app.inject({ method, url: req.url, headers: { ...req.headers, ...headers }, ...(req.payload && { payload: req.payload }) })
}

t.test('the table lists every protected route, and each route documents the roles it admits', async (t) => {
  const doc = app.swagger() as { paths: Record<string, Record<string, { security?: Array<Record<string, unknown>>; description?: string }>> }
  const documented = new Map<string, string>()
  // role-checked routes name bearerAuth; a preview token or a stream ticket is tested with its route
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item))
      if (op.security?.some((s) => 'bearerAuth' in s)) documented.set(`${method.toUpperCase()} ${path}`, op.description ?? '')
  }
  t.same([...documented.keys()].sort(), TABLE.map((r) => r.route).sort(), 'protected routes in OpenAPI = rows of the table')
  for (const row of TABLE) {
    const roles = /Roles: ([a-z, ]+)\./
      .exec(documented.get(row.route) ?? '')?.[1]
      ?.split(', ')
      .sort()
    t.same(roles, [...row.allow].sort(), `${row.route} documents its roles`)
  }
})

for (const row of TABLE) {
  t.test(row.route, async (t) => {
    for (const role of ROLES) {
      const res = await call(row, signedIn[role].headers)
      const expected = row.allow.includes(role) ? row.ok : 403
      t.equal(res.statusCode, expected, `${role}: ${expected}${res.statusCode !== expected ? ` (${res.body.slice(0, 200)})` : ''}`)
      if (expected === 403) t.match(res.headers['content-type'], /problem\+json/)
    }
    for (const scope of API_KEY_SCOPES) {
      const res = await call(row, keyHeaders[scope])
      const expected = row.scope === scope ? row.ok : 403
      t.equal(res.statusCode, expected, `API key ${scope}: ${expected}${res.statusCode !== expected ? ` (${res.body.slice(0, 200)})` : ''}`)
    }
    for (const [who, headers] of [
      ['no token', {}],
      ['expired token', expired],
    ] as const) {
      const res = await call(row, headers)
      t.equal(res.statusCode, 401, who)
      t.match(res.headers['www-authenticate'], /^Bearer/, `${who}: WWW-Authenticate`)
    }
  })
}
