// Schema-driven fuzz of every API route: requests generated from each route's own schema (through
// the app's OpenAPI document), deliberately broken, sent with and without valid tokens.
// Property: never a response >= 500, and every 4xx is application/problem+json with the problem shape.
// FUZZ_SEED and FUZZ_RUNS override the fixed seed and the number of cases.
import fc from 'fast-check'
import t from 'tap'
import { build } from '../helper.ts'
import { createArticle, createAuthor, createComment, createOrganization } from '../fixtures/content.ts'
import { accessTokenFor, createUser, tokenFor } from '../fixtures/users.ts'
import { signAccessToken } from '../../src/lib/tokens.ts'
import { operations, requestArbitrary, resolver, type FuzzRequest, type OpenApiDocument } from './requests.ts'

const SEED = Number(process.env.FUZZ_SEED ?? 20261128)
const RUNS = Number(process.env.FUZZ_RUNS ?? 2400)
// pages and documents, not JSON API operations (hidden from the OpenAPI document as well)
const EXCLUDED = ['/docs', '/openapi.json', '/console', '/demo', '/ui/']

const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '1000000', RATE_LIMIT_LOGIN: '1000000' })
const { app, db, config } = ctx
await app.ready()

// something real behind the ids and slugs, so broken input also reaches the deeper checks
const author = await createAuthor(db)
const org = await createOrganization(db)
const article = await createArticle(db, { authorIds: [author.id], organizationIds: [org.id] })
const draft = await createArticle(db, { status: 'draft', authorIds: [author.id] })
// several public ones, since the fuzz may archive some
const more = await Promise.all([1, 2, 3].map(() => createArticle(db, { authorIds: [author.id], organizationIds: [org.id] })))
const comment = await db.prisma.comment.create({
  data: { articleId: article.id, authorName: 'Bạn đọc', content: 'Bình luận', contentHash: 'h', ipHash: 'i', commenterId: 'i' },
})
const roles = ['admin', 'editor', 'contributor', 'moderator'] as const
const signedIn = Object.fromEntries(
  await Promise.all(roles.map(async (r) => [r, await tokenFor(ctx, r, r === 'contributor' ? { authorId: author.id } : {})] as const)),
)
const disabled = await createUser(db, { role: 'admin', disabled: true })
const sign = (sub: string, role: string, now = new Date(), secret = config.jwtSecret) => signAccessToken({ secret, ttlSeconds: 900, now }, { sub, role })
const admin = signedIn.admin!.user

