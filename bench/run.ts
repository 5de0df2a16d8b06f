// npm run bench [-- --articles N] [--quick] [--rounds R] [--seconds S] [--pgbouncer]
// Loads a deterministic dataset into its own database, starts the production server (cache off,
// cache on) and the bare baseline as separate processes, drives them with interleaved rounds,
// prints a markdown table with every target, and writes bench/results/<date>.json.
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { mkdir, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { applyMigrations } from '../src/db/migrations.ts'
import { adminUrl, dropDatabase, withDatabase } from '../scripts/lib/scratch-db.ts'
import { DEFAULT_DATASET, loadDataset, type Dataset } from './dataset.ts'
import { load, median, type LoadResult } from './load.ts'
import { startServer, stopServer, withPeakRss, type Server } from './servers.ts'
import { commentSubmissions, moderators, publishWithWebhook } from './writes.ts'
import { hotCommentLikes, w4ExactCount, w4Target } from './community.ts'
import { markdown, type Target } from './report.ts'
import { scenarios, targetsOf, type Scenario } from './scenarios.ts'
import { launchPgBouncer } from '../test/support/pgbouncer.ts'
import { runMedia } from './media.ts'

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string' },
    quick: { type: 'boolean' },
    rounds: { type: 'string' },
    seconds: { type: 'string' },
    only: { type: 'string' },
    pgbouncer: { type: 'boolean' },
  },
})
const quick = Boolean(args.quick)
const articles = Number(args.articles ?? (quick ? 2_000 : DEFAULT_DATASET.articles))
const rounds = Number(args.rounds ?? (quick ? 1 : 3))
const seconds = Number(args.seconds ?? (quick ? 3 : 5))
// --only R1,R2,W2: a subset, for profiling (the targets of skipped scenarios show as unmeasured)
const only = args.only ? new Set(args.only.split(',')) : null
const server = adminUrl()
const SECRET = 'bench-secret-bench-secret-bench-secret-0123'

const urlFor = (db: string) => withDatabase(server, db)

const bar = (what: string, done: number, total: number) => {
  const width = 30
  const filled = Math.round((done / total) * width)
  process.stderr.write(`\r  ${what.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`)
}

/** The dataset's database, loaded once and reused while the dataset definition is the same. */
async function ensureDataset(count: number): Promise<{ url: string; data: Dataset }> {
  const comments = Math.round((count / DEFAULT_DATASET.articles) * DEFAULT_DATASET.comments)
  // BENCH_DATABASE: a name of its own, when several checkouts bench on one PostgreSQL server
  const name = process.env.BENCH_DATABASE ?? `toasoan_bench_${count}`
  const stamp = JSON.stringify({ ...DEFAULT_DATASET, articles: count, comments, v: 3 })
  const admin = new pg.Client({ connectionString: server })
  await admin.connect()
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount
    if (exists) {
      const c = new pg.Client({ connectionString: urlFor(name) })
      await c.connect()
      const row = await c.query('SELECT stamp, data FROM _bench_dataset').catch(() => ({ rows: [] as Array<{ stamp: string; data: Dataset }> }))
      await c.end()
      if (row.rows[0]?.stamp === stamp) {
        console.error(`dataset: reusing ${name}`)
        return { url: urlFor(name), data: row.rows[0].data }
      }
      await dropDatabase(admin, name)
    }
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  console.error(`dataset: loading ${count} articles and ${comments} comments into ${name}`)
  const pool = new pg.Pool({ connectionString: urlFor(name), max: 1 })
  await applyMigrations(pool)
  const client = await pool.connect()
  const data = await loadDataset(client, { ...DEFAULT_DATASET, articles: count, comments }, bar)
  await client.query('CREATE TABLE _bench_dataset (stamp text, data jsonb)')
  await client.query('INSERT INTO _bench_dataset VALUES ($1, $2)', [stamp, JSON.stringify(data)])
  client.release()
  await pool.end()
  return { url: urlFor(name), data }
}

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

