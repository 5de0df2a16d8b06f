// The moderation queue: listing, leasing (claims), and decisions. A comment leased to one
// moderator cannot be decided by another until the lease expires; every change is logged.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { ConflictError, NotFoundError } from '../../lib/errors.ts'
import { ACTION_TARGET, acceptsSql, statusChangeCtes, visibleChangeTags } from './status.ts'
import type { CommentStatus } from '../../lib/comment-statuses.ts'
import type { ChangeFeed } from '../../db/change-feed.ts'
import type { OutboxSignal } from '../../events/signal.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Flag } from '../../lib/moderation-rules.ts'
import type { DecisionInput } from '../../schemas/moderation.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { statement, statementFamily, type Query } from '../../db/queries/statement.ts'
import { pagingOf } from '../../lib/paging.ts'
import type { HookAction } from '../../schemas/moderation.ts'

export const DEFAULT_LEASE_SECONDS = 300

const staffSelect = {
  id: true,
  parentId: true,
  authorName: true,
  email: true,
  commenterId: true,
  content: true,
  status: true,
  flags: true,
  claimExpiresAt: true,
  decidedAt: true,
  decisionReason: true,
  createdAt: true,
  claimedById: true,
  decidedById: true,
  likes: true,
  featured: true,
  hidden: true,
  isStaff: true,
  hookAction: true,
  hookScore: true,
  hookReason: true,
  article: { select: { id: true, slug: true, title: true } },
} satisfies Prisma.CommentSelect

type StaffRow = Prisma.CommentGetPayload<{ select: typeof staffSelect }>
/** the open reports of a comment, by reason, as Prisma's groupBy gives them */
type ReportCount = { commentId: string; reason: string; _count: { _all: number } }

/**
 * staffSelect in SQL: its columns of `Comment` c, the article, and the open reports by reason. One
 * statement for one comment (a decision) and one for several (a claim): with `= ANY` PostgreSQL kept
 * planning the single-comment read afresh (0.7 ms a decision) rather than reuse a generic plan.
 */
const staffRowsSql = (where: string) =>
  `SELECT ${Object.keys(staffSelect)
    .filter((k) => k !== 'article')
    .map((k) => `c."${k}"`)
    .join(', ')}, json_build_object('id', a.id, 'slug', a.slug, 'title', a.title) AS article,
    (SELECT json_object_agg(r.reason, r.n) FROM (SELECT reason, count(*)::int AS n FROM "CommentReport"
      WHERE "commentId" = c.id AND "clearedAt" IS NULL GROUP BY reason) r) AS reports
  FROM "Comment" c JOIN "Article" a ON a.id = c."articleId" WHERE ${where} ORDER BY c."createdAt", c.id`
const STAFF_ROW = statement('moderation_staff_row', staffRowsSql('c.id = $1::uuid'))
const STAFF_ROWS = statement('moderation_staff_rows', staffRowsSql('c.id = ANY($1::uuid[])'))

/** The moderator acting, as the auth layer already knows them. */
export interface Moderator {
  id: string
  name: string
}

export type Decision = DecisionInput

export interface ModerationDeps {
  prisma: PrismaClient
  /** the primary's hot statements (named where the database allows) */
  query: Query
  clock: Clock
  changes: ChangeFeed
  outbox?: OutboxSignal
  leaseSeconds?: number
}

