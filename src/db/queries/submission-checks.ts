// What a new comment is checked against, in one statement on the primary: a copy of it sent
// recently from the same address, and the commenter's standing (ban, decided comments, recent
// rejections). Four reads, one round trip: they run on every submission.
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { Standing } from '../../lib/moderation-rules.ts'

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

export async function submissionChecks(prisma: PrismaClient, i: SubmissionChecksInput): Promise<{ duplicate: boolean; standing: Standing }> {
  const [row] = await prisma.$queryRaw<Array<{ duplicate: boolean; banReason: string | null; approved: number; rejected: number; recentRejections: number }>>`
    SELECT
      EXISTS (SELECT 1 FROM "Comment" WHERE "articleId" = ${i.articleId}::uuid AND "ipHash" = ${i.ipHash}
        AND "contentHash" = ${i.contentHash} AND "createdAt" > ${i.duplicateSince}) AS duplicate,
      (SELECT reason FROM "CommenterBan" WHERE "commenterId" = ${i.commenterId} AND (until IS NULL OR until > ${i.now})) AS "banReason",
      count(*) FILTER (WHERE c.status = 'approved')::int AS approved,
      count(*) FILTER (WHERE c.status = 'rejected')::int AS rejected,
      count(*) FILTER (WHERE c.status = 'rejected' AND c."decidedAt" >= ${i.recentSince})::int AS "recentRejections"
    FROM "Comment" c WHERE c."commenterId" = ${i.commenterId} AND c.status IN ('approved', 'rejected')`
  const r = row!
  return {
    duplicate: r.duplicate,
    standing: { ban: r.banReason === null ? null : { reason: r.banReason }, approved: r.approved, rejected: r.rejected, recentRejections: r.recentRejections },
  }
}
