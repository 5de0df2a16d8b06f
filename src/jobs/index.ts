// The job runner on pg-boss (PostgreSQL SKIP LOCKED queues, retries with backoff and jitter):
// the scheduler tick (due articles' events, then dispatch), webhook deliveries and CDN purges.
// It shares the app's pool (pg-boss's `db` adapter), so it runs on the embedded database's one
// connection as well. JOBS=off: this process only enqueues; `npm run worker` does the work.
import PgBoss from 'pg-boss'
import type { Database } from '../db/index.ts'
import type { Clock } from '../lib/clock.ts'
import type { OutboxSignal } from '../events/signal.ts'
import type { ChangeFeed } from '../db/change-feed.ts'
import { dueArticleEventsSql } from '../events/record.ts'
import { createDispatcher } from './dispatch.ts'
import { QUEUES, RETRY } from './queues.ts'
import { createDeliverer, type DeliveryLog } from './deliver.ts'
import type { Resolver } from '../services/events/webhook-target.ts'
import { createArticleRenderer } from '../services/public/article-render.ts'
import { markForRendering } from '../db/queries/article-render.ts'
import { queryRunner } from '../db/queries/statement.ts'
import type { SiteUrls } from '../lib/article-seo.ts'

const DELIVERY_WORKERS = 2
const BATCH = 20

export interface JobRunnerOptions {
  db: Database
  clock: Clock
  log: DeliveryLog
  work: boolean
  tickSeconds: number
  allowPrivate: boolean
  cdnPurgeUrl?: string
  outbox?: OutboxSignal
  /** the tick announces what its events made stale, so response caches drop it at once */
  changes?: Pick<ChangeFeed, 'publish'>
  resolver?: Resolver
  /** per request (default DELIVERY_TIMEOUT_MS) */
  timeoutMs?: number
  mediaBase: string
  /** PUBLIC_SITE_URL and ARTICLE_URL_PATTERN: the stored article texts hold URLs made from them */
  site: SiteUrls
}

export interface JobRunner {
  /**
   * records due articles' events, dispatches undispatched ones and renders the stale article
   * texts now (the tick's work; tests call it)
   */
  tick(): Promise<void>
  enqueueDelivery(deliveryId: string): Promise<void>
  stop(): Promise<void>
}

