// Case 1 — load: 50 clients for 60 s (RESILIENCE_SECONDS shortens it) on one server process mixing
// public reads, comment submissions and moderators claiming and deciding. Every comment answered
// 202 is in the database exactly once; no response >= 500; no request left unanswered.
import { randomBytes } from 'node:crypto'
import t from 'tap'
import { runDatabase, startServer } from './lib/cluster.ts'
import { doubleClaims, figures, runLoad } from './lib/load.ts'
import { loadSeconds, report } from './lib/report.ts'
import { seed, verifyAccepted } from './lib/seed.ts'

const databaseUrl = await runDatabase(t)
const server = await startServer(t, { databaseUrl })
const seeded = await seed(t, databaseUrl, { articles: 5, moderators: 5 })
const prefix = `rz1${randomBytes(3).toString('hex')}`
const duration = loadSeconds(60)

const load = await runLoad({ servers: [server.base], clients: 50, seconds: duration, articles: seeded.articles, moderators: seeded.moderators, prefix })
const f = figures(load.samples)
const check = await verifyAccepted(seeded.db, prefix, load.accepted)
const decisions = load.samples.filter((s) => s.kind === 'decide')
const decided = decisions.filter((s) => s.status === 200).length

await report(t, 'load', {
  clients: 50,
  seconds: duration,
  requests: f.requests,
  requestsPerSecond: Math.round(f.requests / duration),
  byStatus: f.byStatus,
  byKind: f.byKind,
  p95msByKind: f.p95ByKind,
  latencyMs: f.latencyMs,
  comments202: load.accepted.size,
  rowsFound: check.rows,
  missing: check.missing.length,
  duplicated: check.duplicated.length,
  decisions200: decided,
  fiveXX: f.fiveXX,
  noResponse: f.noResponse,
})

t.ok(f.requests > 50 * duration, `${f.requests} requests`)
t.ok(load.accepted.size > 0, `${load.accepted.size} comments accepted`)
t.ok(decided > 0, `${decided} moderation decisions`)
t.equal(decided, decisions.length, 'every claimed comment decided by its holder without a conflict')
t.equal(f.fiveXX, 0, 'no response >= 500')
t.equal(f.noResponse, 0, 'every request answered within its timeout')
t.same(check.missing, [], 'every 202 comment is in the database')
t.same(check.duplicated, [], 'none is there twice')
t.same(check.wrongId, [], 'each under the id the client was given')
t.equal(check.rows, load.accepted.size, 'and no row without a 202')
t.same(doubleClaims(load.claimedBy), [], 'no comment was handed to two moderators')
t.equal(server.readyLines(), 1, 'the server never restarted')
if (f.fiveXX || f.noResponse) t.comment(server.output().slice(-3_000))
