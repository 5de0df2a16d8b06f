// The event log (the outbox) as staff read it: newest first, by type.
import type { Event, PrismaClient } from '../../generated/prisma/client.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { pagingOf } from '../../lib/paging.ts'
import type { EventRow, EventType } from '../../events/types.ts'
import type { EventListQuery } from '../../schemas/webhooks.ts'

const NEWEST_FIRST: SortKey[] = [
  { field: 'occurredAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]

const toEvent = (e: Event): EventRow => ({
  id: e.id,
  type: e.type as EventType,
  entity: e.entity,
  entityId: e.entityId,
  occurredAt: e.occurredAt.toISOString(),
  data: e.data,
  tags: e.tags,
  dispatchedAt: e.dispatchedAt?.toISOString() ?? null,
})

export function createEventLog({ prisma }: { prisma: PrismaClient }) {
  return {
    async list(query: EventListQuery) {
      const where = query.type ? { type: query.type } : {}
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.event.findMany({ ...w, where: { AND: [where, w.where] } }),
        () => prisma.event.count({ where }),
        (rows) => rows.map(toEvent),
      )
    },
  }
}
