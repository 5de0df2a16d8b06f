// How a comment's status changes, in one place: which statuses each moderation action accepts,
// and the SQL that writes a change — the status with its decision fields, Article.commentCount
// and the ModerationLog entry (with the article's id and title) — for every path that decides:
// a moderator's decision (comments/moderation.ts, inside its one locking statement) and the
// rules' verdict at submission (comments/comments.ts).
import { Prisma } from '../../generated/prisma/client.ts'
import { COMMENT_STATUSES, type CommentStatus, type ModerationAction } from '../../lib/comment-statuses.ts'
import { commentEventCte } from '../../events/record.ts'
import { COMMENT_STATUS_EVENT } from '../../events/types.ts'
import { commentKeys } from '../../events/tags.ts'

export const ACTION_TARGET: Record<ModerationAction, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' }

/**
 * A hidden comment (reported up to the threshold) is approved but not public: approving it again
 * is what brings it back, so `approve` also accepts it. SQL over a row with status and hidden.
 */
export function acceptsSql(action: ModerationAction): Prisma.Sql {
  const accepts = Prisma.sql`status = ANY(${ACTION_ACCEPTS[action]}::"CommentStatus"[])`
  return action === 'approve' ? Prisma.sql`(${accepts} OR (status = 'approved' AND hidden))` : accepts
}

/** The statuses each action accepts: every other status, so a take-down or a reinstatement is one action. */
const allBut = (a: ModerationAction) => COMMENT_STATUSES.filter((s) => s !== ACTION_TARGET[a])
export const ACTION_ACCEPTS: Record<ModerationAction, readonly CommentStatus[]> = { approve: allBut('approve'), reject: allBut('reject'), spam: allBut('spam') }

export interface StatusWrite {
  to: CommentStatus
  /** null: the automatic rules decided ("system") */
  actorId: string | null
  reason: string | null
  at: Date
}

/**
 * The CTEs of a status change, to follow `WITH` (or a comma) in the caller's statement.
 * `source` selects the comments to change as (id, "articleId", status, hidden), the ones they
 * have now (a hidden comment is not in the article's commentCount); the caller has locked them or is the only one who can see them. The CTEs are
 * `changing`, `decided`, `counted`, `logged` and `evented` (the outbox row of comment.approved or
 * comment.rejected, from src/events/): data-modifying CTEs run whether or not the
 * outer statement reads them, so it may select anything after them.
 */
export function statusChangeCtes(source: Prisma.Sql, w: StatusWrite): Prisma.Sql {
  const to = Prisma.sql`${w.to}::"CommentStatus"`
  return Prisma.sql`
    changing AS (${source}),
    decided AS (
      UPDATE "Comment" c SET status = ${to}, "decidedById" = ${w.actorId}::uuid, "decidedAt" = ${w.at},
        "decisionReason" = ${w.reason}, "claimedById" = NULL, "claimExpiresAt" = NULL, "updatedAt" = ${w.at},
        -- any decision ends a hiding; an approval also clears the reports that caused it
        hidden = false, "reportCount" = CASE WHEN ${to} = 'approved' THEN 0 ELSE c."reportCount" END
      FROM changing WHERE c.id = changing.id
    ),
    cleared AS (
      UPDATE "CommentReport" r SET "clearedAt" = ${w.at}
      FROM changing WHERE ${to} = 'approved' AND r."commentId" = changing.id AND r."clearedAt" IS NULL
    ),
    counted AS (
      UPDATE "Article" a SET "commentCount" = a."commentCount" + d.delta
      FROM (
        SELECT "articleId", sum((${to} = 'approved')::int - (status = 'approved' AND NOT hidden)::int)::int AS delta
        FROM changing GROUP BY "articleId"
      ) d
      WHERE a.id = d."articleId" AND d.delta <> 0
    ),
    logged AS (
      INSERT INTO "ModerationLog" ("commentId", "articleId", "articleTitle", "actorId", "fromStatus", "toStatus", reason, "createdAt")
      SELECT changing.id, changing."articleId", (SELECT title FROM "Article" WHERE id = changing."articleId"),
        ${w.actorId}::uuid, changing.status, ${to}, ${w.reason}, ${w.at}
      FROM changing
    )${commentEventCte(COMMENT_STATUS_EVENT[w.to], w.to, w.at)}`
}

/** Changes one comment's status inside the caller's transaction (the rules' verdict on a new comment). */
export async function changeStatus(tx: Prisma.TransactionClient, commentId: string, w: StatusWrite): Promise<void> {
  const source = Prisma.sql`SELECT id, "articleId", status, hidden FROM "Comment" WHERE id = ${commentId}::uuid FOR UPDATE`
  await tx.$executeRaw`WITH ${statusChangeCtes(source, w)} SELECT 1`
}

/** What a change makes stale in public responses: only a move into or out of public view shows. */
export function visibleChangeTags(articleId: string, from: CommentStatus | null, to: CommentStatus, wasHidden = false): string[] {
  return (from === 'approved' && !wasHidden) !== (to === 'approved') ? commentKeys(articleId) : []
}
