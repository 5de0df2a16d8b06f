// The write scenarios: W1 readers sending comments, W2 six moderators working the queue.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { load, type LoadResult } from './load.ts'
import { signAccessToken } from '../src/lib/tokens.ts'

export interface W1Result extends LoadResult { accepted: number; committed: number; lost: number; acceptedPerSecond: number }

/** Comment submissions with captcha off and the rate limit raised; every 202 must be a row. */
export async function commentSubmissions(url: string, client: pg.ClientBase, slugs: string[], seconds: number): Promise<W1Result> {
  const marker = `w1-${randomUUID().slice(0, 8)}`
  let n = 0
  const result = await load({
    url, seconds,
    next: () => {
      const i = n++
      return { method: 'POST', path: `/v1/articles/${slugs[i % slugs.length]}/comments`, body: JSON.stringify({ authorName: `Bạn đọc ${i}`, content: `Ý kiến ${marker} số ${i}: bài viết rất bổ ích.` }) }
    },
  })
  const accepted = result.statuses['202'] ?? 0
  const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Comment" WHERE content LIKE $1`, [`%${marker}%`])
  const committed = rows[0]!.n
  return { ...result, accepted, committed, lost: Math.max(0, accepted - committed), acceptedPerSecond: Math.round(accepted / seconds) }
}

export interface W2Result { decisions: number; decisionsPerSecond: number; errors: number; doubleDecisions: number; conflicts: number }

/** Six moderators, each claiming 10 at a time and deciding them, for `seconds`. */
export async function moderators(url: string, client: pg.ClientBase, secret: string, seconds: number): Promise<W2Result> {
  const ids: string[] = []
  for (let i = 0; i < 6; i++) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (email, name, role, "passwordHash") VALUES ($1, $2, 'moderator', 'scrypt$1$1$1$x$x') RETURNING id`,
      [`bench-mod-${randomUUID().slice(0, 8)}@example.vn`, `Kiểm duyệt viên ${i + 1}`])
    ids.push(rows[0]!.id)
  }
  // a fresh supply of pending comments, so the queue never runs dry before the clock does
  await client.query(`WITH newest AS (SELECT id, row_number() OVER () - 1 AS n FROM (
      SELECT id FROM "Article" WHERE status = 'published' ORDER BY "publishedAt" DESC LIMIT 50) x)
    INSERT INTO "Comment" ("articleId", "authorName", content, "contentHash", "ipHash", "commenterId", status, "createdAt")
    SELECT newest.id, 'Bạn đọc', 'Chờ kiểm duyệt ' || g, 'w2-' || g, 'bench', 'bench', 'pending', now() - make_interval(secs => g)
    FROM generate_series(1, $1::int) g JOIN newest ON newest.n = g % 50`, [seconds * 1000])
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
      if (res.status !== 200) { errors++; continue }
      const batch = ((await res.json()) as { data: Array<{ id: string }> }).data
      if (!batch.length) break
      // a moderator keying through a batch does not wait for each answer before the next key
      await Promise.all(batch.map(async (c, i) => {
        if (Date.now() >= deadline) return
        const action = (seed + i) % 4 === 0 ? 'reject' : 'approve'
        const r = await fetch(`${url}/v1/moderation/comments/${c.id}/decision`, { method: 'POST', headers, body: JSON.stringify({ action, expectedStatus: 'pending' }) })
        await r.arrayBuffer()
        if (r.status === 200) decisions++
        else if (r.status === 409) conflicts++
        else errors++
      }))
    }
  }
  await Promise.all(ids.map((id, i) => work(id, i)))
  const { rows } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT "commentId" FROM "ModerationLog" WHERE "actorId" = ANY($1::uuid[]) AND "createdAt" >= $2 GROUP BY 1 HAVING count(*) > 1) d`, [ids, since])
  return { decisions, decisionsPerSecond: Math.round(decisions / seconds), errors, doubleDecisions: rows[0]!.n, conflicts }
}
