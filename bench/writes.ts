// The write scenarios: W1 readers sending comments, W2 six moderators working the queue, W3 a
// thousand publications delivered to a webhook.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type pg from 'pg'
import { load, type LoadResult } from './load.ts'
import { signAccessToken } from '../src/lib/tokens.ts'

export interface W1Result extends LoadResult {
  accepted: number
  committed: number
  lost: number
  acceptedPerSecond: number
}

/** Comment submissions with captcha off and the rate limit raised; every 202 must be a row. */
export async function commentSubmissions(url: string, client: pg.ClientBase, slugs: string[], seconds: number): Promise<W1Result> {
  const marker = `w1-${randomUUID().slice(0, 8)}`
  let n = 0
  const result = await load({
    url,
    seconds,
    next: () => {
      const i = n++
      return {
        method: 'POST',
        path: `/v1/articles/${slugs[i % slugs.length]}/comments`,
        body: JSON.stringify({ authorName: `Bạn đọc ${i}`, content: `Ý kiến ${marker} số ${i}: bài viết rất bổ ích.` }),
      }
    },
  })
  const accepted = result.statuses['202'] ?? 0
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Comment" WHERE content LIKE $1`, [`%${marker}%`])
  const committed = rows[0]!.n
  return { ...result, accepted, committed, lost: Math.max(0, accepted - committed), acceptedPerSecond: Math.round(accepted / seconds) }
}

export interface W2Result {
  decisions: number
  decisionsPerSecond: number
  errors: number
  doubleDecisions: number
  conflicts: number
}

/** Six moderators, each claiming 10 at a time and deciding them, for `seconds`. */
export async function moderators(url: string, client: pg.ClientBase, secret: string, seconds: number): Promise<W2Result> {
  const ids: string[] = []
  for (let i = 0; i < 6; i++) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (email, name, role, "passwordHash") VALUES ($1, $2, 'moderator', 'scrypt$1$1$1$x$x') RETURNING id`,
      [`bench-mod-${randomUUID().slice(0, 8)}@example.vn`, `Kiểm duyệt viên ${i + 1}`],
    )
    ids.push(rows[0]!.id)
  }
  // a fresh supply of pending comments, so the queue never runs dry before the clock does
  await client.query(
    `WITH newest AS (SELECT id, row_number() OVER () - 1 AS n FROM (
      SELECT id FROM "Article" WHERE status = 'published' ORDER BY "publishedAt" DESC LIMIT 50) x)
    INSERT INTO "Comment" ("articleId", "authorName", content, "contentHash", "ipHash", "commenterId", status, "createdAt")
    SELECT newest.id, 'Bạn đọc', 'Chờ kiểm duyệt ' || g, 'w2-' || g, 'bench', 'bench', 'pending', now() - make_interval(secs => g)
    FROM generate_series(1, $1::int) g JOIN newest ON newest.n = g % 50`,
    [seconds * 1000],
  )
  const since = new Date()
  const deadline = Date.now() + seconds * 1000
  let decisions = 0
  let errors = 0
  let conflicts = 0
  const work = async (id: string, seed: number) => {
    const token = signAccessToken({ secret, ttlSeconds: 3600, now: new Date() }, { sub: id, role: 'moderator' })
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    while (Date.now() < deadline) {
      const res = await fetch(`${url}/v1/moderation/claims`, { method: 'POST', headers, body: '{"limit":10}' })
      if (res.status !== 200) {
        errors++
        continue
      }
      const batch = ((await res.json()) as { data: Array<{ id: string }> }).data
      if (!batch.length) break
      // a moderator keying through a batch does not wait for each answer before the next key
      await Promise.all(
        batch.map(async (c, i) => {
          if (Date.now() >= deadline) return
          const action = (seed + i) % 4 === 0 ? 'reject' : 'approve'
          const r = await fetch(`${url}/v1/moderation/comments/${c.id}/decision`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ action, expectedStatus: 'pending' }),
          })
          await r.arrayBuffer()
          if (r.status === 200) decisions++
          else if (r.status === 409) conflicts++
          else errors++
        }),
      )
    }
  }
  await Promise.all(ids.map((id, i) => work(id, i)))
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT "commentId" FROM "ModerationLog" WHERE "actorId" = ANY($1::uuid[]) AND "createdAt" >= $2 GROUP BY 1 HAVING ` +
      `count(*) > 1) d`,
    [ids, since],
  )
  return { decisions, decisionsPerSecond: Math.round(decisions / seconds), errors, doubleDecisions: rows[0]!.n, conflicts }
}

