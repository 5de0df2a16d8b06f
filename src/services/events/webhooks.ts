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

export const ROTATION_OVERLAP_MS = 24 * 3600_000
const NEWEST_FIRST: SortKey[] = [{ field: 'createdAt', dir: 'desc', type: 'date' }, { field: 'id', dir: 'desc', type: 'uuid' }]

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
    id: w.id, url: w.url, description: w.description, events: w.events, active: w.active, disabledReason: w.disabledReason,
    previousSecretValidUntil: w.previousSecret && w.previousUntil && w.previousUntil > now ? w.previousUntil.toISOString() : null,
    createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString(),
  }
}

export function toDelivery(d: WebhookDelivery): Delivery {
  return {
    id: d.id, eventId: d.eventId, eventType: d.eventType, attempt: d.attempt, status: d.status, responseStatus: d.responseStatus,
    durationMs: d.durationMs, error: d.error, nextAttemptAt: iso(d.nextAttemptAt), createdAt: d.createdAt.toISOString(),
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
      return prismaPage(pagingOf(query), NEWEST_FIRST, (w) => prisma.webhookEndpoint.findMany(w), () => prisma.webhookEndpoint.count(),
        (rows) => rows.map((r) => toWebhook(r, now)))
    },

    async get(id: string): Promise<Webhook> {
      return toWebhook(await find(id), clock())
    },

    async create(input: WebhookCreate): Promise<WebhookWithSecret> {
      const url = await assertWebhookUrl(input.url, resolver, allowPrivate)
      const now = clock()
      const row = await prisma.webhookEndpoint.create({
        data: { url, events: input.events, description: input.description?.normalize('NFC').trim() || null, secret: newSecret(), createdAt: now, updatedAt: now },
      })
      return { ...toWebhook(row, now), secret: row.secret }
    },

    async update(id: string, patch: WebhookPatch): Promise<Webhook> {
      await find(id)
      const url = patch.url === undefined ? undefined : await assertWebhookUrl(patch.url, resolver, allowPrivate)
      const now = clock()
      const row = await prisma.webhookEndpoint.update({
        where: { id },
        data: {
          url, events: patch.events, active: patch.active, updatedAt: now,
          description: patch.description === undefined ? undefined : patch.description?.normalize('NFC').trim() || null,
          // re-enabling starts a fresh 24-hour failure window
          ...(patch.active === true ? { disabledReason: null, failingSince: null } : {}),
        },
      })
      return toWebhook(row, now)
    },

    async remove(id: string): Promise<void> {
      const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id } })
      if (!count) throw new NotFoundError('no such webhook')
    },

    async rotateSecret(id: string): Promise<WebhookWithSecret> {
      const current = await find(id)
      const now = clock()
      const row = await prisma.webhookEndpoint.update({
        where: { id },
        data: { secret: newSecret(), previousSecret: current.secret, previousUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS), updatedAt: now },
      })
      return { ...toWebhook(row, now), secret: row.secret }
    },

    async deliveries(id: string, query: { page?: number; cursor?: string; limit?: number }) {
      await find(id)
      const where = { endpointId: id }
      return prismaPage(pagingOf(query), NEWEST_FIRST, (w) => prisma.webhookDelivery.findMany({ ...w, where: { AND: [where, w.where] } }),
        () => prisma.webhookDelivery.count({ where }), (rows) => rows.map(toDelivery))
    },

    async retry(id: string, deliveryId: string): Promise<Delivery> {
      const d = await prisma.webhookDelivery.findFirst({ where: { id: deliveryId, endpointId: id } })
      if (!d) throw new NotFoundError('no such delivery')
      const row = await prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { status: 'pending', nextAttemptAt: clock(), updatedAt: clock() } })
      await enqueue?.(deliveryId)
      return toDelivery(row)
    },
  }
}

export type WebhookService = ReturnType<typeof createWebhookService>
