// Turns committed events into jobs: one delivery per (endpoint, event) and one CDN purge per batch,
// inserted with pg-boss in the same transaction that marks the events dispatched, so an event is
// dispatched once (SKIP LOCKED across instances) and never lost between the two.
import type pg from 'pg'
import type PgBoss from 'pg-boss'
import type { Clock } from '../lib/clock.ts'
import { QUEUES, RETRY } from './queues.ts'

const BATCH = 500
export const DISPATCH_GAP_MS = 25

/** The claim of the next undispatched events, oldest first, from Event_undispatched_idx. */
export const CLAIM_EVENTS = `SELECT id, type, tags FROM "Event" WHERE "dispatchedAt" IS NULL ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`
// a plain index scan marks the entries of dispatched (dead) versions as it meets them, so the next
// claim skips them unread; the bitmap scan PostgreSQL prefers for a short queue reads every one of
// them again until a vacuum (25 ms a claim after 40,000 comments with autovacuum off)
export const CLAIM_SETTINGS = 'SET LOCAL enable_bitmapscan = off'

export interface DispatcherDeps {
  pool: pg.Pool
  boss: PgBoss
  clock: Clock
  cdnPurgeUrl?: string
  /** new delivery jobs are waiting: wake the delivery workers now */
  wake(): void
  /** the least time between the starts of two dispatches after kicks (a lone kick goes at once) */
  gapMs?: number
}

export function createDispatcher({ pool, boss, clock, cdnPurgeUrl, wake, gapMs = DISPATCH_GAP_MS }: DispatcherDeps) {
  async function dispatchBatch(): Promise<number> {
    const client = await pool.connect()
    try {
      await client.query(`BEGIN; ${CLAIM_SETTINGS}`)
      const { rows: events } = await client.query<{ id: string; type: string; tags: string[] }>(CLAIM_EVENTS)
      if (!events.length) {
        await client.query('COMMIT')
        return 0
      }
      const ids = events.map((e) => e.id)
      const { rows: deliveries } = await client.query<{ id: string }>(
        `
        INSERT INTO "WebhookDelivery" ("endpointId", "eventId", "eventType")
        SELECT w.id, e.id, e.type FROM unnest($1::uuid[], $2::text[]) AS e(id, type)
        JOIN "WebhookEndpoint" w ON w.active AND w.events && ARRAY['*', e.type]
        ON CONFLICT DO NOTHING RETURNING id`,
        [ids, events.map((e) => e.type)],
      )
      const jobs: PgBoss.JobInsert[] = deliveries.map((d) => ({ name: QUEUES.delivery, data: { deliveryId: d.id }, ...RETRY }))
      const keys = [...new Set(events.flatMap((e) => e.tags ?? []))]
      if (cdnPurgeUrl && keys.length) jobs.push({ name: QUEUES.purge, data: { keys }, ...RETRY })
      if (jobs.length) await boss.insert(jobs, { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } })
      await client.query('UPDATE "Event" SET "dispatchedAt" = $2 WHERE id = ANY($1::uuid[])', [ids, clock()])
      await client.query('COMMIT')
      if (deliveries.length) wake()
      return events.length
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {})
      throw err
    } finally {
      client.release()
    }
  }

  let running: Promise<void> | null = null
  let again = false
  let lastStart = 0
  // claims after kicks start at least gapMs apart: kicks that come meanwhile wait and go as one
  // batch, where a claim per commit would double the transactions a stream of comments costs; a
  // kick after a quiet spell goes at once
  async function drain(): Promise<void> {
    do {
      const wait = lastStart + gapMs - Date.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      again = false
      lastStart = Date.now()
      while ((await dispatchBatch()) === BATCH) {
        /* more waiting */
      }
    } while (again)
  }

  return {
    /** dispatches everything undispatched (the tick) */
    async dispatch(): Promise<void> {
      while ((await dispatchBatch()) === BATCH) {
        /* more waiting */
      }
    },
    /** after a commit: dispatch soon, coalescing bursts into one running drain */
    soon(): void {
      if (running) {
        again = true
        return
      }
      running = drain()
        .catch(() => {})
        .finally(() => {
          running = null
        })
    },
    async idle(): Promise<void> {
      await running
    },
  }
}
