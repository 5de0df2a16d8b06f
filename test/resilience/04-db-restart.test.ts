// Case 2 of the issue — PostgreSQL restarted under load (run last: the restart takes down every
// database on the machine for a moment). While it is down, /health/ready is 503 and requests get a
// quick 503 problem+json, never a hang or a 500 with internals; once it is back the same process
// serves again within 5 s; no comment answered 202 is missing; a client that got a 503 retries
// safely (202, or 409 when its first attempt did land: one row either way).
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import t from 'tap'
import { runDatabase, startServer } from './lib/cluster.ts'
import { adminUrl } from '../../scripts/lib/scratch-db.ts'
import { figures, runLoad, type Sample } from './lib/load.ts'
import { loadSeconds, report, seconds, sleep } from './lib/report.ts'
import { seed, verifyAccepted } from './lib/seed.ts'

const run = promisify(execFile)
const host = new URL(adminUrl()).hostname
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
  t.plan(0, `PostgreSQL at ${host} is not this machine's: not restarting it`)
  process.exit(0)
}
const [version, cluster] = (await run('pg_lsclusters', ['--no-header'])).stdout.trim().split('\n')[0]!.split(/\s+/)

const databaseUrl = await runDatabase(t)
const server = await startServer(t, { databaseUrl })
const seeded = await seed(t, databaseUrl, { articles: 5, moderators: 5 })
const prefix = `rz2${randomBytes(3).toString('hex')}`

interface Probe {
  start: number
  ms: number
  status: number | null
}
const probes: Probe[] = []
const stop = new AbortController()
const probing = (async () => {
  while (!stop.signal.aborted) {
    const start = Date.now()
    const res = await fetch(`${server.base}/health/ready`, { signal: AbortSignal.timeout(10_000) }).catch(() => null)
    probes.push({ start, ms: Date.now() - start, status: res?.status ?? null })
    await res?.text()
    await sleep(20)
  }
})()
const loading = runLoad({
  servers: [server.base],
  clients: 50,
  seconds: 120,
  articles: seeded.articles,
  moderators: seeded.moderators,
  prefix,
  stop: stop.signal,
})

await sleep(loadSeconds(8) * 1000)
const downAt = Date.now()
await run('pg_ctlcluster', ['--skip-systemctl-redirect', version!, cluster!, 'restart'], { timeout: 60_000 })
const upAt = Date.now()
// recovered: ready again and a real read answered
let recoveredAt: number | null = null
while (Date.now() - upAt < 15_000) {
  const ready = await fetch(`${server.base}/health/ready`, { signal: AbortSignal.timeout(5_000) }).catch(() => null)
  const list = ready?.status === 200 ? await fetch(`${server.base}/v1/articles`, { signal: AbortSignal.timeout(5_000) }).catch(() => null) : null
  if (list?.status === 200) {
    recoveredAt = Date.now()
    break
  }
  await sleep(100)
}
if (server.child.exitCode !== null) t.comment(`the server exited (${server.child.exitCode}):\n${server.output().slice(-4_000)}`)
await sleep(loadSeconds(8) * 1000) // more load on the recovered server
stop.abort()
const [load] = await Promise.all([loading, probing])

// clients that got a 503 (or no answer) retry the very same comment
const retried: Record<string, number> = {}
for (const [marker, { slug }] of load.unsure) {
  const res = await fetch(`${server.base}/v1/articles/${slug}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    signal: AbortSignal.timeout(10_000),
    body: JSON.stringify({ authorName: 'Bạn đọc kiểm thử', content: `${marker} Ý kiến của bạn đọc số ${marker.split('-').at(-1)}.` }),
  }).catch((err: Error) => ({ status: `${err.name}: ${(err.cause as Error | undefined)?.message ?? err.message}`, json: async () => ({}) }))
  retried[res.status] = (retried[res.status] ?? 0) + 1
  const json = (await res.json()) as { id?: string }
  if (res.status === 202 && json.id) load.accepted.set(marker, json.id)
}
const check = await verifyAccepted(seeded.db, prefix, load.accepted)
const retriedRows = [...load.unsure.keys()].map((m) => check.byMarker.get(m)?.length ?? 0)

const during = (s: { start: number }) => s.start >= downAt && s.start <= upAt
const outage = load.samples.filter(during)
const afterRecovery = load.samples.filter((s) => recoveredAt !== null && s.start > recoveredAt)
const f = figures(load.samples)
const fo = figures(outage)
const outageProbes = probes.filter(during)
const maxOutageMs = Math.max(0, ...outage.filter((s: Sample) => s.status !== null).map((s) => s.end - s.start))
const recoveryMs = recoveredAt === null ? null : recoveredAt - upAt
const notReady = outageProbes.filter((p) => p.status !== 200)
const notReadyMs = notReady.length ? notReady.at(-1)!.start + notReady.at(-1)!.ms - notReady[0]!.start : 0

await report(t, 'db-restart', {
  ranAt: new Date(downAt).toISOString(),
  requests: f.requests,
  byStatus: f.byStatus,
  restartSeconds: seconds(upAt - downAt),
  duringRestart: { requests: fo.requests, byStatus: fo.byStatus, slowestMs: maxOutageMs },
  readinessDuringRestart: figures(outageProbes.map((p) => ({ ...p, kind: 'list' as const, server: '', end: p.start + p.ms }))).byStatus,
  notReadyForMs: notReadyMs,
  recoverySeconds: recoveryMs === null ? null : seconds(recoveryMs),
  fiveXXAfterRecovery: figures(afterRecovery).fiveXX,
  comments202: load.accepted.size,
  rowsFound: check.rows,
  missing: check.missing.length,
  duplicated: check.duplicated.length,
  retriedAfter503: load.unsure.size,
  retryAnswers: retried,
  samePid: server.child.exitCode === null ? server.pid : 'exited',
})

t.ok(outage.length > 0, `${outage.length} requests sent while PostgreSQL restarted`)
t.ok(
  outageProbes.some((p) => p.status === 503),
  '/health/ready said 503 during the restart',
)
t.same(
  outageProbes.filter((p) => p.status === null || p.ms > 5_000).map((p) => p.ms),
  [],
  'readiness never hung',
)
t.same(
  load.samples.filter((s) => s.status !== null && s.status >= 500 && s.status !== 503).map((s) => s.status),
  [],
  'no 5xx but 503',
)
t.same(f.bad5xx, [], 'every 503 is problem+json and leaks nothing')
t.same(
  load.samples.filter((s) => s.status === null).map((s) => s.error),
  [],
  'no request hung past its 10 s timeout or lost its connection',
)
t.ok(maxOutageMs < 8_000, `the slowest answer during the restart took ${maxOutageMs} ms`)
t.ok(recoveryMs !== null && recoveryMs <= 5_000, `served again ${recoveryMs} ms after PostgreSQL was back`)
t.equal(server.child.exitCode, null, 'by the same process')
t.equal(server.readyLines(), 1, 'which never restarted')
t.equal(figures(afterRecovery).fiveXX, 0, 'no 5xx once recovered')
t.same(check.missing, [], 'every 202 comment is in the database')
t.same(check.duplicated, [], 'none twice, retries included')
t.ok(
  retriedRows.every((n) => n === 1),
  'each retried comment is there exactly once',
)
t.same(
  Object.keys(retried).filter((s) => s !== '202' && s !== '409'),
  [],
  'a retry is answered 202, or 409 when the first attempt had landed',
)
