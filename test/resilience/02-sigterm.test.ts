// Case 3 of the issue — SIGTERM under load: 50 clients, then SIGTERM. A request in flight (a
// comment whose body is still arriving) completes with 202; a new connection is refused; the
// process exits 0 within 10 s; every comment answered 202 is in the database.
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import net from 'node:net'
import t from 'tap'
import { runDatabase, startServer } from './lib/cluster.ts'
import { figures, runLoad } from './lib/load.ts'
import { report, seconds, sleep } from './lib/report.ts'
import { seed, verifyAccepted } from './lib/seed.ts'

const databaseUrl = await runDatabase(t)
const server = await startServer(t, { databaseUrl })
const seeded = await seed(t, databaseUrl, { articles: 5, moderators: 5 })
const prefix = `rz3${randomBytes(3).toString('hex')}`
const slug = seeded.articles[0]!.slug

/** A comment whose body arrives in two halves; `finish()` sends the rest, `done` is the answer. */
function slowComment(marker: string) {
  const body = JSON.stringify({ authorName: 'Bạn đọc chậm', content: `${marker} gửi trong lúc máy chủ đang tắt.` })
  const bytes = Buffer.from(body)
  const half = Math.floor(bytes.length / 2)
  let finish = () => {}
  const done = new Promise<{ status: number | null; body: string; error?: string }>((resolve) => {
    const req = http.request(
      `${server.base}/v1/articles/${slug}/comments`,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': bytes.length },
      },
      (res) => {
        let text = ''
        res.on('data', (d) => {
          text += d
        })
        res.on('end', () => resolve({ status: res.statusCode ?? null, body: text }))
      },
    )
    req.on('error', (err) => resolve({ status: null, body: '', error: (err as NodeJS.ErrnoException).code ?? err.message }))
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')))
    req.write(bytes.subarray(0, half))
    finish = () => req.end(bytes.subarray(half))
  })
  return { done, finish: () => finish() }
}

/** Whether a fresh TCP connection is accepted (and answered) or refused. */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1')
    const guard = setTimeout(() => {
      s.destroy()
      resolve('timeout')
    }, 3_000)
    s.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(guard)
      resolve(err.code ?? 'error')
    })
    s.on('connect', () => {
      s.end('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
      let text = ''
      s.on('data', (d) => {
        text += d
      })
      s.on('close', () => {
        clearTimeout(guard)
        resolve(`answered ${text.split('\r\n')[0]}`)
      })
    })
  })
}

const stop = new AbortController()
const loading = runLoad({
  servers: [server.base],
  clients: 50,
  seconds: 60,
  articles: seeded.articles,
  moderators: seeded.moderators,
  prefix,
  stop: stop.signal,
})
await sleep(4_000)
const slow = slowComment(`${prefix}-slow`)
await sleep(1_000)
const sigtermAt = Date.now()
server.child.kill('SIGTERM')
await sleep(300)
const newConnection = await connectOutcome(server.port)
await sleep(500)
slow.finish()
const slowAnswer = await slow.done
const exit = await Promise.race([server.exited, sleep(15_000).then(() => null)])
stop.abort()
const load = await loading

const f = figures(load.samples)
const before = load.samples.filter((s) => s.start < sigtermAt)
const inFlight = before.filter((s) => s.end >= sigtermAt)
const after = load.samples.filter((s) => s.start >= sigtermAt)
const slowId = slowAnswer.status === 202 ? (JSON.parse(slowAnswer.body) as { id: string }).id : null
if (slowId) load.accepted.set(`${prefix}-slow`, slowId)
const check = await verifyAccepted(seeded.db, prefix, load.accepted)
const shutdownMs = exit ? exit.at - sigtermAt : null

await report(t, 'sigterm', {
  requests: f.requests,
  byStatus: f.byStatus,
  requestsBeforeSigterm: before.length,
  inFlightAtSigterm: inFlight.length,
  inFlightAnswered: inFlight.filter((s) => s.status !== null).length,
  afterSigterm: figures(after).byStatus,
  slowUpload: slowAnswer.status ?? slowAnswer.error,
  newConnection,
  exitCode: exit?.code ?? 'still running',
  shutdownSeconds: shutdownMs === null ? null : seconds(shutdownMs),
  comments202: load.accepted.size,
  rowsFound: check.rows,
  missing: check.missing.length,
  duplicated: check.duplicated.length,
})

t.ok(exit, 'the process exited')
t.equal(exit?.code, 0, 'with exit code 0')
t.ok(shutdownMs !== null && shutdownMs < 10_000, `within 10 s (${shutdownMs} ms)`)
t.equal(slowAnswer.status, 202, 'the request in flight at SIGTERM completed')
t.match(newConnection, /^ECONNREFUSED$/, 'a new connection after SIGTERM is refused')
t.ok(inFlight.length > 0, `${inFlight.length} load requests were in flight at SIGTERM`)
t.same(
  inFlight.filter((s) => s.status === null).map((s) => s.error),
  [],
  'each in-flight request was answered',
)
t.same(
  before.filter((s) => (s.status ?? 0) >= 500 || (s.status === null && s.end < sigtermAt)).map((s) => s.status ?? s.error),
  [],
  'nothing failed before SIGTERM',
)
t.same(
  after.filter((s) => s.status !== null && s.status >= 500 && s.status !== 503).map((s) => s.status),
  [],
  'after SIGTERM: only 503 (closing) or a refused connection',
)
t.same(f.bad5xx, [], 'every 503 is problem+json and leaks nothing')
t.same(check.missing, [], 'every 202 comment is in the database')
t.same(check.duplicated, [], 'none twice')
t.equal(check.rows, load.accepted.size, 'and no row without its 202: what was refused was not half done')
if (exit?.code !== 0) t.comment(server.output().slice(-3_000))