export interface W3Result {
  published: number
  publishErrors: number
  publishPerSecond: number
  publishP95: number
  delivered: number
  lost: number
  duplicates: number
  p50: number
  p95: number
  max: number
}

/**
 * W3: `count` articles published back to back (four editors at once) with one webhook endpoint, a
 * receiver on 127.0.0.1: every event delivered once (by event id), and how long after the publish
 * answered (i.e. after its commit) each delivery arrived.
 */
export async function publishWithWebhook(url: string, client: pg.ClientBase, secret: string, count: number): Promise<W3Result> {
  const arrivals = new Map<string, number>()
  let received = 0
  const receiver = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const e = JSON.parse(body) as { id: string; data: { id: string } }
      received++
      if (!arrivals.has(e.data.id)) arrivals.set(e.data.id, performance.now())
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/w3`
  const {
    rows: [endpoint],
  } = await client.query<{ id: string }>(
    `INSERT INTO "WebhookEndpoint" (url, events, secret) VALUES ($1, ARRAY['article.published'], 'whsec_bench') RETURNING id`,
    [hook],
  )
  try {
    const {
      rows: [editor],
    } = await client.query<{ id: string }>(
      `INSERT INTO "User" (email, name, role, "passwordHash") VALUES ($1, 'Biên tập W3', 'editor', 'scrypt$1$1$1$x$x') RETURNING id`,
      [`bench-w3-${randomUUID().slice(0, 8)}@example.vn`],
    )
    const {
      rows: [author],
    } = await client.query<{ id: string }>(`SELECT id FROM "Author" ORDER BY slug LIMIT 1`)
    const headers = {
      authorization: `Bearer ${signAccessToken({ secret, ttlSeconds: 3600, now: new Date() }, { sub: editor!.id, role: 'editor' })}`,
      'content-type': 'application/json',
    }
    // the drafts first (not measured)
    const drafts: string[] = []
    const marker = randomUUID().slice(0, 8)
    await pool(8, count, async (i) => {
      const res = await fetch(`${url}/v1/admin/articles`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: `Tin W3 ${marker} số ${i}`, lead: 'Tin nhanh.', body: '<p>Nội dung.</p>', authorIds: [author!.id], organizationIds: [] }),
      })
      const draft = (await res.json()) as { id: string }
      if (res.status === 201) drafts.push(draft.id)
    })
    const committed = new Map<string, number>()
    const took: number[] = []
    let publishErrors = 0
    const started = performance.now()
    await pool(4, drafts.length, async (i) => {
      const id = drafts[i]!
      const t0 = performance.now()
      const res = await fetch(`${url}/v1/admin/articles/${id}/publish`, { method: 'POST', headers, body: '{}' })
      await res.arrayBuffer()
      const t1 = performance.now()
      if (res.status === 200) {
        committed.set(id, t1)
        took.push(t1 - t0)
      } else publishErrors++
    })
    const seconds = (performance.now() - started) / 1000
    const deadline = Date.now() + 120_000
    while ([...committed.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    await new Promise((r) => setTimeout(r, 1000)) // late duplicates, if any
    const latencies = [...committed].filter(([id]) => arrivals.has(id)).map(([id, at]) => Math.max(0, arrivals.get(id)! - at))
    const delivered = latencies.length
    return {
      published: committed.size,
      publishErrors,
      publishPerSecond: Math.round(committed.size / seconds),
      publishP95: Math.round(percentile(took, 95)),
      delivered,
      lost: committed.size - delivered,
      duplicates: received - arrivals.size,
      p50: Math.round(percentile(latencies, 50)),
      p95: Math.round(percentile(latencies, 95)),
      max: Math.round(Math.max(0, ...latencies)),
    }
  } finally {
    await client.query(`UPDATE "WebhookEndpoint" SET active = false WHERE id = $1`, [endpoint!.id])
    receiver.close()
  }
}

async function pool(width: number, n: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await work(next++)
    }),
  )
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
