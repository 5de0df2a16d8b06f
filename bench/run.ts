// npm run bench [-- --articles N] [--quick] [--rounds R] [--seconds S] [--pgbouncer]
// Loads a deterministic dataset into its own database, starts the production server (cache off,
// cache on) and the bare baseline as separate processes, drives them with interleaved rounds,
// prints a markdown table with every target, and writes bench/results/<date>.json.
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { mkdir, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { DEFAULT_DATASET } from './dataset.ts'
import { ensureDataset } from './datasets.ts'
import { load, median } from './load.ts'
import { rssMb, startServer, stopServer, withPeakRss, type Server } from './servers.ts'
import { commentSubmissions, moderators, publishWithWebhook } from './writes.ts'
import { hotCommentLikes, w4ExactCount, w4Target } from './community.ts'
import { markdown, resultFile, type Target } from './report.ts'
import { runSizes } from './sizes.ts'
import { scenarios, targetsOf } from './scenarios.ts'
import { runMedia } from './media.ts'
import { throughPgBouncer } from './pgbouncer-run.ts'
import { runReads } from './reads.ts'
import { readTargets } from './read-targets.ts'

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string' },
    quick: { type: 'boolean' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    pgbouncer: { type: 'boolean' },
    sizes: { type: 'string' },
  },
})
const quick = Boolean(args.quick)
const articles = Number(args.articles ?? (quick ? 2_000 : DEFAULT_DATASET.articles))
const rounds = Number(args.rounds ?? (quick ? 1 : 3))
const seconds = Number(args.seconds ?? (quick ? 3 : 5))
// --only R1,R2,W2: a subset, for profiling (the targets of skipped scenarios show as unmeasured)
const only = args.only ? new Set(args.only.split(',')) : null
const SECRET = 'bench-secret-bench-secret-bench-secret-0123'

const serverEnv = (url: string, cache: boolean) => ({
  DATABASE_URL: url,
  JWT_SECRET: SECRET,
  LOG_LEVEL: 'warn',
  CAPTCHA: 'off',
  RATE_LIMIT_COMMENTS: '1000000',
  RESPONSE_CACHE: cache ? 'on' : 'off',
  DB_POOL_SIZE: '10',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  // W4's readers arrive with their own X-Forwarded-For
  TRUST_PROXY: '1',
})

