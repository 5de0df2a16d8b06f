// What a new comment is checked against, in one statement on the primary: a copy of it sent
// recently from the same address, and the commenter's standing (ban, decided comments, recent
// rejections). Five reads, one round trip, one plan per connection: they run on every submission.
import type { Standing } from '../../lib/moderation-rules.ts'
import { statement, type Query } from './statement.ts'

export interface SubmissionChecksInput {
  articleId: string
  ipHash: string
  contentHash: string
  commenterId: string
  /** a copy sent after this is a duplicate */
  duplicateSince: Date
  /** rejections decided after this count as recent */
  recentSince: Date
  now: Date
}

// each count is its own probe of (commenterId, status) with both columns bound: asked for both
// statuses at once, the planner walked every row of the commenter and filtered, so a commenter's
// pile of pending or spam comments (a flood from one address) made each of their submissions slower
const decided = (status: 'approved' | 'rejected', since = '') =>
  `(SELECT count(*)::int FROM "Comment" WHERE "commenterId" = $4 AND status = '${status}'${since})`

const CHECKS = statement(
  'submission_checks',
  `SELECT
    EXISTS (SELECT 1 FROM "Comment" WHERE "articleId" = $1::uuid AND "ipHash" = $2
      AND "contentHash" = $3 AND "createdAt" > $5::timestamptz) AS duplicate,
    (SELECT reason FROM "CommenterBan" WHERE "commenterId" = $4 AND (until IS NULL OR until > $7::timestamptz)) AS "banReason",
    ${decided('approved')} AS approved,
    ${decided('rejected')} AS rejected,
    ${decided('rejected', ` AND "decidedAt" >= $6::timestamptz`)} AS "recentRejections"`,
)

type Row = { duplicate: boolean; banReason: string | null; approved: number; rejected: number; recentRejections: number }

export async function submissionChecks(query: Query, i: SubmissionChecksInput): Promise<{ duplicate: boolean; standing: Standing }> {
  const [r] = await query<Row>(CHECKS, [i.articleId, i.ipHash, i.contentHash, i.commenterId, i.duplicateSince, i.recentSince, i.now])
  return {
    duplicate: r!.duplicate,
    standing: {
      ban: r!.banReason === null ? null : { reason: r!.banReason },
      approved: r!.approved,
      rejected: r!.rejected,
      recentRejections: r!.recentRejections,
    },
  }
}
