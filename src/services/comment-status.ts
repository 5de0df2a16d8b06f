// The one place a comment's status changes after it exists: the moderation log entry and the
// article's approved-comment counter move in the same transaction as the status.
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

/** Log the change and keep Article.commentCount exact; the caller has already written the status. */
export async function recordStatusChange(tx: Prisma.TransactionClient, c: StatusChange): Promise<void> {
  const delta = (c.to === 'approved' ? 1 : 0) - (c.from === 'approved' ? 1 : 0)
  if (delta !== 0) {
    await tx.$executeRaw`UPDATE "Article" SET "commentCount" = "commentCount" + ${delta}::int WHERE id = ${c.articleId}::uuid`
  }
  await tx.moderationLog.create({
    data: { commentId: c.commentId, actorId: c.actorId, fromStatus: c.from, toStatus: c.to, reason: c.reason, createdAt: c.at },
  })
}

/** What a change makes stale in public responses: only a move into or out of `approved` shows. */
export function visibleChangeTags(articleId: string, from: CommentStatus | null, to: CommentStatus): string[] {
  return (from === 'approved') !== (to === 'approved') ? [`article:${articleId}`, `comments:${articleId}`] : []
}
