// Draft previews: who may make a link, what it opens (the public detail, any status, never cached
// or indexed), and every way a token is refused; the token never reaches the logs.
import { Writable } from 'node:stream'
import jwt from 'jsonwebtoken'
import t, { type Test } from 'tap'
import { build, testConfig } from '../../helper.ts'
import { buildApp, redactUrl, serverOptions } from '../../../src/app.ts'
import { ConfigError } from '../../../src/config.ts'
import { previewUrl } from '../../../src/services/content/previews.ts'
import { PREVIEW_AUDIENCE } from '../../../src/lib/preview-tokens.ts'
import { createArticle, createAuthor, createOrganization } from '../../fixtures/content.ts'
import { accessTokenFor, tokenFor } from '../../fixtures/users.ts'

let now = new Date()
const ctx = await build(t, {}, { clock: () => now })
const { app, db, config } = ctx
await app.ready()

const author = await createAuthor(db, { name: 'Lê Thị Xem Trước' })
const otherAuthor = await createAuthor(db)
const org = await createOrganization(db)
const editor = await tokenFor(ctx, 'editor')
const contributor = await tokenFor(ctx, 'contributor', { authorId: author.id })
const stranger = await tokenFor(ctx, 'contributor', { authorId: otherAuthor.id })
const draft = await createArticle(db, { status: 'draft', title: 'Bản nháp chưa công bố', authorIds: [author.id], organizationIds: [org.id] })
const published = await createArticle(db, { status: 'published', authorIds: [author.id], organizationIds: [org.id], commentCount: 2 })

async function link(id: string, headers = editor.headers, payload?: object) {
  const res = await app.inject({ method: 'POST', url: `/v1/admin/articles/${id}/preview`, headers, ...(payload ? { payload } : {}) })
  return res
}
const tokenOf = async (id: string, payload?: object) => (await link(id, editor.headers, payload)).json().token as string
const open = (id: string, token: string) => app.inject({ url: `/v1/preview/articles/${id}`, headers: { authorization: `Bearer ${token}` } })

function refused(t: Test, res: Awaited<ReturnType<typeof open>>, why: string) {
  t.equal(res.statusCode, 401, why)
  t.match(res.headers['www-authenticate'], /^Bearer/, `${why}: WWW-Authenticate`)
  t.notMatch(res.body, draft.title, `${why}: nothing of the draft`)
}

t.test('a contributor previews their own draft; the link is for that article only', async (t) => {
  const res = await link(draft.id, contributor.headers)
  t.equal(res.statusCode, 201, res.body)
  const body = res.json()
  t.match(body, { token: String, url: `/v1/preview/articles/${draft.id}?token=${body.token}` })
  t.equal(Date.parse(body.expiresAt) - Math.floor(now.getTime() / 1000) * 1000, 3_600_000, 'one hour by default')
  t.equal((await link(draft.id, stranger.headers)).statusCode, 404, "another contributor's draft does not exist for them")
  t.equal((await link('00000000-0000-4000-8000-000000000000')).statusCode, 404)
})

t.test('expiresIn: 60 s to 7 days', async (t) => {
  const day = await link(draft.id, editor.headers, { expiresIn: 86_400 })
  t.equal(Date.parse(day.json().expiresAt) - Math.floor(now.getTime() / 1000) * 1000, 86_400_000)
  for (const expiresIn of [59, 7 * 86_400 + 1, 'soon', 1.5])
    t.equal((await link(draft.id, editor.headers, { expiresIn })).statusCode, 400, `expiresIn ${expiresIn}`)
  t.equal((await link(draft.id, editor.headers, { other: 1 })).statusCode, 400)
})

t.test('the preview is the public detail, for any status, never cached or indexed', async (t) => {
  const token = await tokenOf(draft.id)
  const res = await open(draft.id, token)
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['x-robots-tag'], 'noindex')
  t.equal(res.headers.etag, undefined)
  t.match(res.json(), { id: draft.id, title: draft.title, authors: [{ id: author.id }], organizations: [{ id: org.id }] })
  t.equal(res.json().publishedAt, now.toISOString(), 'a draft shows the time it would be published now')
  const byQuery = await app.inject(`/v1/preview/articles/${draft.id}?token=${token}`)
  t.equal(byQuery.statusCode, 200)
  t.equal(byQuery.headers['x-cache'], undefined, 'not through the response cache')
  t.equal((await app.inject(`/v1/preview/articles/${draft.id}?token=${token}`)).headers['x-cache'], undefined, 'not even the second time')
  t.equal((await app.inject(`/v1/articles/${draft.slug}`)).statusCode, 404, 'still not public')
})

t.test('for a published article it is byte for byte what the public sees', async (t) => {
  const preview = await open(published.id, await tokenOf(published.id))
  const pub = await app.inject(`/v1/articles/${published.slug}`)
  t.equal(pub.statusCode, 200)
  t.same(preview.json(), pub.json())
  t.same(Object.keys(preview.json()), Object.keys(pub.json()), 'same fields in the same order')
  t.equal(preview.body, pub.body)
})

