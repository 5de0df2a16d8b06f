// Commenters as moderators see them: a history by status, a ban, notes. A commenter is a
// readerKey (lib/reader.ts), never an address; one with no comment is unknown (404).
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { BadRequestError, NotFoundError } from '../../lib/errors.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Commenter } from '../../schemas/commenters.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'

export function createCommenterService({ prisma, clock }: { prisma: PrismaClient; clock: Clock }) {
  async function get(commenterId: string): Promise<Commenter> {
    const [byStatus, first, ban, notes] = await Promise.all([
      prisma.comment.groupBy({ by: ['status'], where: { commenterId }, _count: { _all: true } }),
      prisma.comment.findFirst({ where: { commenterId }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }),
      prisma.commenterBan.findUnique({ where: { commenterId } }),
      prisma.commenterNote.findMany({ where: { commenterId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 }),
    ])
    if (!first) throw new NotFoundError('no comment from this commenter')
    const ids = [...new Set([ban?.createdById, ...notes.map((n) => n.authorId)].filter((x): x is string => !!x))]
    const users = new Map(
      (ids.length ? await prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } }) : []).map((u) => [u.id, u]),
    )
    const person = (id: string | null) => (id ? (users.get(id) ?? { id, name: '' }) : null)
    const n = (s: string) => byStatus.find((r) => r.status === s)?._count._all ?? 0
    const now = clock()
    const inForce = ban && (ban.until === null || ban.until > now)
    return {
      commenterId,
      firstSeenAt: first.createdAt.toISOString(),
      counts: { approved: n('approved'), rejected: n('rejected'), spam: n('spam'), pending: n('pending') },
      ...(inForce
        ? { ban: { until: ban.until?.toISOString() ?? null, reason: ban.reason, createdAt: ban.createdAt.toISOString(), createdBy: person(ban.createdById) } }
        : {}),
      notes: notes.map((x) => ({ id: x.id, text: x.text, createdAt: x.createdAt.toISOString(), author: person(x.authorId) })),
    }
  }

  async function known(commenterId: string): Promise<void> {
    if (!(await prisma.comment.findFirst({ where: { commenterId }, select: { id: true } }))) throw new NotFoundError('no comment from this commenter')
  }

  return {
    get,

    /** Bans (or re-bans, replacing the terms): new comments go to spam while it lasts. */
    async ban(commenterId: string, input: { until?: string; reason: string }, actorId: string, by: AuditContext): Promise<Commenter> {
      const now = clock()
      const until = input.until ? new Date(input.until) : null
      if (until && until <= now) throw new BadRequestError('invalid ban', [{ path: 'body/until', message: 'must be in the future' }])
      const reason = input.reason.normalize('NFC').trim()
      if (!reason) throw new BadRequestError('invalid ban', [{ path: 'body/reason', message: 'must not be blank' }])
      await known(commenterId)
      const data = { until, reason, createdById: actorId, createdAt: now }
      await prisma.$transaction(async (tx) => {
        const before = await tx.commenterBan.findUnique({ where: { commenterId }, select: { until: true, reason: true } })
        await tx.commenterBan.upsert({ where: { commenterId }, create: { commenterId, ...data }, update: data })
        await recordAudit(tx, {
          by,
          action: before ? 'update' : 'create',
          entity: 'ban',
          entityId: commenterId,
          changes: changesOf(before ?? {}, { until, reason }),
        })
      })
      return get(commenterId)
    },

    /** Lifts the ban, if any. */
    async unban(commenterId: string, by: AuditContext): Promise<Commenter> {
      await known(commenterId)
      await prisma.$transaction(async (tx) => {
        const before = await tx.commenterBan.findUnique({ where: { commenterId }, select: { until: true, reason: true } })
        if (!before) return
        await tx.commenterBan.delete({ where: { commenterId } })
        await recordAudit(tx, { by, action: 'delete', entity: 'ban', entityId: commenterId, changes: changesOf(before, {}) })
      })
      return get(commenterId)
    },

    async addNote(commenterId: string, text: string, actorId: string): Promise<Commenter> {
      const clean = text.normalize('NFC').trim()
      if (!clean) throw new BadRequestError('invalid note', [{ path: 'body/text', message: 'must not be blank' }])
      await known(commenterId)
      await prisma.commenterNote.create({ data: { commenterId, text: clean, authorId: actorId, createdAt: clock() } })
      return get(commenterId)
    },
  }
}

export type CommenterService = ReturnType<typeof createCommenterService>