const identities = {
  tokens: Object.fromEntries(roles.map((r) => [r, signedIn[r]!.token])),
  garbage: [
    'Bearer x.y.z',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer',
    `Bearer ${'a'.repeat(8_000)}`,
    'bearer  ',
    'Bearer \u00ff',
    `Bearer ${sign(admin.id, 'admin', new Date(Date.now() - 86_400_000))}`, // expired
    `Bearer ${sign(admin.id, 'admin', new Date(), 'another-secret-that-is-32-bytes-long!!')}`, // forged
    `Bearer ${sign('not-a-uuid', 'admin')}`,
    `Bearer ${sign('00000000-0000-4000-8000-000000000000', 'admin')}`, // no such user
    `Bearer ${sign(signedIn.moderator!.user.id, 'admin')}`, // a role the user does not have
    `Bearer ${accessTokenFor(ctx, disabled)}`,
    `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"sub":"${admin.id}","role":"admin"}`).toString('base64url')}.`,
  ],
}
const comments = []
for (const status of ['pending', 'approved', 'pending'] as const) comments.push(await createComment(db, article.id, { status }))
const users = [admin.id, signedIn.editor!.user.id, disabled.id]
const KNOWN: Array<[RegExp, string[]]> = [
  [/^\/v1\/articles\//, [article.slug, draft.slug, ...more.map((a) => a.slug)]],
  [/^\/v1\/authors\//, [author.slug]],
  [/^\/v1\/organizations\//, [org.slug]],
  [/^\/v1\/admin\/articles\//, [article.id, draft.id, ...more.map((a) => a.id)]],
  [/^\/v1\/admin\/authors\//, [author.id]],
  [/^\/v1\/admin\/organizations\//, [org.id]],
  [/^\/v1\/moderation\//, [comment.id, ...comments.map((c) => c.id)]],
  [/^\/v1\/users\//, users],
]
const known = (path: string) => KNOWN.find(([re]) => re.test(path))?.[1] ?? []

const doc = app.swagger() as unknown as OpenApiDocument
const ops = operations(doc).filter((op) => !EXCLUDED.some((p) => op.path.startsWith(p)))
const arbitrary = fc.oneof(...ops.map((op) => requestArbitrary(op, { resolve: resolver(doc), identities, known })))

const clip = (s: string | undefined, n = 300) => (s === undefined ? '' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s)
const describe = (r: FuzzRequest) => `${r.method} ${clip(r.url, 200)} as ${r.who} ${JSON.stringify(r.headers['content-type'] ?? '')} body ${clip(r.payload)}`

/** Why a response breaks the property, or null when it keeps it. */
function violation(status: number, contentType: string | undefined, body: string): string | null {
  if (status >= 500) return `status ${status}`
  if (status < 400) return null
  if (!/^application\/problem\+json/.test(contentType ?? '')) return `${status} with content-type ${contentType}`
  let problem: Record<string, unknown>
  try {
    problem = JSON.parse(body)
  } catch {
    return `${status} with a body that is not JSON`
  }
  if (typeof problem.type !== 'string' || typeof problem.title !== 'string' || problem.status !== status) return `${status} without the problem shape`
  return null
}

t.test('the property itself can fail', async (t) => {
  t.match(violation(500, 'application/problem+json', '{}'), /status 500/)
  t.match(violation(503, 'application/problem+json', '{}'), /status 503/)
  t.match(violation(400, 'application/json', '{}'), /content-type/)
  t.match(violation(404, 'application/problem+json', '{"type":"x","title":"y","status":400}'), /problem shape/)
  t.match(violation(413, 'application/problem+json', '<html>'), /not JSON/)
  t.equal(violation(409, 'application/problem+json; charset=utf-8', '{"type":"x","title":"Conflict","status":409}'), null)
  t.equal(violation(202, 'application/json', '{}'), null)
})

t.test(`every route, ${RUNS} cases, seed ${SEED}`, async (t) => {
  t.ok(ops.length >= 40, `${ops.length} operations from the OpenAPI document`)
  const seen = new Map<string, Record<string, number>>()
  const started = Date.now()
  let failure = ''
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (req) => {
      const res = await app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: req.headers,
        ...(req.payload !== undefined ? { payload: req.payload } : {}),
      })
      const byStatus = seen.get(req.op) ?? {}
      byStatus[res.statusCode] = (byStatus[res.statusCode] ?? 0) + 1
      seen.set(req.op, byStatus)
      const why = violation(res.statusCode, res.headers['content-type'] as string | undefined, res.body)
      if (why) failure = `${why}: ${describe(req)} → ${clip(res.body)}`
      return why === null
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  )
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  t.comment(`fuzz: ${details.numRuns} cases in ${seconds} s, seed ${SEED} (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} to replay)`)
  t.notOk(details.failed, failure || String(details.errorInstance ?? ''))
  t.ok(details.numRuns >= Math.min(RUNS, 2_000), `${details.numRuns} cases ran`)
  t.comment(
    `statuses by operation: ${[...seen]
      .map(
        ([op, s]) =>
          `${op} ${Object.entries(s)
            .map(([k, n]) => `${k}×${n}`)
            .join(' ')}`,
      )
      .join('; ')}`,
  )
  const missed = ops.filter((op) => !seen.has(op.id)).map((op) => op.id)
  if (!details.failed) t.same(missed, [], 'every operation was exercised')
  const statuses = new Set([...seen.values()].flatMap((s) => Object.keys(s).map(Number)))
  t.ok([...statuses].some((s) => s < 300) && [...statuses].some((s) => s >= 400), 'both successes and refusals were seen')
})
