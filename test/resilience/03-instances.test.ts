// Case 4 of the issue — several instances: three server processes on one database and one Redis.
// Moderators on different instances never get the same comment; the comment rate limit is shared
// (the Nth+1 submission from one address across instances is a 429); a publish (and an unpublish)
// on one instance shows on the others at once, whatever their response caches held.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import t from 'tap'
import { REDIS_URL, runDatabase, startServer, type Server } from './lib/cluster.ts'
import { report, sleep } from './lib/report.ts'
import { seed, type Staff } from './lib/seed.ts'

const LIMIT = 6
const COMMENTS = 300
const run = randomBytes(3).toString('hex')
const databaseUrl = await runDatabase(t)
const env = { REDIS_URL, TRUST_PROXY: '1', RATE_LIMIT_COMMENTS: String(LIMIT) }
const first = await startServer(t, { databaseUrl, env }) // migrates the database before the others start
const servers: Server[] = [first, ...(await Promise.all([startServer(t, { databaseUrl, env }), startServer(t, { databaseUrl, env })]))]
const seeded = await seed(t, databaseUrl, { articles: 2, moderators: 6 })
const { db } = seeded

async function send(server: Server, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(`${server.base}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    signal: AbortSignal.timeout(10_000),
  })
  const text = await res.text()
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(text)
  } catch {}
  return { status: res.status, headers: res.headers, json }
}

t.test('moderators on different instances never get the same comment', async (t) => {
  const article = seeded.articles[0]!
  const base = Date.now() - COMMENTS * 1000
  await db.prisma.comment.createMany({
    data: Array.from({ length: COMMENTS }, (_, i) => ({
      articleId: article.id,
      authorName: 'Bạn đọc',
      content: `rz4${run}-${i} chờ duyệt`,
      contentHash: `${run}${i}`,
      ipHash: run,
      commenterId: run,
      createdAt: new Date(base + i * 1000),
    })),
  })
  const claims = new Map<string, string[]>()
  const decisions: number[] = []
  const deadline = Date.now() + 60_000
  // moderator i claims on instance i % 3 and decides on the next one
  await Promise.all(
    seeded.moderators.map(async (m: Staff, i) => {
      let empty = 0
      while (empty < 2 && Date.now() < deadline) {
        const res = await send(servers[i % 3]!, '/v1/moderation/claims', { method: 'POST', headers: m.headers, body: { limit: 5 } })
        const got = (res.json.data as Array<{ id: string }> | undefined) ?? []
        empty = got.length ? 0 : empty + 1
        for (const c of got) {
          claims.set(c.id, [...(claims.get(c.id) ?? []), m.id])
          const d = await send(servers[(i + 1) % 3]!, `/v1/moderation/comments/${c.id}/decision`, {
            method: 'POST',
            headers: m.headers,
            body: { action: 'approve' },
          })
          decisions.push(d.status)
        }
      }
    }),
  )
  const shared = [...claims].filter(([, who]) => who.length > 1).map(([id]) => id)
  const { rows } = await db.pool.query<{ pending: number; multi: number }>(
    `SELECT
    (SELECT count(*)::int FROM "Comment" WHERE content LIKE $1 AND status = 'pending') AS pending,
    (SELECT count(*)::int FROM (SELECT "commentId" FROM "ModerationLog" GROUP BY "commentId" HAVING count(*) > 1) x) AS multi`,
    [`rz4${run}-%`],
  )
  await report(t, 'instances-claims', {
    instances: 3,
    moderators: seeded.moderators.length,
    comments: COMMENTS,
    claimed: claims.size,
    handedTwice: shared.length,
    decisions200: decisions.filter((s) => s === 200).length,
    decisionsOther: decisions.filter((s) => s !== 200).length,
    leftPending: rows[0]!.pending,
  })
  t.same(shared, [], 'no comment handed to two moderators')
  t.equal(claims.size, COMMENTS, 'every comment was claimed')
  t.same(
    decisions.filter((s) => s !== 200),
    [],
    'every decision by the lease holder succeeded, on another instance too',
  )
  t.equal(rows[0]!.pending, 0, 'none left pending')
  t.equal(rows[0]!.multi, 0, 'each decided once')
})

t.test('the comment rate limit is shared across instances through Redis', async (t) => {
  // a fixed window of one minute: start well inside one, so the count cannot roll over mid-check
  const intoWindow = Date.now() % 60_000
  if (intoWindow > 45_000) await sleep(60_000 - intoWindow + 200)
  const ip = `2001:db8:${run}::1`
  const other = `2001:db8:${run}::2`
  const slug = seeded.articles[1]!.slug
  const submit = (server: Server, from: string, n: number) =>
    send(server, `/v1/articles/${slug}/comments`, {
      method: 'POST',
      headers: { 'x-forwarded-for': from },
      body: { authorName: 'Bạn đọc', content: `rz4${run} giới hạn ${from} ${n}` },
    })
  const statuses = []
  for (let n = 0; n < LIMIT; n++) statuses.push((await submit(servers[n % 3]!, ip, n)).status)
  const over = await submit(servers[LIMIT % 3]!, ip, LIMIT)
  const elsewhere = await submit(servers[(LIMIT + 1) % 3]!, other, 0)
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await redis.connect()
  const keys = [...(await redis.keys(`*comment:${ip}:*`)), ...(await redis.keys(`*comment:${other}:*`))]
  const counted = keys.length ? Number(await redis.get(keys[0]!)) : 0
  if (keys.length) await redis.del(...keys) // only this run's keys
  await redis.quit()
  await report(t, 'instances-rate-limit', {
    limit: LIMIT,
    statuses: [...statuses, over.status],
    otherAddress: elsewhere.status,
    redisKeys: keys.length,
    counted,
  })
  t.same(statuses, Array(LIMIT).fill(202), `${LIMIT} submissions from one address, spread over 3 instances, accepted`)
  t.equal(over.status, 429, `submission ${LIMIT + 1} is refused on yet another instance`)
  t.match(over.headers.get('content-type'), /^application\/problem\+json/)
  t.ok(Number(over.headers.get('retry-after')) >= 1, 'with Retry-After')
  t.equal(elsewhere.status, 202, 'another address is not limited')
  t.equal(counted, LIMIT + 1, 'the count lives in Redis')
})

t.test('a publish on one instance is visible on the others at once', async (t) => {
  const [a, b, c] = servers as [Server, Server, Server]
  const editor = seeded.editor.headers
  const draft = await send(a, '/v1/admin/articles', {
    method: 'POST',
    headers: editor,
    body: { title: `Tin nóng ${run}`, lead: 'Sa-pô.', body: '<p>Nội dung.</p>', authorIds: [seeded.authorId], organizationIds: [] },
  })
  t.equal(draft.status, 201)
  const { id, slug } = draft.json as { id: string; slug: string }
  const listed = async (s: Server) => ((await send(s, '/v1/articles?limit=5')).json.data as Array<{ slug: string }>).some((x) => x.slug === slug)
  // what B and C show before: read twice, so any response cache holds it
  for (let i = 0; i < 2; i++) {
    t.equal((await send(b, `/v1/articles/${slug}`)).status, 404)
    t.equal(await listed(c), false)
  }
  async function until(check: () => Promise<boolean>): Promise<number | null> {
    const started = Date.now()
    while (Date.now() - started < 6_000) {
      if (await check()) return Date.now() - started
      await sleep(10)
    }
    return null
  }
  t.equal((await send(a, `/v1/admin/articles/${id}/publish`, { method: 'POST', headers: editor, body: {} })).status, 200)
  const shownOnB = await until(async () => (await send(b, `/v1/articles/${slug}`)).status === 200)
  const listedOnC = await until(() => listed(c))
  t.equal((await send(a, `/v1/admin/articles/${id}/unpublish`, { method: 'POST', headers: editor })).status, 200)
  const goneOnB = await until(async () => (await send(b, `/v1/articles/${slug}`)).status === 404)
  const unlistedOnC = await until(async () => !(await listed(c)))
  await report(t, 'instances-publish', { shownOnOtherInstanceMs: shownOnB, listedOnThirdMs: listedOnC, unpublishedGoneMs: goneOnB, unlistedMs: unlistedOnC })
  for (const [what, ms] of [
    ['published article on B', shownOnB],
    ['in the list on C', listedOnC],
    ['unpublished: gone from B', goneOnB],
    ['gone from the list on C', unlistedOnC],
  ] as const) {
    t.ok(ms !== null && ms <= 1_000, `${what} within 1 s (${ms} ms)`)
  }
})

t.test('the instances ran throughout', async (t) => {
  for (const s of servers) t.equal(s.child.exitCode, null, `pid ${s.pid} still running`)
})