t.test('refused: no token, another article, expired, tampered, wrong key, access tokens', async (t) => {
  const token = await tokenOf(draft.id)
  refused(t, await app.inject(`/v1/preview/articles/${draft.id}`), 'no token')
  refused(t, await app.inject({ url: `/v1/preview/articles/${draft.id}`, headers: { authorization: 'Basic eDp5' } }), 'not a Bearer header')
  refused(t, await open(published.id, token), 'a token for another article')
  const [head, payload, sig] = token.split('.')
  refused(t, await open(draft.id, `${head}.${payload}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BB' : 'AA'}`), 'a tampered signature')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())
  const swapped = Buffer.from(JSON.stringify({ ...claims, sub: published.id })).toString('base64url')
  refused(t, await open(published.id, `${head}.${swapped}.${sig}`), 'claims moved to another article')
  refused(t, await open(draft.id, accessTokenFor(ctx, editor.user)), 'an access token is not a preview token')
  const withServerSecret = jwt.sign({ pv: 0 }, config.jwtSecret, {
    algorithm: 'HS256',
    issuer: 'toasoan',
    audience: PREVIEW_AUDIENCE,
    subject: draft.id,
    expiresIn: 600,
  })
  refused(t, await open(draft.id, withServerSecret), 'signed with the access-token key')
  const me = await app.inject({ url: '/v1/me', headers: { authorization: `Bearer ${token}` } })
  t.equal(me.statusCode, 401, 'a preview token is not an access token')

  now = new Date(now.getTime() + 3_601_000)
  try {
    refused(t, await open(draft.id, token), 'expired')
  } finally {
    now = new Date()
  }
})

t.test('revoking kills every link made before, and changes nothing else', async (t) => {
  const before = await db.prisma.article.findUniqueOrThrow({ where: { id: published.id } })
  const old = await tokenOf(published.id)
  t.equal((await open(published.id, old)).statusCode, 200)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/articles/${published.id}/preview`, headers: stranger.headers })).statusCode, 404)
  const res = await app.inject({ method: 'DELETE', url: `/v1/admin/articles/${published.id}/preview`, headers: contributor.headers })
  t.equal(res.statusCode, 204)
  refused(t, await open(published.id, old), 'revoked')
  t.equal((await open(published.id, await tokenOf(published.id))).statusCode, 200, 'a new link works')
  const after = await db.prisma.article.findUniqueOrThrow({ where: { id: published.id } })
  t.same({ ...after, previewVersion: 0 }, { ...before, previewVersion: 0 }, 'updatedAt, version and the rest unchanged')
  t.equal(after.previewVersion, before.previewVersion + 1)
  t.equal(
    (await app.inject({ method: 'DELETE', url: '/v1/admin/articles/00000000-0000-4000-8000-000000000000/preview', headers: editor.headers })).statusCode,
    404,
  )
})

t.test('a deleted article: 404, not the old draft', async (t) => {
  const gone = await createArticle(db, { status: 'draft', authorIds: [author.id] })
  const token = await tokenOf(gone.id)
  await db.prisma.article.delete({ where: { id: gone.id } })
  t.equal((await open(gone.id, token)).statusCode, 404)
})

t.test('the token never reaches the request log', async (t) => {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const base = serverOptions({ ...config, logLevel: 'info' })
  const logged = await buildApp({ config, db }, { ...base, logger: { ...(base.logger as object), stream: sink } })
  t.teardown(() => logged.close())
  const token = await tokenOf(draft.id)
  t.equal((await logged.inject(`/v1/preview/articles/${draft.id}?token=${token}`)).statusCode, 200)
  t.equal((await logged.inject({ url: `/v1/preview/articles/${draft.id}`, headers: { authorization: `Bearer ${token}` } })).statusCode, 200)
  t.ok(
    lines.some((l) => l.includes(`${draft.id}?token=[redacted]`)),
    'the URL is logged, its token scrubbed',
  )
  t.notOk(
    lines.some((l) => l.includes(token.split('.')[2]!)),
    'no line holds the token',
  )
  t.equal(redactUrl('/v1/moderation/stream?ticket=abc&TOKEN=def#x'), '/v1/moderation/stream?ticket=[redacted]&TOKEN=[redacted]#x')
  t.equal(redactUrl('/v1/articles?q=token=1'), '/v1/articles?q=token=1', 'a value that only mentions token is kept')
})

t.test('PREVIEW_URL_PATTERN: filled in, and checked at start', async (t) => {
  const fields = { id: draft.id, slug: 'bai-viet', token: 'a.b.c' }
  t.equal(
    previewUrl('https://bao.example.vn/xem-truoc/{slug}?token={token}&id={id}', fields),
    `https://bao.example.vn/xem-truoc/bai-viet?token=a.b.c&id=${draft.id}`,
  )
  t.equal(testConfig().previewUrlPattern, '/v1/preview/articles/{id}?token={token}')
  for (const bad of ['/preview/{id}', 'ftp://x/{token}', '//evil.example/{token}', 'preview?t={token}']) {
    t.throws(() => testConfig({ PREVIEW_URL_PATTERN: bad }), ConfigError, bad)
  }
})
