// A reader's like and its withdrawal: one named statement each on the primary, the reaction row
// and the comment's counter changed together, so the counter always equals the rows however many
// readers act at once. They are the comment community's hottest writes (one hot comment can take
// thousands a second), hence prepared statements on the pool rather than Prisma.
import { statement, type Query } from './statement.ts'

export interface LikeRow {
  /** the count after this statement's own change; null when it changed nothing */
  bumped: number | null
  /** the count in the statement's snapshot; null when the comment is not public */
  current: number | null
  articleId: string | null
}

// Likes commit without waiting for the WAL flush, for this statement's own transaction only: a hot
// comment's row lock is otherwise held through every liker's disk sync, which caps one comment at
// the disk's syncs per second. A crash can lose the last moments of likes; the rows and the counter
// are in one transaction, so they are lost together and never disagree.
const asyncCommit = `set_config('synchronous_commit', 'off', true)`
const publicComment = (alias: string) => `${alias}.status = 'approved' AND NOT ${alias}.hidden`
const answer = `SELECT (SELECT likes FROM bumped) AS bumped, c.likes AS current, c."articleId"
  FROM (SELECT ${asyncCommit}) one LEFT JOIN "Comment" c ON c.id = $1::uuid AND ${publicComment('c')}`

const likeStatement = statement(
  'comment_like',
  `WITH added AS (
    INSERT INTO "CommentReaction" ("commentId", "readerKey", type, "createdAt")
    SELECT x.id, $2::text, 'like', $3::timestamptz FROM "Comment" x WHERE x.id = $1::uuid AND ${publicComment('x')}
    ON CONFLICT DO NOTHING RETURNING "commentId"
  ), bumped AS (
    UPDATE "Comment" c SET likes = c.likes + 1 FROM added WHERE c.id = added."commentId" RETURNING c.likes
  )
  ${answer}`,
)

const unlikeStatement = statement(
  'comment_unlike',
  `WITH removed AS (
    DELETE FROM "CommentReaction" r WHERE r."commentId" = $1::uuid AND r."readerKey" = $2::text AND r.type = 'like'
      AND EXISTS (SELECT 1 FROM "Comment" x WHERE x.id = $1::uuid AND ${publicComment('x')})
    RETURNING r."commentId"
  ), bumped AS (
    UPDATE "Comment" c SET likes = c.likes - 1 FROM removed WHERE c.id = removed."commentId" RETURNING c.likes
  )
  ${answer}`,
)

export async function addLike(query: Query, commentId: string, readerKey: string, now: Date): Promise<LikeRow | undefined> {
  const [row] = await query<LikeRow>(likeStatement, [commentId, readerKey, now])
  return row
}

export async function removeLike(query: Query, commentId: string, readerKey: string): Promise<LikeRow | undefined> {
  const [row] = await query<LikeRow>(unlikeStatement, [commentId, readerKey])
  return row
}
