// Reading the audit log (admin): the filtered list, newest first, and the chain check. Nothing
// here writes: entries are added by recordAudit (record.ts) and never changed (a trigger refuses).
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { dateRange } from '../../lib/date-range.ts'
import { pagingOf } from '../../lib/paging.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import type { AuditActor, AuditChanges, AuditEntryView, AuditList, AuditListQuery, AuditVerify } from '../../schemas/audit.ts'
import { entryHash, GENESIS } from './record.ts'

const NEWEST_FIRST: SortKey[] = [{ field: 'seq', dir: 'desc', type: 'int' }]
// the check reads the chain in slices of this many entries
const VERIFY_BATCH = 1000

type Row = Prisma.AuditEntryGetPayload<object>

const toView = (r: Row): AuditEntryView => ({
  id: r.id,
  at: r.at.toISOString(),
  actor: { type: r.actorType as AuditActor['type'], id: r.actorId, name: r.actorName },
  action: r.action,
  entity: r.entity,
  entityId: r.entityId,
  changes: r.changes as AuditChanges,
  requestId: r.requestId,
})

function listWhere(query: AuditListQuery): Prisma.AuditEntryWhereInput {
  const range = dateRange(query.from, query.to)
  return {
    ...(query.actor === 'system' ? { actorType: 'system' } : query.actor ? { actorId: query.actor } : {}),
    ...(query.entity && { entity: query.entity }),
    ...(query.entityId && { entityId: query.entityId }),
    ...((range.from || range.before) && { at: { gte: range.from, lt: range.before } }),
  }
}

export function createAuditService({ prisma }: { prisma: PrismaClient }) {
  return {
    async list(query: AuditListQuery): Promise<AuditList> {
      const where = listWhere(query)
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.auditEntry.findMany({ ...w, where: { AND: [where, w.where] } }),
        () => prisma.auditEntry.count({ where }),
        (rows) => rows.map(toView),
      )
    },

    /**
     * Walks the chain oldest first: each entry must carry the previous entry's hash and a hash of
     * its own content; the first that does not (changed, or after a removed one) is named.
     */
    async verify(): Promise<AuditVerify> {
      let prevHash = GENESIS
      let lastSeq = 0
      let checked = 0
      for (;;) {
        const rows = await prisma.auditEntry.findMany({ where: { seq: { gt: lastSeq } }, orderBy: { seq: 'asc' }, take: VERIFY_BATCH })
        for (const row of rows) {
          checked++
          if (row.seq !== lastSeq + 1 || row.prevHash !== prevHash || row.hash !== entryHash(row, prevHash))
            return { ok: false, checked, firstBrokenId: row.id }
          prevHash = row.hash
          lastSeq = row.seq
        }
        if (rows.length < VERIFY_BATCH) return { ok: true, checked }
      }
    },
  }
}

export type AuditService = ReturnType<typeof createAuditService>
