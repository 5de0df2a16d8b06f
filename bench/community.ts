// W4: readers liking one hot comment. Each request is a new reader (its own X-Forwarded-For
// address; the bench server trusts one proxy hop), so every 200 must add exactly one like: at the
// end the counter must equal the reaction rows, and the rows the likes acknowledged (plus at most
// one per connection: requests still in flight when the clock stops are served but not counted).
import type pg from 'pg'
import { load, type LoadResult } from './load.ts'
import type { Target } from './report.ts'

const CONNECTIONS = 50

export interface W4Result extends LoadResult {
  likesPerSecond: number
  acknowledged: number
  counter: number
  rows: number
}

export async function hotCommentLikes(url: string, client: pg.ClientBase, seconds: number): Promise<W4Result> {
  const { rows: created } = await client.query<{ id: string }>(
    `WITH a AS (SELECT id FROM "Article" WHERE status = 'published' AND "publishedAt" <= now() ORDER BY "publishedAt" DESC LIMIT 1)
     INSERT INTO "Comment" ("articleId", "authorName", content, "contentHash", "ipHash", "commenterId", status, "decidedAt")
     SELECT a.id, 'Bạn đọc W4', 'Một ý kiến được nhiều người đồng tình.', 'w4', 'w4', 'w4', 'approved', now() FROM a RETURNING id`,
  )
  const id = created[0]!.id
  let n = 0
  const result = await load({
    url,
    seconds,
    connections: CONNECTIONS,
    next: () => {
      const i = n++
      // 10.0.0.0/8 has room for 16 million readers
      const forwarded = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
      return { method: 'POST', path: `/v1/comments/${id}/reactions`, body: '{"type":"like"}', headers: { 'x-forwarded-for': forwarded } }
    },
  })
  const { rows } = await client.query<{ likes: number; reactions: number }>(
    `SELECT likes, (SELECT count(*)::int FROM "CommentReaction" WHERE "commentId" = $1) AS reactions FROM "Comment" WHERE id = $1`,
    [id],
  )
  const acknowledged = result.statuses['200'] ?? 0
  return {
    ...result,
    likesPerSecond: Math.round(acknowledged / seconds),
    acknowledged,
    counter: rows[0]!.likes,
    rows: rows[0]!.reactions,
  }
}

export const w4ExactCount = (w4: W4Result) => w4.counter === w4.rows && w4.rows >= w4.acknowledged && w4.rows <= w4.acknowledged + CONNECTIONS

export function w4Target(w4: W4Result | null): Target {
  const what = 'likes/s on one hot comment (50 connections), count exact'
  const target = '≥ 2,000/s, counter = rows = acknowledged'
  if (!w4) return { id: 'W4', what, target, measured: 'not run (--only)', met: null }
  const exact = w4ExactCount(w4)
  return {
    id: 'W4',
    what,
    target,
    measured: `${w4.likesPerSecond}/s; counter ${w4.counter}, rows ${w4.rows}, acknowledged ${w4.acknowledged}; p95 ${w4.p95} ms`,
    met: w4.likesPerSecond >= 2000 && exact && w4.non2xx === 0,
  }
}
