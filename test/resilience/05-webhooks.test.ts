// Webhooks through failures: 1,000 events, the server SIGTERMed in the middle of their deliveries
// and started again; then 1,000 more with PostgreSQL (a private cluster of this test's own, never
// the machine's) stopped and started in the middle. After recovery every event reached the
// receiver at least once; the receiver dedupes by event id, and the duplicates are counted.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import t from 'tap'
import { startServer, type Server } from './lib/cluster.ts'
import { clusterUnavailable, startPrimary } from '../support/pg-cluster.ts'
import { report, seconds, sleep } from './lib/report.ts'

const unavailable = clusterUnavailable()
if (unavailable) {
  t.plan(0, unavailable)
  process.exit(0)
}

const EVENTS = 1000
const seen = new Map<string, number>()
let received = 0
const receiver = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => {
    body += c
  })
  req.on('end', () => {
    received++
    const id = (JSON.parse(body) as { id: string }).id
    seen.set(id, (seen.get(id) ?? 0) + 1) // a real receiver handles an id once: here, counted
    res.writeHead(204).end()
  })
})
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
t.teardown(() => receiver.close())

const postgres = await startPrimary(t)
await createDb(postgres.url(), 'toasoan')
const databaseUrl = postgres.url('toasoan')
const env = { JOBS: 'on', WEBHOOK_ALLOW_PRIVATE: 'true', TICK_SECONDS: '1', DB_POOL_SIZE: '10' }
let server: Server = await startServer(t, { databaseUrl, env })
const db = new pg.Pool({ connectionString: databaseUrl, max: 2 })
db.on('error', () => {}) // the restart below closes idle connections
t.teardown(() => db.end())
await db.query(`INSERT INTO "WebhookEndpoint" (url, events, secret) VALUES ($1, ARRAY['*'], 'whsec_resilience')`, [
  `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
])

/** `n` committed, undispatched events, as a burst of changes leaves them: the tick dispatches them. */
async function burst(batch: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO "Event" (type, entity, "entityId", data, tags)
    SELECT 'section.updated', 'section', gen_random_uuid(), jsonb_build_object('batch', $1::text, 'n', g), ARRAY['articles']
    FROM generate_series(1, $2::int) g RETURNING id`,
    [batch, EVENTS],
  )
  return rows.map((r) => r.id)
}
const delivered = (ids: string[]) => ids.filter((id) => seen.has(id)).length
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (!check() && Date.now() < end) await sleep(100)
  return check()
}

// 1. SIGTERM in the middle
const first = await burst('sigterm')
await until(() => delivered(first) >= 200, 60_000)
const atSigterm = delivered(first)
const termAt = Date.now()
server.child.kill('SIGTERM')
const exit = await server.exited
const stoppedMs = exit.at - termAt
server = await startServer(t, { databaseUrl, env })
const firstOk = await until(() => delivered(first) === EVENTS, 240_000)
const firstSeconds = seconds(Date.now() - termAt)

// 2. PostgreSQL stopped and started in the middle
const second = await burst('restart')
await until(() => delivered(second) >= 200, 60_000)
const atRestart = delivered(second)
const downAt = Date.now()
await postgres.stop()
await sleep(2_000)
await postgres.start()
const upAt = Date.now()
const secondOk = await until(() => delivered(second) === EVENTS, 240_000)
const secondSeconds = seconds(Date.now() - upAt)

const duplicates = [...seen.values()].filter((n) => n > 1).length
await report(t, 'webhooks', {
  events: 2 * EVENTS,
  deliveredAtSigterm: atSigterm,
  sigtermExitMs: stoppedMs,
  sigtermExit: exit,
  allDeliveredAfterSigtermSeconds: firstSeconds,
  deliveredAtRestart: atRestart,
  postgresDownSeconds: seconds(upAt - downAt),
  allDeliveredAfterRestartSeconds: secondSeconds,
  requestsReceived: received,
  distinctEvents: seen.size,
  eventsReceivedMoreThanOnce: duplicates,
})
t.ok(atSigterm < EVENTS, `SIGTERM came in the middle (${atSigterm} of ${EVENTS} delivered)`)
t.equal(exit.code, 0, 'the server stopped cleanly on SIGTERM')
t.ok(firstOk, `every event of the first burst delivered after the restart (${delivered(first)} of ${EVENTS})`)
t.ok(atRestart < EVENTS, `PostgreSQL went down in the middle (${atRestart} of ${EVENTS} delivered)`)
t.ok(secondOk, `every event of the second burst delivered after PostgreSQL came back (${delivered(second)} of ${EVENTS})`)
t.equal(server.child.exitCode, null, 'the server lived through the database restart')
t.equal(seen.size, 2 * EVENTS, 'the receiver, deduping by id, handled each event once')

async function createDb(url: string, name: string) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(`CREATE DATABASE ${name}`)
  await c.end()
}
