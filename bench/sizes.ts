// --sizes 2000,100000,1000000: the scale targets of issue 18. R1 (list), R3 (search: a common
// word, a rare word, both, a name, the name with the common word), R4 (organization subtree) and
// R5 (deep page) against the cache-off server at each size — one server per dataset, all running,
// rounds interleaved across the sizes — with each p95 against the same scenario's p95 at the
// smallest size (target ≤ 2×), and R3b2, a control without a target (below).
import pg from 'pg'
import { databaseName, ensureDataset, server as adminServer } from './datasets.ts'
import { load, median, type LoadResult } from './load.ts'
import type { Target } from './report.ts'
import { scenarios, type Scenario } from './scenarios.ts'
import { SEARCHES } from './searches.ts'
import { startServer, stopServer, type Server } from './servers.ts'

const search = (q: string, limit = 20) => {
  const path = `/v1/articles?limit=${limit}&q=${encodeURIComponent(q)}`
  return () => ({ path })
}
/**
 * R3 split by how many articles match (searches.ts). The rare word's page grows with the archive (2
 * matches at 2,000 articles, a full page at a million); the name's stays the same, so its p95s
 * compare the search alone.
 */
export type SizeScenario = Omit<Scenario, 'baseline'> & { control?: boolean }
const R3_SCENARIOS: SizeScenario[] = SEARCHES.map((s) => ({ id: s.id, name: `search, ${s.name}`, next: search(s.q) }))
const R3 = SEARCHES.map((s) => s.id as string)
const RARE = SEARCHES.find((s) => s.id === 'R3b')!
/**
 * A control, without a target: R3b's search with a page of two at every size, as R3b's page is at
 * 2,000 articles. Its p95s grow with the matches read alone; R3b's against it, with the page's size.
 */
const CONTROLS: SizeScenario[] = [{ id: 'R3b2', name: `search, ${RARE.name}, two a page (a control)`, next: search(RARE.q, 2), control: true }]

export interface SizesResult {
  sizes: number[]
  loadSeconds: Record<number, number | null>
  results: Record<string, Record<number, LoadResult>>
  rows: Array<Record<string, string | number>>
  targets: Target[]
}

export async function runSizes(o: {
  sizes: number[]
  only: Set<string> | null
  rounds: number
  seconds: number
  serverEnv: (url: string, cache: boolean) => Record<string, string>
}): Promise<SizesResult> {
  // --only R3 means all five searches and the control
  const wanted = new Set([...(o.only ?? ['R1', 'R3', 'R4', 'R5'])].flatMap((id) => (id === 'R3' ? [...R3, ...CONTROLS.map((c) => c.id)] : [id])))
  const loadSeconds: Record<number, number | null> = {}
  const servers: Array<{ size: number; server: Server; list: SizeScenario[] }> = []
  try {
    for (const [i, size] of o.sizes.entries()) {
      const { url, data, loadSeconds: s } = await ensureDataset(size)
      loadSeconds[size] = s
      const server = await startServer(`cache off, ${size}`, 'src/server.ts', 4120 + i, o.serverEnv(url, false))
      const list = [...(await scenarios(server.url, server.url, data)), ...R3_SCENARIOS, ...CONTROLS].filter((x) => wanted.has(x.id))
      servers.push({ size, server, list })
    }
    const results: Record<string, Record<number, LoadResult>> = {}
    const ids = servers[0]?.list.map((x) => x.id) ?? []
    for (const id of ids) {
      const of = (x: (typeof servers)[number]) => x.list.find((s) => s.id === id)!
      console.error(`${id} ${of(servers[0]!).name} at ${o.sizes.join(', ')} articles`)
      const round = async (x: (typeof servers)[number], seconds: number) => {
        const result = await load({ url: x.server.url, seconds, next: of(x).next })
        await drained(x.size)
        return result
      }
      for (const x of servers) await round(x, 1)
      const runs: Record<number, LoadResult[]> = {}
      for (let r = 0; r < o.rounds; r++) for (const x of servers) (runs[x.size] ??= []).push(await round(x, o.seconds))
      results[id] = {}
      for (const [size, rs] of Object.entries(runs)) {
        results[id]![Number(size)] = {
          ...rs[0]!,
          rps: median(rs.map((x) => x.rps)),
          p50: median(rs.map((x) => x.p50)),
          p95: median(rs.map((x) => x.p95)),
          p99: median(rs.map((x) => x.p99)),
          non2xx: rs.reduce((n, x) => n + x.non2xx, 0),
          errors: rs.reduce((n, x) => n + x.errors, 0),
        }
      }
    }
    return { sizes: o.sizes, loadSeconds, results, ...report(o.sizes, servers[0]?.list ?? [], results) }
  } finally {
    for (const x of servers) await stopServer(x.server)
  }
}