export async function startJobs(o: JobRunnerOptions): Promise<JobRunner> {
  const pool = o.db.pool
  // What pg-boss and the handlers still have under way. pg-boss 10 does not await a job's completion
  // (manager.js: `this.complete(…)` is fire-and-forget), and a fetch in flight when it stops still
  // hands its jobs to the handler: its graceful stop can return before either is done, and their
  // queries then met an ended pool (an unhandled rejection, seen in CI). stop() waits for these.
  const busy = new Set<Promise<unknown>>()
  const track = <T>(work: Promise<T>): Promise<T> => {
    busy.add(work)
    work.then(
      () => busy.delete(work),
      () => busy.delete(work),
    )
    return work
  }
  const open = async () => {
    const b = new PgBoss({
      db: { executeSql: (text: string, values: unknown[]) => track(pool.query(text, values)) },
      schema: 'pgboss',
      supervise: o.work,
      schedule: o.work,
      migrate: true,
    })
    b.on('error', (err: Error) => o.log.warn({ err: { message: err.message } }, 'job queue error'))
    await b.start()
    try {
      for (const name of [QUEUES.delivery, QUEUES.purge]) await b.createQueue(name, { name, ...RETRY, expireInSeconds: 60 })
      // stately: at most one tick waiting and one running, whatever the number of instances
      await b.createQueue(QUEUES.tick, { name: QUEUES.tick, policy: 'stately', retryLimit: 0, expireInSeconds: 60 })
    } catch (err) {
      await b.stop({ graceful: false, wait: true }).catch(() => {})
      throw err
    }
    return b
  }
  // instances starting together on a fresh database race to create pg-boss's schema and queues:
  // the loser meets a duplicate name or a deadlock, and starts again on what the winner built
  let boss: PgBoss | undefined
  for (let attempt = 1; !boss; attempt++) {
    try {
      boss = await open()
    } catch (err) {
      if (attempt >= 5 || !['23505', '42P06', '42P07', '40P01'].includes((err as { code?: string }).code ?? '')) throw err
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300 * attempt))
    }
  }

  const workerIds: string[] = []
  const dispatcher = createDispatcher({
    pool,
    boss,
    clock: o.clock,
    cdnPurgeUrl: o.cdnPurgeUrl,
    wake: () => {
      for (const id of workerIds) boss.notifyWorker(id)
    },
  })
  const deliverer = createDeliverer({
    db: o.db,
    boss,
    clock: o.clock,
    log: o.log,
    allowPrivate: o.allowPrivate,
    resolver: o.resolver,
    timeoutMs: o.timeoutMs,
    mediaBase: o.mediaBase,
  })

  const renderer = createArticleRenderer({ mediaBase: o.mediaBase, site: o.site })
  // texts rendered for another configuration (a new MEDIA_PUBLIC_URL, a new release's rendering) are
  // rendered again, and articles that have no text yet get one
  if (o.work) await markForRendering(queryRunner(pool, { named: false }), renderer.renderedFor)
  const tick = async () => {
    const now = o.clock()
    // each statement marks and records atomically; SKIP LOCKED keeps two instances off the same rows
    const recorded = [
      ...(await pool.query<{ tags: string[] }>(dueArticleEventsSql('published'), [now])).rows,
      ...(await pool.query<{ tags: string[] }>(dueArticleEventsSql('unpublished'), [now])).rows,
    ]
    const stale = [...new Set(recorded.flatMap((e) => e.tags))]
    if (stale.length) o.changes?.publish(stale)
    await dispatcher.dispatch()
    // the fan-out of renames and other changes to what articles embed (the render job); a failure
    // must not stop the scheduler: a stale text is never sent, the article is built meanwhile
    await renderer.renderStale(o.db).catch((err: Error) => o.log.warn({ err: { message: err.message } }, 'article render failed'))
  }
  let unsubscribe = () => {}
  if (o.work) {
    await boss.work(QUEUES.tick, { pollingIntervalSeconds: 1 }, () =>
      track(
        (async () => {
          try {
            await tick()
          } finally {
            await boss.send(QUEUES.tick, {}, { startAfter: o.tickSeconds, singletonKey: 'tick' })
          }
        })(),
      ),
    )
    await boss.send(QUEUES.tick, {}, { singletonKey: 'tick' })
    // a backstop: should the chain of ticks break (a crash between a tick and its successor), cron restarts it
    await boss.schedule(QUEUES.tick, '* * * * *', {}, { singletonKey: 'tick' })
    for (let i = 0; i < DELIVERY_WORKERS; i++) {
      workerIds.push(
        await boss.work<{ deliveryId: string }>(QUEUES.delivery, { batchSize: BATCH, pollingIntervalSeconds: 0.5, includeMetadata: true }, (jobs) =>
          track(deliverer.deliverBatch(jobs)),
        ),
      )
    }
    await boss.work<{ keys: string[] }>(QUEUES.purge, { pollingIntervalSeconds: 1, includeMetadata: true }, (jobs) =>
      track(deliverer.purgeBatch(jobs, o.cdnPurgeUrl)),
    )
    // a committed event is dispatched at once by the instance that wrote it
    unsubscribe = o.outbox?.onKick(() => dispatcher.soon()) ?? unsubscribe
  }

  return {
    tick,
    async enqueueDelivery(deliveryId) {
      const [id] = await Promise.all([boss.send(QUEUES.delivery, { deliveryId }), Promise.resolve()])
      if (id) for (const w of workerIds) boss.notifyWorker(w)
    },
    async stop() {
      unsubscribe()
      await dispatcher.idle()
      await boss.stop({ graceful: true, wait: true, timeout: 12_000 })
      // a handler's end is followed a few microtasks later by its completion query: yield a turn
      // before looking again
      do {
        await Promise.allSettled([...busy])
        await new Promise((r) => setImmediate(r))
      } while (busy.size)
    },
  }
}
