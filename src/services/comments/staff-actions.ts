// What staff do to comments besides deciding them: editor's picks (featured, first under sort=top)
// and replies from the console, which are the newsroom speaking: marked isStaff and public at once.
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors.ts'
import { plainText } from '../../lib/comment-text.ts'
import { contentHash } from '../../lib/text-folding.ts'
import type { Clock } from '../../lib/clock.ts'
import type { ChangeFeed } from '../../db/change-feed.ts'
import type { OutboxSignal } from '../../events/signal.ts'
import { recordEvent } from '../../events/record.ts'
import { commentKeys, commentsKey } from '../../events/tags.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import { changeStatus } from './status.ts'

export interface StaffActionDeps {
  prisma: PrismaClient
  clock: Clock
  changes: ChangeFeed
  outbox?: OutboxSignal
}

export interface Staff {
  id: string
  name: string
}

/** a staff reply's commenterId and ipHash: it has no reader address, and its history is the staff member's */
export const staffCommenterId = (userId: string) => `staff:${userId}`

export function createStaffCommentActions({ prisma, clock, changes, outbox }: StaffActionDeps) {
  async function setFeatured(id: string, featured: boolean, by: AuditContext): Promise<{ id: string; featured: boolean }> {
    const articleId = await prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ articleId: string; status: string; hidden: boolean; featured: boolean }>>`
        SELECT "articleId", status::text AS status, hidden, featured FROM "Comment" WHERE id = ${id}::uuid FOR NO KEY UPDATE`
      if (!row) throw new NotFoundError('no such comment')
      // only what the public sees can be picked; taking a pick back is always allowed
      if (featured && (row.status !== 'approved' || row.hidden)) {
        throw new ConflictError(`only a public comment can be featured; this one is ${row.hidden ? 'hidden by reports' : row.status}`, {
          currentStatus: row.status,
        })
      }
      if (row.featured === featured) return null
      await tx.comment.update({ where: { id }, data: { featured }, select: { id: true } })
      await recordAudit(tx, {
        by,
        action: featured ? 'feature' : 'unfeature',
        entity: 'comment',
        entityId: id,
        changes: changesOf({ featured: row.featured }, { featured }),
      })
      return row.articleId
    })
    if (articleId) changes.publish([commentsKey(articleId)])
    return { id, featured }
  }

  return {
    feature: (id: string, by: AuditContext) => setFeatured(id, true, by),
    unfeature: (id: string, by: AuditContext) => setFeatured(id, false, by),

    /**
     * A staff member's reply to a public comment (a reply to a reply joins its thread), approved
     * in the same transaction through the one status change (counter, log entry, event).
     */
    async reply(parentId: string, input: { content: string }, staff: Staff, by: AuditContext) {
      const content = plainText(input.content)
      if (content.length < 1 || content.length > 5000) {
        throw new BadRequestError('invalid reply', [{ path: 'body/content', message: 'must be 1–5,000 characters of text' }])
      }
      const parent = await prisma.comment.findUnique({
        where: { id: parentId },
        select: { id: true, articleId: true, parentId: true, status: true, hidden: true },
      })
      if (!parent) throw new NotFoundError('no such comment')
      if (parent.status !== 'approved' || parent.hidden) {
        throw new ConflictError(`a reply goes under a public comment; this one is ${parent.hidden ? 'hidden by reports' : parent.status}`, {
          currentStatus: parent.status,
        })
      }
      const now = clock()
      const threadId = parent.parentId ?? parent.id
      const created = await prisma.$transaction(async (tx) => {
        const row = await tx.comment.create({
          data: {
            articleId: parent.articleId,
            parentId: threadId,
            authorName: staff.name,
            content,
            contentHash: contentHash(content),
            ipHash: staffCommenterId(staff.id),
            commenterId: staffCommenterId(staff.id),
            isStaff: true,
            createdAt: now,
            updatedAt: now,
          },
          select: { id: true },
        })
        await recordEvent(tx, {
          type: 'comment.submitted',
          entity: 'comment',
          entityId: row.id,
          articleId: parent.articleId,
          at: now,
          data: { id: row.id, articleId: parent.articleId, status: 'pending' },
        })
        await changeStatus(tx, row.id, { to: 'approved', actorId: staff.id, reason: 'staff reply', at: now })
        await recordAudit(tx, { by, action: 'create', entity: 'comment', entityId: row.id, changes: changesOf({}, { parentId: threadId, content }) })
        return row
      })
      outbox?.kick()
      changes.publish(commentKeys(parent.articleId))
      return {
        id: created.id,
        articleId: parent.articleId,
        parentId: threadId,
        authorName: staff.name,
        content,
        status: 'approved' as const,
        isStaff: true as const,
        createdAt: now.toISOString(),
      }
    },
  }
}

export type StaffCommentActions = ReturnType<typeof createStaffCommentActions>
