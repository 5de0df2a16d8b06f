// `npm run worker`: the job runner without the HTTP server (API instances then run with JOBS=off).
import { loadConfigOrExit } from './config.ts'
import { prepare } from './bootstrap.ts'
import { createOutboxSignal } from './events/signal.ts'
import { startJobs } from './jobs/index.ts'
import { createChangeFeed } from './db/change-feed.ts'

const config = loadConfigOrExit('toasoan-worker')
const log = { warn: (obj: object, msg: string) => console.warn(`toasoan-worker: ${msg} ${JSON.stringify(obj)}`) }
const { db, config: ready } = await prepare(config, {
  info: (m) => console.log(`toasoan-worker: ${m}`),
  warn: (m) => console.warn(`toasoan-worker: warning: ${m}`),
})
// what the tick makes stale reaches the API instances' response caches through NOTIFY
const changes = createChangeFeed({ pool: db.pool, listenUrl: ready.databaseDirectUrl ?? ready.databaseUrl, log })
const runner = await startJobs({
  db,
  clock: () => new Date(),
  log,
  work: true,
  tickSeconds: ready.tickSeconds,
  allowPrivate: ready.webhookAllowPrivate,
  cdnPurgeUrl: ready.cdnPurgeUrl,
  outbox: createOutboxSignal(),
  changes,
  mediaBase: ready.media.publicUrl,
  site: ready.site,
})
console.log('toasoan-worker: running jobs (webhooks, purges, scheduled events)')
const stop = async () => {
  await runner.stop()
  await changes.close()
  await db.close()
  process.exit(0)
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