const QUEUE_ORDER: SortKey[] = [
  { field: 'createdAt', dir: 'asc', type: 'date' },
  { field: 'id', dir: 'asc', type: 'uuid' },
]
const DECIDED_ORDER: SortKey[] = [
  { field: 'decidedAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]

export function createModerationService({ prisma, query, clock, changes, outbox, leaseSeconds = DEFAULT_LEASE_SECONDS }: ModerationDeps) {
  const decisions = statementFamily('moderation_decision')
  /** Staff views, with the names of the moderators involved resolved in one query. */
  async function present(rows: StaffRow[], known: Array<{ id: string; name: string }> = [], openReports?: ReportCount[]) {
    const byId = new Map(known.map((u) => [u.id, u]))
    const ids = [...new Set(rows.flatMap((r) => [r.claimedById, r.decidedById]).filter((x): x is string => x !== null && !byId.has(x)))]
    const commentIds = rows.map((r) => r.id)
    const [users, reports] = await Promise.all([
      ids.length ? prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : [],
      openReports ??
        (commentIds.length
          ? prisma.commentReport.groupBy({ by: ['commentId', 'reason'], where: { commentId: { in: commentIds }, clearedAt: null }, _count: { _all: true } })
          : []),
    ])
    for (const u of users) byId.set(u.id, u)
    const reportsOf = new Map<string, { total: number; byReason: Record<string, number> }>()
    for (const r of reports) {
      const entry = reportsOf.get(r.commentId) ?? { total: 0, byReason: {} }
      entry.total += r._count._all
      entry.byReason[r.reason] = r._count._all
      reportsOf.set(r.commentId, entry)
    }
    const now = clock()
    return rows.map(({ claimedById, decidedById, claimExpiresAt, hookAction, hookScore, hookReason, ...r }) => {
      const leased = claimedById !== null && claimExpiresAt !== null && claimExpiresAt > now
      // a lapsed lease is shown as free: anyone may take it
      return {
        ...r,
        flags: r.flags as Flag[],
        createdAt: r.createdAt.toISOString(),
        decidedAt: r.decidedAt?.toISOString() ?? null,
        claimedBy: leased ? (byId.get(claimedById!) ?? { id: claimedById!, name: '' }) : null,
        claimExpiresAt: leased ? claimExpiresAt.toISOString() : null,
        decidedBy: decidedById ? (byId.get(decidedById) ?? { id: decidedById, name: '' }) : null,
        reports: reportsOf.get(r.id) ?? { total: 0, byReason: {} },
        hook: hookAction === null ? null : { action: hookAction as HookAction, score: hookScore, reason: hookReason },
      }
    })
  }

  /**
   * Comments as staff see them (oldest first), with their articles and open reports, in one named
   * statement: after a decision or a claim, where Prisma's select and the reports' groupBy were
   * three queries and most of the request's CPU.
   */
  async function staffRows(ids: string[], known: Array<{ id: string; name: string }>) {
    const rows = await query<StaffRow & { reports: Record<string, number> | null }>(ids.length === 1 ? STAFF_ROW : STAFF_ROWS, [
      ids.length === 1 ? ids[0] : ids,
    ])
    const reports = rows.flatMap((r) => Object.entries(r.reports ?? {}).map(([reason, n]) => ({ commentId: r.id, reason, _count: { _all: n } })))
    return present(
      rows.map(({ reports: _, ...row }) => row),
      known,
      reports,
    )
  }

  /**
   * One statement: lock the row, check the lease, the expected status and the action, then write
   * the change (status, the article's counter, the log entry: status.ts) — or nothing.
   * Atomic without a transaction round trip; `applied` says whether it wrote, the locked row says why not.
   */
  async function decide(moderator: Moderator, id: string, d: Decision) {
    const now = clock()
    const to = ACTION_TARGET[d.action]
    const reason = d.reason?.normalize('NFC').trim() || null
    const change = Prisma.sql`
      WITH cur AS (
        SELECT id, "articleId", status, hidden, "claimedById", "claimExpiresAt" FROM "Comment" WHERE id = ${id}::uuid FOR UPDATE
      ), ok AS (
        SELECT * FROM cur
        WHERE NOT ("claimedById" IS NOT NULL AND "claimedById" <> ${moderator.id}::uuid AND "claimExpiresAt" > ${now})
          AND (${d.expectedStatus ?? null}::"CommentStatus" IS NULL OR status = ${d.expectedStatus ?? null}::"CommentStatus")
          AND ${acceptsSql(d.action)}
      ), ${statusChangeCtes(Prisma.sql`SELECT id, "articleId", status, hidden FROM ok`, { to, actorId: moderator.id, reason, at: now })}
      SELECT "articleId", status::text AS status, hidden, "claimedById", "claimExpiresAt", (SELECT count(*) FROM ok)::int AS applied FROM cur`
    // named: a few texts (by action, with or without an expected status), each planned once per connection
    const [c] = await query<{
      articleId: string
      status: CommentStatus
      hidden: boolean
      claimedById: string | null
      claimExpiresAt: Date | null
      applied: number
    }>(decisions(change.text), change.values)
    if (!c) throw new NotFoundError('no such comment')
    if (!c.applied) {
      if (c.claimedById && c.claimedById !== moderator.id && c.claimExpiresAt && c.claimExpiresAt > now) {
        throw new ConflictError('this comment is leased to another moderator', {
          currentStatus: c.status,
          claimedBy: c.claimedById,
          claimExpiresAt: c.claimExpiresAt.toISOString(),
        })
      }
      if (d.expectedStatus && c.status !== d.expectedStatus) {
        throw new ConflictError(`the comment is ${c.status}, not ${d.expectedStatus}`, { currentStatus: c.status })
      }
      throw new ConflictError(`cannot ${d.action} a comment that is ${c.status}`, { currentStatus: c.status })
    }
    const tags = visibleChangeTags(c.articleId, c.status, to, c.hidden)
    if (tags.length) changes.publish(tags)
    outbox?.kick()
    return (await staffRows([id], [moderator]))[0]!
  }

  return {
    async list(q: { status: CommentStatus | 'reported'; articleSlug?: string; page?: number; cursor?: string; limit?: number }) {
      // reported: the approved comments reports have hidden (the threshold in force when the last report came)
      const byStatus: Prisma.CommentWhereInput = q.status === 'reported' ? { status: 'approved', hidden: true } : { status: q.status }
      const where: Prisma.CommentWhereInput = { ...byStatus, ...(q.articleSlug ? { article: { slug: q.articleSlug } } : {}) }
      // the queues (pending, reported) are worked oldest first; decided comments (all with a decision time) are reviewed newest first
      return prismaPage(
        pagingOf(q),
        q.status === 'pending' || q.status === 'reported' ? QUEUE_ORDER : DECIDED_ORDER,
        (w) => prisma.comment.findMany({ ...w, where: { AND: [where, w.where] }, select: staffSelect }),
        () => prisma.comment.count({ where }),
        (rows) => present(rows),
      )
    },

    /** Leases the next unclaimed (or lapsed, or already mine) pending comments, oldest first. */
    async claim(moderator: Moderator, limit: number) {
      const moderatorId = moderator.id
      const now = clock()
      const expires = new Date(now.getTime() + leaseSeconds * 1000)
      // SKIP LOCKED: concurrent claimers pass over each other's rows instead of waiting or sharing them
      const claimed = await prisma.$queryRaw<Array<{ id: string }>>`
        WITH next AS (
          SELECT id FROM "Comment"
          WHERE status = 'pending' AND ("claimedById" IS NULL OR "claimExpiresAt" <= ${now} OR "claimedById" = ${moderatorId}::uuid)
          ORDER BY "createdAt", id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE "Comment" c SET "claimedById" = ${moderatorId}::uuid, "claimExpiresAt" = ${expires}
        FROM next WHERE c.id = next.id
        RETURNING c.id`
      if (!claimed.length) return []
      return staffRows(
        claimed.map((c) => c.id),
        [moderator],
      )
    },

    decide,

    /** One transaction per item: a bad item never fails the others. */
    async decideMany(moderator: Moderator, items: Array<Decision & { id: string }>) {
      const results = []
      for (const { id, ...d } of items) {
        try {
          const comment = await decide(moderator, id, d)
          results.push({ id, ok: true, status: 200, comment })
        } catch (err) {
          if (!(err instanceof NotFoundError || err instanceof ConflictError)) throw err
          const currentStatus = (err.extra as { currentStatus?: CommentStatus }).currentStatus
          results.push({ id, ok: false, status: err.status, detail: err.message, ...(currentStatus ? { currentStatus } : {}) })
        }
      }
      return results
    },
  }
}

export type ModerationService = ReturnType<typeof createModerationService>