async function main(): Promise<number> {
  const started = Date.now()
  const { url, data } = await ensureDataset(articles)
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
    // write scenarios alone (--only W1,W3) need no read scenarios, nor the baseline's byte-for-byte check
    const reads = !only || [...only].some((id) => id.startsWith('R'))
    const list = reads ? (await scenarios(off.url, base.url, data)).filter((s) => !only || only.has(s.id)) : []
    // the ceiling serves one article's exact bytes without doing anything else
    const bodyFile = path.join(tmpdir(), `toasoan-ceiling-${process.pid}.json`)
    await writeFile(bodyFile, await (await fetch(`${off.url}/v1/articles/${data.slugs[0]}`)).text())
    const ceiling = await start('ceiling', 'bench/ceiling.ts', 4105, { CEILING_BODY_FILE: bodyFile })

    const rows: Array<Record<string, string | number>> = []
    const measured: Record<string, { off?: LoadResult; on?: LoadResult; base?: LoadResult; ceiling?: LoadResult; rss: number }> = {}
    let correct = true
    for (const sc of list) {
      console.error(`${sc.id} ${sc.name}`)
      const targets: Array<[string, Server]> = [
        ['off', off],
        ['on', on],
        ...(sc.baseline ? [['base', base] as [string, Server]] : []),
        ...(sc.id === 'R2' ? [['ceiling', ceiling] as [string, Server]] : []),
      ]
      for (const [, s] of targets) await load({ url: s.url, seconds: 1, next: sc.next }) // warm-up
      const runs: Record<string, LoadResult[]> = {}
      let rss = 0
      for (let r = 0; r < rounds; r++) {
        for (const [key, s] of targets) {
          const { result, peakRssMb } = await withPeakRss(s.pid, () => load({ url: s.url, seconds, next: sc.next }))
          ;(runs[key] ??= []).push(result)
          if (key === 'off' || key === 'on') rss = Math.max(rss, peakRssMb)
        }
      }
      const pick = (key: string): LoadResult | undefined => {
        const rs = runs[key]
        if (!rs) return undefined
        return {
          ...rs[0]!,
          rps: median(rs.map((x) => x.rps)),
          p50: median(rs.map((x) => x.p50)),
          p95: median(rs.map((x) => x.p95)),
          p99: median(rs.map((x) => x.p99)),
          non2xx: rs.reduce((n, x) => n + x.non2xx, 0),
          errors: rs.reduce((n, x) => n + x.errors, 0),
        }
      }
      measured[sc.id] = { off: pick('off'), on: pick('on'), base: pick('base'), ceiling: pick('ceiling'), rss }
      const m = measured[sc.id]!
      for (const [key, label] of [
        ['off', 'cache off'],
        ['on', 'cache on'],
        ['base', 'baseline'],
        ['ceiling', 'HTTP ceiling (fixed body)'],
      ] as const) {
        const x = m[key]
        if (!x) continue
        const ratio = m.base ? `${(x.rps / m.base.rps).toFixed(2)}×` : ''
        rows.push({
          scenario: `${sc.id} ${sc.name}`,
          server: label,
          'req/s': x.rps,
          'p50 ms': x.p50,
          'p95 ms': x.p95,
          'p99 ms': x.p99,
          'vs baseline': ratio,
          'non-2xx': x.non2xx + x.errors,
          'RSS MB': key === 'off' || key === 'on' ? m.rss : '',
        })
        if (x.non2xx + x.errors > 0) correct = false
      }
    }

    if (args.pgbouncer)
      rows.push(
        ...(await throughPgBouncer(
          url,
          list.filter((sc) => sc.id === 'R1' || sc.id === 'R2'),
          measured,
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
    let ceilings = 0
    const media = await runMedia({
      url: off.url,
      pid: off.pid,
      client,
      secret: SECRET,
      seconds,
      quick,
      only,
      ceiling: async (body, contentType) => {
        const file = path.join(tmpdir(), `toasoan-ceiling-media-${process.pid}-${ceilings}`)
        await writeFile(file, body)
        return start('ceiling (media)', 'bench/ceiling.ts', 4110 + ceilings++, { CEILING_BODY_FILE: file, CEILING_CONTENT_TYPE: contentType })
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
      w4Target(w4),
      ...media.targets,
    ]
    const date = new Date().toISOString().slice(0, 10)
    const machine =
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on ` + `127.0.0.1`
    const md = markdown({ date, machine, articles, rounds, seconds }, rows, targets)
    console.log(md)
    await mkdir('bench/results', { recursive: true })
    const file = `bench/results/${date}${quick ? '-quick' : ''}${only ? `-only-${[...only].join('-')}` : ''}-${articles}.json`
    const minutes = (Date.now() - started) / 60_000
    await writeFile(
      file,
      `${JSON.stringify({ date, machine, articles, rounds, seconds, rows, targets, w1: w1.result, w2: w2.result, w3, w4, correct, minutes }, null, 2)}\n`,
    )
    console.error(`wrote ${file} after ${Math.round((Date.now() - started) / 1000)} s; correctness ${correct ? 'ok' : 'FAILED'}`)
    return correct ? 0 : 1
  } finally {
    for (const s of servers) await stopServer(s)
  }
}

/**
 * --pgbouncer: R1 and R2, cache off, through Debian's PgBouncer in transaction mode (prepared
 * statements off), and directly with prepared statements off (to tell the two costs apart); the
 * ratio is against the direct, prepared cache-off run above.
 */
async function throughPgBouncer(url: string, list: Scenario[], measured: Record<string, { off?: LoadResult }>) {
  const u = new URL(url)
  const bouncer = await launchPgBouncer({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) }, 10)
  const unnamed = { ...serverEnv(url, false), DB_PREPARED_STATEMENTS: 'off' }
  const started: Server[] = []
  const rows: Array<Record<string, string | number>> = []
  try {
    started.push(await startServer('direct, unprepared', 'src/server.ts', 4106, unnamed))
    started.push(
      await startServer('pgbouncer', 'src/server.ts', 4107, { ...unnamed, DATABASE_URL: bouncer.url(u.pathname.slice(1)), DATABASE_DIRECT_URL: url }),
    )
    for (const sc of list) {
      console.error(`${sc.id} through PgBouncer`)
      const runs = new Map<Server, number[]>(started.map((s) => [s, []]))
      for (const s of started) await load({ url: s.url, seconds: 1, next: sc.next })
      for (let r = 0; r < rounds; r++) for (const s of started) runs.get(s)!.push((await load({ url: s.url, seconds, next: sc.next })).rps)
      const direct = measured[sc.id]?.off?.rps
      for (const s of started) {
        const rps = median(runs.get(s)!)
        rows.push({
          scenario: `${sc.id} ${sc.name}`,
          server: `cache off, ${s.name}`,
          'req/s': rps,
          'p50 ms': '',
          'p95 ms': '',
          'p99 ms': '',
          'vs baseline': direct ? `${(rps / direct).toFixed(2)}× direct` : '',
          'non-2xx': '',
          'RSS MB': '',
        })
      }
    }
    return rows
  } finally {
    for (const s of started) await stopServer(s)
    await bouncer.stop()
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
