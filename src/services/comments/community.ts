// What readers do with published comments: report them and like them. Each write is one SQL
// statement, so the counters (Comment.reportCount, Comment.likes, Article.commentCount when a
// report hides a comment) change in the statement that adds or removes the row they count: exact
// however many readers act at once. This is the comments domain's second named raw-SQL module
// (likes: db/queries/reactions.ts).
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { Query } from '../../db/queries/statement.ts'
import { addLike, removeLike, type LikeRow } from '../../db/queries/reactions.ts'
import { NotFoundError } from '../../lib/errors.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Rules } from '../../lib/moderation-rules.ts'
import type { ChangeFeed } from '../../db/change-feed.ts'
import type { ReportReason } from '../../generated/prisma/enums.ts'
import { commentKeys, commentsKey } from '../../events/tags.ts'

export interface CommunityDeps {
  prisma: PrismaClient
  clock: Clock
  changes: ChangeFeed
  rules: () => Promise<Rules>
  /** prepared statements on the primary (likes) */
  query: Query
  /** told after a report hid a comment (the live moderation stream) */
  onHidden?: (c: { id: string; articleId: string }) => void
}

export interface ReportInput {
  reason: ReportReason
  note?: string
}

const notPublic = () => new NotFoundError('no published comment with this id')

export function createCommunityService({ prisma, clock, changes, rules, query, onHidden }: CommunityDeps) {
  return {
    /**
     * One report per reader per comment (the primary key; a repeat adds nothing and is not an
     * error). The report that reaches the threshold hides the comment and takes it out of the
     * article's commentCount, in the same statement; the row lock orders concurrent reporters.
     */
    async report(commentId: string, readerKey: string, input: ReportInput): Promise<{ hidden: boolean }> {
      const now = clock()
      const { reportThreshold } = await rules()
      const note = input.note?.normalize('NFC').trim().slice(0, 1000) || null
      const [row] = await prisma.$queryRaw<Array<{ articleId: string | null; hid: boolean }>>`
        WITH target AS (
          SELECT id, "articleId", hidden, "reportCount" FROM "Comment"
          WHERE id = ${commentId}::uuid AND status = 'approved' FOR NO KEY UPDATE
        ), added AS (
          INSERT INTO "CommentReport" ("commentId", "readerKey", reason, note, "createdAt")
          SELECT id, ${readerKey}, ${input.reason}::"ReportReason", ${note}, ${now} FROM target
          ON CONFLICT DO NOTHING RETURNING "commentId"
        ), hiding AS (
          SELECT t.id, t."articleId", (NOT t.hidden AND t."reportCount" + 1 >= ${reportThreshold}) AS hides
          FROM target t JOIN added a ON a."commentId" = t.id
        ), bumped AS (
          UPDATE "Comment" c SET "reportCount" = c."reportCount" + 1, hidden = c.hidden OR h.hides FROM hiding h WHERE c.id = h.id
        ), counted AS (
          UPDATE "Article" a SET "commentCount" = a."commentCount" - 1 FROM hiding h WHERE a.id = h."articleId" AND h.hides
        )
        SELECT (SELECT "articleId" FROM target) AS "articleId", coalesce((SELECT hides FROM hiding), false) AS hid`
      if (!row?.articleId) throw notPublic()
      if (row.hid) {
        changes.publish(commentKeys(row.articleId))
        onHidden?.({ id: commentId, articleId: row.articleId })
      }
      return { hidden: row.hid }
    },

    /** Adds the reader's like (once) and answers the comment's count. */
    like: async (commentId: string, readerKey: string) => answer(await addLike(query, commentId, readerKey, clock())),

    /** Takes the reader's like back (a no-op when there was none) and answers the count. */
    unlike: async (commentId: string, readerKey: string) => answer(await removeLike(query, commentId, readerKey)),
  }

  function answer(row: LikeRow | undefined): { likes: number } {
    // `current` is read from the statement's snapshot: without our own change, the count as it was
    if (!row || row.current === null || row.articleId === null) throw notPublic()
    if (row.bumped !== null) changes.publish([commentsKey(row.articleId)])
    return { likes: row.bumped ?? row.current }
  }
}

export type CommunityService = ReturnType<typeof createCommunityService>
