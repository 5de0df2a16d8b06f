// Webhook endpoints on the admin side: save (with the address check), rotate the secret (the old
// one keeps signing for 24 hours), list deliveries, retry one. The job runner sends (jobs/).
import { randomBytes } from 'node:crypto'
import type { PrismaClient, WebhookEndpoint, WebhookDelivery } from '../../generated/prisma/client.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { pagingOf } from '../../lib/paging.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Delivery, Webhook, WebhookCreate, WebhookPatch, WebhookWithSecret } from '../../schemas/webhooks.ts'
import { assertWebhookUrl, type Resolver } from './webhook-target.ts'
import { changesOf, recordAudit, secretChanged, type AuditContext } from '../audit/record.ts'

export const ROTATION_OVERLAP_MS = 24 * 3600_000
const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]

export interface WebhookServiceDeps {
  prisma: PrismaClient
  clock: Clock
  resolver: Resolver
  allowPrivate: boolean
  /** queues a delivery attempt now (the job runner's; absent when JOBS=off: the runner elsewhere picks it up) */
  enqueue?: (deliveryId: string) => Promise<void>
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`
const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toWebhook(w: WebhookEndpoint, now: Date): Webhook {
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    events: w.events,
    active: w.active,
    disabledReason: w.disabledReason,
    previousSecretValidUntil: w.previousSecret && w.previousUntil && w.previousUntil > now ? w.previousUntil.toISOString() : null,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  }
}

export function toDelivery(d: WebhookDelivery): Delivery {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    attempt: d.attempt,
    status: d.status,
    responseStatus: d.responseStatus,
    durationMs: d.durationMs,
    error: d.error,
    nextAttemptAt: iso(d.nextAttemptAt),
    createdAt: d.createdAt.toISOString(),
  }
}

/** The secrets a delivery at `now` is signed with: the current one, and the previous during the overlap. */
export function signingSecrets(w: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousUntil'>, now: Date): string[] {
  return w.previousSecret && w.previousUntil && w.previousUntil > now ? [w.secret, w.previousSecret] : [w.secret]
}

export function createWebhookService({ prisma, clock, resolver, allowPrivate, enqueue }: WebhookServiceDeps) {
  const find = async (id: string) => {
    const w = await prisma.webhookEndpoint.findUnique({ where: { id } })
    if (!w) throw new NotFoundError('no such webhook')
    return w
  }
  return {
    async list(query: { page?: number; cursor?: string; limit?: number }) {
      const now = clock()
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.webhookEndpoint.findMany(w),
        () => prisma.webhookEndpoint.count(),
        (rows) => rows.map((r) => toWebhook(r, now)),
      )
    },

    async get(id: string): Promise<Webhook> {
      return toWebhook(await find(id), clock())
    },

    async create(input: WebhookCreate, by: AuditContext): Promise<WebhookWithSecret> {
      const url = await assertWebhookUrl(input.url, resolver, allowPrivate)
      const now = clock()
      const row = await prisma.$transaction(async (tx) => {
        const row = await tx.webhookEndpoint.create({
          data: {
            url,
            events: input.events,
            description: input.description?.normalize('NFC').trim() || null,
            secret: newSecret(),
            createdAt: now,
            updatedAt: now,
          },
        })
        await recordAudit(tx, {
          by,
          action: 'create',
          entity: 'webhook',
          entityId: row.id,
          changes: { ...changesOf(null, toWebhook(row, now)), secret: secretChanged() },
        })
        return row
      })
      return { ...toWebhook(row, now), secret: row.secret }
    },

    async update(id: string, patch: WebhookPatch, by: AuditContext): Promise<Webhook> {
      await find(id)
      const url = patch.url === undefined ? undefined : await assertWebhookUrl(patch.url, resolver, allowPrivate)
      const now = clock()
      return prisma.$transaction(async (tx) => {
        const before = await tx.webhookEndpoint.findUnique({ where: { id } })
        if (!before) throw new NotFoundError('no such webhook')
        const row = await tx.webhookEndpoint.update({
          where: { id },
          data: {
            url,
            events: patch.events,
            active: patch.active,
            updatedAt: now,
            description: patch.description === undefined ? undefined : patch.description?.normalize('NFC').trim() || null,
            // re-enabling starts a fresh 24-hour failure window
            ...(patch.active === true ? { disabledReason: null, failingSince: null } : {}),
          },
        })
        await recordAudit(tx, { by, action: 'update', entity: 'webhook', entityId: id, changes: changesOf(toWebhook(before, now), toWebhook(row, now)) })
        return toWebhook(row, now)
      })
    },

    async remove(id: string, by: AuditContext): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const gone = await tx.webhookEndpoint.findUnique({ where: { id } })
        if (!gone) throw new NotFoundError('no such webhook')
        await tx.webhookEndpoint.delete({ where: { id } })
        await recordAudit(tx, { by, action: 'delete', entity: 'webhook', entityId: id, changes: changesOf(toWebhook(gone, clock()), null) })
      })
    },

    async rotateSecret(id: string, by: AuditContext): Promise<WebhookWithSecret> {
      const current = await find(id)
      const now = clock()
      const row = await prisma.$transaction(async (tx) => {
        const row = await tx.webhookEndpoint.update({
          where: { id },
          data: { secret: newSecret(), previousSecret: current.secret, previousUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS), updatedAt: now },
        })
        await recordAudit(tx, {
          by,
          action: 'rotate-secret',
          entity: 'webhook',
          entityId: id,
          changes: { ...changesOf(toWebhook(current, now), toWebhook(row, now)), secret: secretChanged() },
        })
        return row
      })
      return { ...toWebhook(row, now), secret: row.secret }
    },

    async deliveries(id: string, query: { page?: number; cursor?: string; limit?: number }) {
      await find(id)
      const where = { endpointId: id }
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.webhookDelivery.findMany({ ...w, where: { AND: [where, w.where] } }),
        () => prisma.webhookDelivery.count({ where }),
        (rows) => rows.map(toDelivery),
      )
    },

    async retry(id: string, deliveryId: string, by: AuditContext): Promise<Delivery> {
      const d = await prisma.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId: id } })
      if (!d) throw new NotFoundError('no such delivery')
      const row = await prisma.$transaction(async (tx) => {
        const row = await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'pending', nextAttemptAt: clock(), updatedAt: clock() } })
        await recordAudit(tx, { by, action: 'retry-delivery', entity: 'webhook', entityId: id, changes: { deliveryStatus: [d.status, 'pending'] } })
        return row
      })
      await enqueue?.(deliveryId)
      return toDelivery(row)
    },
  }
}

export type WebhookService = ReturnType<typeof createWebhookService>
