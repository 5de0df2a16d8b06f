// The delivery and purge job handlers: thin, over services/events/send.ts. A delivery that fails
// is handed back to pg-boss, which retries it with backoff and jitter (queues.ts); the row keeps
// what each attempt saw, for the delivery log.
import type PgBoss from 'pg-boss'
import type { Database } from '../db/index.ts'
import type { Clock } from '../lib/clock.ts'
import { findPublicArticleItem } from '../db/queries/public-articles.ts'
import { queryRunner } from '../db/queries/statement.ts'
import { send } from '../services/events/send.ts'
import { signatureHeader } from '../services/events/send.ts'
import { signingSecrets } from '../services/events/webhooks.ts'
import { guardedLookup, systemResolver, type Resolver } from '../services/events/webhook-target.ts'
import { QUEUES } from './queues.ts'

const FAILING_DISABLES_AFTER_MS = 24 * 3600_000

export interface DeliveryLog {
  warn(obj: object, msg: string): void
}

export interface DelivererDeps {
  db: Database
  boss: PgBoss
  clock: Clock
  log: DeliveryLog
  allowPrivate: boolean
  resolver?: Resolver
  timeoutMs?: number
  /** MEDIA_PUBLIC_URL: a delivered article's lead image links there */
  mediaBase: string
}

type Outcome = 'done' | 'retry'

export function createDeliverer({ db, boss, clock, log, allowPrivate, resolver = systemResolver, timeoutMs, mediaBase }: DelivererDeps) {
  const prisma = db.prisma
  const query = queryRunner(db.pool, { named: db.namedStatements })
  const lookup = guardedLookup(resolver, allowPrivate)

  /** `data` as delivered: an article's public list item while it is public, else what the event recorded */
  async function payloadData(e: { entity: string; entityId: string; data: unknown }): Promise<unknown> {
    if (e.entity !== 'article') return e.data
    const item = await findPublicArticleItem(query, e.entityId, clock(), mediaBase)
    const recorded = e.data as { id: string; slug: string }
    return item ?? { id: recorded.id, slug: recorded.slug }
  }

  async function deliverOne(deliveryId: string, last: boolean): Promise<Outcome> {
    const d = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true, event: true } })
    if (!d || d.status === 'succeeded') return 'done'
    const ep = d.endpoint
    const failed = (fields: object) =>
      prisma.webhookDelivery.update({ where: { id: d.id }, data: { status: 'failed', nextAttemptAt: null, updatedAt: clock(), ...fields } })
    if (!ep.active) {
      await failed({ error: `endpoint disabled${ep.disabledReason ? `: ${ep.disabledReason}` : ''}` })
      return 'done'
    }
    const body = JSON.stringify({ id: d.event.id, type: d.event.type, occurredAt: d.event.occurredAt.toISOString(), data: await payloadData(d.event) })
    const signedAt = clock()
    const res = await send({
      url: ep.url,
      body,
      lookup,
      timeoutMs,
      headers: { 'toasoan-event': d.event.type, 'toasoan-delivery': d.id, 'toasoan-signature': signatureHeader(signingSecrets(ep, signedAt), body, signedAt) },
    })
    const now = clock()
    const seen = { attempt: d.attempt + 1, responseStatus: res.status, durationMs: res.durationMs, error: res.error, updatedAt: now }
    if (res.status !== null && res.status >= 200 && res.status < 300) {
      await prisma.webhookDelivery.update({ where: { id: d.id }, data: { ...seen, status: 'succeeded', nextAttemptAt: null } })
      if (ep.failingSince) await prisma.webhookEndpoint.update({ where: { id: ep.id }, data: { failingSince: null } })
      return 'done'
    }
    if (res.status === 410) {
      await failed(seen)
      await prisma.webhookEndpoint.update({ where: { id: ep.id }, data: { active: false, disabledReason: 'the endpoint answered 410 Gone', updatedAt: now } })
      log.warn({ webhook: ep.id, url: ep.url }, 'webhook disabled: the endpoint answered 410 Gone')
      return 'done'
    }
    const since = ep.failingSince ?? now
    if (now.getTime() - since.getTime() >= FAILING_DISABLES_AFTER_MS) {
      await failed(seen)
      await prisma.webhookEndpoint.update({
        where: { id: ep.id },
        data: { active: false, disabledReason: 'every attempt failed for 24 hours', updatedAt: now },
      })
      log.warn({ webhook: ep.id, url: ep.url, failingSince: since.toISOString() }, 'webhook disabled: every attempt failed for 24 hours')
      return 'done'
    }
    if (!ep.failingSince) await prisma.webhookEndpoint.updateMany({ where: { id: ep.id, failingSince: null }, data: { failingSince: now } })
    if (last) {
      await failed(seen)
      return 'done'
    }
    await prisma.webhookDelivery.update({ where: { id: d.id }, data: { ...seen, status: 'pending' } })
    return 'retry'
  }

  return {
    deliverOne,
    /** a batch of delivery jobs: each succeeds or fails on its own */
    async deliverBatch(jobs: Array<PgBoss.JobWithMetadata<{ deliveryId: string }>>): Promise<void> {
      const outcomes = await Promise.all(jobs.map((j) => deliverOne(j.data.deliveryId, j.retryCount >= j.retryLimit).catch((): Outcome => 'retry')))
      const retry = jobs.filter((_, i) => outcomes[i] === 'retry').map((j) => j.id)
      if (!retry.length) return
      await boss.fail(QUEUES.delivery, retry)
      // the time pg-boss chose for the next attempt, for the delivery log
      await db.pool.query(
        `UPDATE "WebhookDelivery" d SET "nextAttemptAt" = j.start_after
        FROM pgboss.job j WHERE j.name = $2 AND j.id = ANY($1::uuid[]) AND j.state = 'retry' AND d.id = (j.data->>'deliveryId')::uuid`,
        [retry, QUEUES.delivery],
      )
    },
    async purgeBatch(jobs: Array<PgBoss.JobWithMetadata<{ keys: string[] }>>, url: string | undefined): Promise<void> {
      if (!url) return
      const failed: string[] = []
      await Promise.all(
        jobs.map(async (j) => {
          const res = await send({
            url,
            body: JSON.stringify({ keys: j.data.keys }),
            headers: { 'user-agent': 'ToaSoan-Purge/1' },
            lookup: guardedLookup(systemResolver, true),
            timeoutMs,
          })
          if (res.status === null || res.status < 200 || res.status >= 300) failed.push(j.id)
        }),
      )
      if (failed.length) await boss.fail(QUEUES.purge, failed)
    },
  }
}
