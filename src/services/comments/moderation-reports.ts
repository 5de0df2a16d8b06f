// What moderators read about their own work: queue depth, decision counts, the log, and the
// automatic rules (cached briefly, since every comment submission reads them).
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { CommentStatus } from '../../lib/comment-statuses.ts'
import { DEFAULT_RULES, normaliseWordList, type Rules } from '../../lib/moderation-rules.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import type { Clock } from '../../lib/clock.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { pagingOf } from '../../lib/paging.ts'
import { statement, type Query } from '../../db/queries/statement.ts'

// Vietnam has a fixed UTC+7 offset and no daylight saving: "today" is the newsroom's day
const VIETNAM_OFFSET_MS = 7 * 3_600_000
const RULES_TTL_MS = 5_000

type Decided = Record<Exclude<CommentStatus, 'pending'>, number>
const zero = (): Decided => ({ approved: 0, rejected: 0, spam: 0 })

export function startOfVietnamDay(now: Date): Date {
  const local = now.getTime() + VIETNAM_OFFSET_MS
  return new Date(local - (local % 86_400_000) - VIETNAM_OFFSET_MS)
}

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]

// a statement of its own, not Prisma: the public comment list reads the rules too, and an
// instance serving public reads never loads Prisma's query compiler (docs/performance.md)
const RULES = statement(
  'moderation_rules',
  `SELECT mode::text AS mode, "bannedWords", "suspectWords", "maxLinks", "reportThreshold", "trustedAfter", "distrustAfter", "closeAfterDays"
   FROM "ModerationRules" WHERE id = 1`,
)

export function createModerationReports({ prisma, query, clock }: { prisma: PrismaClient; query: Query; clock: Clock }) {
  let cached: { rules: Rules; at: number } | null = null

  async function readRules(): Promise<Rules> {
    const [row] = await query<Rules>(RULES, [])
    return row ? { ...row } : { ...DEFAULT_RULES }
  }

  return {
    /** The rules as the submission path sees them: at most a few seconds old on other instances. */
    async currentRules(): Promise<Rules> {
      const now = Date.now()
      if (!cached || now - cached.at > RULES_TTL_MS) cached = { rules: await readRules(), at: now }
      return cached.rules
    },

    readRules,

    /** A field not sent keeps its current value (one upsert: the fields sent, over the stored row or the defaults). */
    async putRules(input: Partial<Rules>, actorId: string, by: AuditContext): Promise<Rules> {
      const data = {
        ...input,
        updatedById: actorId,
        ...(input.bannedWords ? { bannedWords: normaliseWordList(input.bannedWords) } : {}),
        ...(input.suspectWords ? { suspectWords: normaliseWordList(input.suspectWords) } : {}),
      }
      await prisma.$transaction(async (tx) => {
        const before = await tx.moderationRules.findUnique({ where: { id: 1 }, select: { mode: true, maxLinks: true, bannedWords: true, suspectWords: true } })
        await tx.moderationRules.upsert({ where: { id: 1 }, create: { id: 1, ...data }, update: data })
        const { updatedById: _, ...after } = data
        await recordAudit(tx, { by, action: 'update', entity: 'moderationRules', entityId: null, changes: changesOf(before ?? {}, after) })
      })
      cached = null
      return readRules()
    },

    async stats() {
      const now = clock()
      const today = startOfVietnamDay(now)
      const [pending, oldest, all, todays, perModerator] = await Promise.all([
        prisma.comment.count({ where: { status: 'pending' } }),
        prisma.comment.findFirst({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
        prisma.moderationLog.groupBy({ by: ['toStatus'], _count: { _all: true } }),
        prisma.moderationLog.groupBy({ by: ['toStatus'], where: { createdAt: { gte: today } }, _count: { _all: true } }),
        prisma.moderationLog.groupBy({ by: ['actorId', 'toStatus'], where: { actorId: { not: null } }, _count: { _all: true } }),
      ])
      const tally = (rows: Array<{ toStatus: string; _count: { _all: number } }>) => {
        const d = zero()
        for (const r of rows) if (r.toStatus in d) d[r.toStatus as keyof Decided] += r._count._all
        return d
      }
      const todayByModerator = await prisma.moderationLog.groupBy({
        by: ['actorId'],
        where: { actorId: { not: null }, createdAt: { gte: today } },
        _count: { _all: true },
      })
      const ids = [...new Set(perModerator.map((r) => r.actorId!))]
      const users = ids.length ? await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []
      const byModerator = users
        .map((u) => {
          const decided = tally(perModerator.filter((r) => r.actorId === u.id))
          const todayCount = todayByModerator.find((r) => r.actorId === u.id)?._count._all ?? 0
          return { id: u.id, name: u.name, ...decided, total: decided.approved + decided.rejected + decided.spam, today: todayCount }
        })
        .sort((a, b) => b.total - a.total)
      return {
        pending,
        oldestPendingSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.createdAt.getTime()) / 1000)) : null,
        decided: tally(all),
        decidedToday: tally(todays),
        byModerator,
      }
    },

    async log(q: { page?: number; cursor?: string; limit?: number; commentId?: string; moderatorId?: string }) {
      const where = { ...(q.commentId ? { commentId: q.commentId } : {}), ...(q.moderatorId ? { actorId: q.moderatorId } : {}) }
      return prismaPage(
        pagingOf(q, 50),
        NEWEST_FIRST,
        (w) => prisma.moderationLog.findMany({ ...w, where: { AND: [where, w.where] } }),
        () => prisma.moderationLog.count({ where }),
        (rows) => presentLog(rows),
      )
    },
  }

  async function presentLog(
    rows: Array<{
      id: string
      commentId: string
      articleId: string
      articleTitle: string
      actorId: string | null
      fromStatus: CommentStatus | null
      toStatus: CommentStatus
      reason: string | null
      createdAt: Date
    }>,
  ) {
    const ids = [...new Set(rows.map((r) => r.actorId).filter((x): x is string => x !== null))]
    const users = ids.length ? await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []
    const byId = new Map(users.map((u) => [u.id, u]))
    const data = rows.map((r) => ({
      id: r.id,
      commentId: r.commentId,
      article: { id: r.articleId, title: r.articleTitle },
      actor: r.actorId ? ('moderator' as const) : ('system' as const),
      moderator: r.actorId ? (byId.get(r.actorId) ?? { id: r.actorId, name: '' }) : null,
      from: r.fromStatus,
      to: r.toStatus,
      reason: r.reason,
      createdAt: r.createdAt.toISOString(),
    }))
    return data
  }
}

export type ModerationReports = ReturnType<typeof createModerationReports>