/**
 * Waits until the dataset's database has no statement running: a slow scenario's requests still
 * queued in the server when its round ends would otherwise run on into the next size's round.
 */
async function drained(size: number): Promise<void> {
  const c = new pg.Client({ connectionString: adminServer })
  await c.connect()
  try {
    const started = Date.now()
    for (let quiet = 0; quiet < 3 && Date.now() - started < 120_000; ) {
      const { rows } = await c.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()",
        [databaseName(size)],
      )
      quiet = rows[0]!.n === 0 ? quiet + 1 : 0
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await c.end()
  }
}

export function report(sizes: number[], list: SizeScenario[], results: SizesResult['results']) {
  const rows: Array<Record<string, string | number>> = []
  const targets: Target[] = []
  const first = sizes[0]!
  for (const sc of list) {
    const base = results[sc.id]?.[first]
    for (const size of sizes) {
      const x = results[sc.id]?.[size]
      if (!x) continue
      const ratio = base?.responses && x.responses && size !== first ? x.p95 / base.p95 : NaN
      rows.push({
        scenario: `${sc.id} ${sc.name}`,
        articles: size.toLocaleString('en'),
        'req/s': x.rps,
        'p50 ms': x.p50,
        'p95 ms': x.p95,
        'p99 ms': x.p99,
        [`p95 vs ${first.toLocaleString('en')}`]: Number.isNaN(ratio) ? '' : `${ratio.toFixed(2)}×`,
        'non-2xx': x.non2xx + x.errors,
      })
      // a control has no target: its rows are read beside the scenario it controls
      const targeted = size !== first && base !== undefined && !sc.control
      if (targeted && !(base.responses && x.responses))
        targets.push({
          id: sc.id,
          what: `${sc.name}: p95 at ${size.toLocaleString('en')} (cache off)`,
          target: `≤ 2× p95 at ${first.toLocaleString('en')}`,
          measured: `no responses within the window at ${(base.responses ? size : first).toLocaleString('en')} articles: too slow or an overloaded machine`,
          met: null,
        })
      else if (targeted)
        targets.push({
          id: sc.id,
          what: `${sc.name}: p95 at ${size.toLocaleString('en')} (cache off)`,
          target: `≤ 2× p95 at ${first.toLocaleString('en')}`,
          measured: `${x.p95} ms vs ${base.p95} ms = ${ratio.toFixed(2)}×`,
          met: ratio <= 2,
        })
      if (x.non2xx + x.errors > 0)
        targets.push({
          id: 'ERR',
          what: `${sc.id} at ${size.toLocaleString('en')}: non-2xx/304`,
          target: '0',
          measured: String(x.non2xx + x.errors),
          met: false,
        })
    }
  }
  if (first === 2_000)
    for (const id of R3) {
      const x = results[id]?.[first]
      if (x) targets.push({ id, what: 'search req/s at 2,000 articles (cache off)', target: '≥ 500 req/s', measured: `${x.rps}`, met: x.rps >= 500 })
    }
  return { rows, targets }
}