const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on 127.0.0.1`

/** --sizes: the scale targets only (bench/sizes.ts). */
async function sizesMode(sizes: number[]): Promise<number> {
  const started = Date.now()
  const r = await runSizes({ sizes, only, rounds, seconds, serverEnv })
  const date = new Date().toISOString().slice(0, 10)
  const loads = Object.entries(r.loadSeconds).filter(([, s]) => s !== null)
  console.log(markdown({ date, machine: machine(), articles: sizes.map((n) => n.toLocaleString('en')).join(' / '), rounds, seconds }, r.rows, r.targets))
  if (loads.length) console.log(`\nLoaded this run: ${loads.map(([n, s]) => `${Number(n).toLocaleString('en')} articles in ${s} s`).join(', ')}.`)
  await mkdir('bench/results', { recursive: true })
  const file = resultFile(`${date}-sizes-${sizes.join('-')}${only ? `-only-${[...only].join('-')}` : ''}`)
  const minutes = (Date.now() - started) / 60_000
  await writeFile(file, `${JSON.stringify({ date, machine: machine(), rounds, seconds, ...r, minutes }, null, 2)}\n`)
  console.error(`wrote ${file} after ${Math.round(minutes * 60)} s`)
  return r.rows.some((x) => Number(x['non-2xx']) > 0) ? 1 : 0
}

async function main(): Promise<number> {
  if (args.sizes) return sizesMode(args.sizes.split(',').map(Number))
  const started = Date.now()
  const { url, data, loadSeconds } = await ensureDataset(articles)
  const servers: Server[] = []
  const start = async (name: string, script: string, port: number, env: Record<string, string>) => {
    const s = await startServer(name, script, port, env)
    servers.push(s)
    return s
  }
  try {
    const off = await start('cache off', 'src/server.ts', 4101, serverEnv(url, false))
    const on = await start('cache on', 'src/server.ts', 4102, serverEnv(url, true))
    const base = await start('baseline', 'bench/baseline.ts', 4103, { DATABASE_URL: url, DB_POOL_SIZE: '10' })
    const simple = await start('simple baseline', 'bench/simple-baseline.ts', 4108, { DATABASE_URL: url, DB_POOL_SIZE: '10' })
    // idle RSS of our servers right after start (the readiness probe their only request)
    const idleStart = { off: await rssMb(off.pid), on: await rssMb(on.pid) }
    // write scenarios alone (--only W1,W3) need no read scenarios, nor the baseline's byte-for-byte check
    const reads = !only || [...only].some((id) => id.startsWith('R'))
    const list = reads ? (await scenarios(off.url, base.url, data)).filter((s) => !only || only.has(s.id)) : []
    // the ceilings serve the exact bytes of our list page (R1) and of an article (R2) without doing anything else
    const ceilings: Record<string, Server> = {}
    for (const [id, p, port] of [
      ['R1', '/v1/articles?limit=20', 4109],
      ['R2', `/v1/articles/${data.slugs[0]}`, 4105],
    ] as const) {
      const bodyFile = path.join(tmpdir(), `toasoan-ceiling-${process.pid}-${id}.json`)
      await writeFile(bodyFile, await (await fetch(`${off.url}${p}`)).text())
      ceilings[id] = await start(`ceiling ${id}`, 'bench/ceiling.ts', port, { CEILING_BODY_FILE: bodyFile })
    }

    const { measured, rows, correct: readsCorrect } = await runReads(list, { off, on, base, simple, ceilings }, { rounds, seconds })
    let correct = readsCorrect
    // idle means no traffic for a while: V8's memory reducer gives the heap back once the allocation
    // rate has stayed low, 15–40 s after a burst (docs/performance.md, "Process memory"); the 2 s
    // and 20 s readings are shown beside the idle one
    const rssOf = async () => (list.length ? { off: await rssMb(off.pid), on: await rssMb(on.pid) } : null)
    // a run without read scenarios (--only W1, say) has no idle to wait for
    const pause = (ms: number) => (list.length ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve())
    await pause(2000)
    const justAfter = await rssOf()
    await pause(18_000)
    const after20 = await rssOf()
    await pause(40_000)
    const idleWarm = await rssOf()

    if (args.pgbouncer)
      rows.push(
        ...(await throughPgBouncer(
          url,
          list.filter((sc) => sc.id === 'R1' || sc.id === 'R2'),
          measured,
          serverEnv,
          rounds,
          seconds,
        )),
      )

    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const skipped = {
      result: { rps: 0, p50: 0, p95: 0, p99: 0, responses: 0, non2xx: 0, errors: 0, statuses: {}, accepted: 0, committed: 0, lost: 0, acceptedPerSecond: 0 },
      peakRssMb: 0,
    }
    console.error('W1 comment submissions')
    const w1 =
      only && !only.has('W1')
        ? skipped
        : await withPeakRss(off.pid, () =>
            commentSubmissions(off.url, client, data.commentedSlugs.length ? data.commentedSlugs : data.slugs.slice(0, 50), seconds * 2),
          )
    rows.push({
      scenario: 'W1 comment submissions',
      server: 'cache off',
      'req/s': w1.result.acceptedPerSecond,
      'p50 ms': w1.result.p50,
      'p95 ms': w1.result.p95,
      'p99 ms': w1.result.p99,
      'vs baseline': '',
      'non-2xx': w1.result.non2xx + w1.result.errors,
      'RSS MB': w1.peakRssMb,
    })
    console.error('W2 six moderators')
    const w2 =
      only && !only.has('W2')
        ? { result: { decisions: 0, decisionsPerSecond: 0, errors: 0, doubleDecisions: 0, conflicts: 0 }, peakRssMb: 0 }
        : await withPeakRss(off.pid, () => moderators(off.url, client, SECRET, seconds * 2))
    rows.push({
      scenario: 'W2 moderators deciding',
      server: 'cache off',
      'req/s': w2.result.decisionsPerSecond,
      'p50 ms': '',
      'p95 ms': '',
      'p99 ms': '',
      'vs baseline': '',
      'non-2xx': w2.result.errors,
      'RSS MB': w2.peakRssMb,
    })
    console.error('W3 1,000 publications with a webhook')
    const w3 = only && !only.has('W3') ? null : await publishWithWebhook(off.url, client, SECRET, 1000)
    if (w3) {
      rows.push({
        scenario: 'W3 publish (4 editors)',
        server: 'cache off',
        'req/s': w3.publishPerSecond,
        'p50 ms': '',
        'p95 ms': w3.publishP95,
        'p99 ms': '',
        'vs baseline': '',
        'non-2xx': w3.publishErrors,
        'RSS MB': '',
      })
      rows.push({
        scenario: 'W3 delivery after commit',
        server: 'cache off',
        'req/s': '',
        'p50 ms': w3.p50,
        'p95 ms': w3.p95,
        'p99 ms': '',
        'vs baseline': '',
        'non-2xx': '',
        'RSS MB': '',
      })
      if (w3.lost > 0 || w3.duplicates > 0 || w3.publishErrors > 0) correct = false
    }
    console.error('W4 likes on one hot comment')
    const w4 = only && !only.has('W4') ? null : await hotCommentLikes(off.url, client, seconds * 2)
    if (w4) {
      const row = { 'req/s': w4.likesPerSecond, 'p50 ms': w4.p50, 'p95 ms': w4.p95, 'p99 ms': w4.p99, 'non-2xx': w4.non2xx + w4.errors }
      rows.push({ scenario: 'W4 likes, one hot comment', server: 'cache off', ...row, 'vs baseline': '', 'RSS MB': '' })
      if (!w4ExactCount(w4)) correct = false
    }
    // M1 uploads, M2 /media files (bench/media.ts)
    let mediaCeilings = 0
    const media = await runMedia({
      url: off.url,
      pid: off.pid,
      client,
      secret: SECRET,
      seconds,
      quick,
      only,
      ceiling: async (body, contentType) => {
        const file = path.join(tmpdir(), `toasoan-ceiling-media-${process.pid}-${mediaCeilings}`)
        await writeFile(file, body)
        return start('ceiling (media)', 'bench/ceiling.ts', 4110 + mediaCeilings++, { CEILING_BODY_FILE: file, CEILING_CONTENT_TYPE: contentType })
      },
    })
    rows.push(...media.rows)
    if (media.rows.some((r) => Number(r['non-2xx']) > 0)) correct = false
    await client.end()
    if (w1.result.lost > 0 || w1.result.errors > 0 || w2.result.doubleDecisions > 0 || w2.result.errors > 0) correct = false

    const r3small = articles >= 50_000 ? await smallSearchP95() : null
    const targets: Target[] = [
      ...targetsOf(measured, {
        w1: w1.result,
        w2: w2.result,
        w3,
        peakRss: Math.max(...Object.values(measured).map((m) => m.rss), w1.peakRssMb, w2.peakRssMb),
        r3small,
      }),
      ...readTargets(measured, { idleStart, idleWarm, justAfter, after20 }),
      w4Target(w4),
      ...media.targets,
    ]
    const date = new Date().toISOString().slice(0, 10)
    console.log(markdown({ date, machine: machine(), articles, rounds, seconds }, rows, targets))
    if (loadSeconds !== null) console.log(`\nThe dataset was loaded by this run in ${loadSeconds} s (COPY, index builds, VACUUM (ANALYZE)).`)
    await mkdir('bench/results', { recursive: true })
    const file = resultFile(`${date}${quick ? '-quick' : ''}${only ? `-only-${[...only].join('-')}` : ''}-${articles}`)
    const minutes = (Date.now() - started) / 60_000
    const writes = { w1: w1.result, w2: w2.result, w3, w4 }
    await writeFile(
      file,
      `${JSON.stringify({ date, machine: machine(), articles, loadSeconds, rounds, seconds, rows, targets, ...writes, correct, minutes }, null, 2)}\n`,
    )
    console.error(`wrote ${file} after ${Math.round((Date.now() - started) / 1000)} s; correctness ${correct ? 'ok' : 'FAILED'}`)
    return correct ? 0 : 1
  } finally {
    for (const s of servers) await stopServer(s)
  }
}

/** R3's p95 on the 2,000-article dataset, for the scale target (p95 at 100k ≤ 2× p95 at 2k). */
async function smallSearchP95(): Promise<number> {
  const { url, data } = await ensureDataset(2_000)
  const s = await startServer('search 2k', 'src/server.ts', 4104, serverEnv(url, false))
  try {
    const r3 = (await scenarios(s.url, s.url, data)).find((x) => x.id === 'R3')!
    await load({ url: s.url, seconds: 1, next: r3.next })
    const runs = []
    for (let r = 0; r < rounds; r++) runs.push((await load({ url: s.url, seconds, next: r3.next })).p95)
    return median(runs)
  } finally {
    await stopServer(s)
  }
}

process.exit(
  await main().catch((err) => {
    console.error(err)
    return 1
  }),
)
