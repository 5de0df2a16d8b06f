// The rules of comment status changes: which statuses each moderation action accepts, and the
// log entry and approved-comment counter that move with every change (a moderator's decision in
// services/moderation.ts, a rule's verdict at submission in services/comments.ts).
import type { Prisma } from '../generated/prisma/client.ts'

export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam'
export type ModerationAction = 'approve' | 'reject' | 'spam'

export const ACTION_TARGET: Record<ModerationAction, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' }

/** The statuses each action accepts: every other status, so a take-down or a reinstatement is one action. */
export const ACTION_ACCEPTS: Record<ModerationAction, readonly CommentStatus[]> = {
  approve: ['pending', 'rejected', 'spam'],
  reject: ['pending', 'approved', 'spam'],
  spam: ['pending', 'approved', 'rejected'],
}

export interface StatusChange {
  commentId: string
  articleId: string
  from: CommentStatus | null
  to: CommentStatus
  actorId: string | null
  reason: string | null
  at: Date
}

/** Log the change and keep Article.commentCount exact, in one statement, inside the caller's transaction. */
export async function recordStatusChange(tx: Prisma.TransactionClient, c: StatusChange): Promise<void> {
  const delta = (c.to === 'approved' ? 1 : 0) - (c.from === 'approved' ? 1 : 0)
  // a data-modifying CTE runs whether or not the outer statement reads it
  await tx.$executeRaw`
    WITH counted AS (
      UPDATE "Article" SET "commentCount" = "commentCount" + ${delta}::int WHERE id = ${c.articleId}::uuid AND ${delta}::int <> 0
    )
    INSERT INTO "ModerationLog" ("commentId", "articleId", "articleTitle", "actorId", "fromStatus", "toStatus", reason, "createdAt")
    VALUES (${c.commentId}::uuid, ${c.articleId}::uuid, (SELECT title FROM "Article" WHERE id = ${c.articleId}::uuid),
      ${c.actorId}::uuid, ${c.from}::"CommentStatus", ${c.to}::"CommentStatus", ${c.reason}, ${c.at})`
}

/** What a change makes stale in public responses: only a move into or out of `approved` shows. */
export function visibleChangeTags(articleId: string, from: CommentStatus | null, to: CommentStatus): string[] {
  return (from === 'approved') !== (to === 'approved') ? [`article:${articleId}`, `comments:${articleId}`] : []
}
