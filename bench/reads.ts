// The read scenarios' load loop: each scenario against every server that answers it, interleaved
// rounds after a warm-up, medians of the rounds, with each server's CPU time per request (from
// /proc, over the load window) and our servers' peak RSS.
import { load, median, type LoadResult } from './load.ts'
import type { Scenario } from './scenarios.ts'
import { withPeakRss, type Server } from './servers.ts'

/** A load result with the server process's CPU ms per response (median of the rounds). */
export type Measured = LoadResult & { cpuMsPerRequest: number }

export interface ReadServers {
  off: Server
  on: Server
  /** byte-identical baseline (bench/baseline.ts) */
  base: Server
  /** simpler hand-written baseline (bench/simple-baseline.ts) */
  simple: Server
  /** fixed-body ceilings: R1 serves the list's bytes, R2 the article's */
  ceilings: Record<string, Server>
}

export interface ScenarioResult {
  off?: Measured
  on?: Measured
  base?: Measured
  simple?: Measured
  ceiling?: Measured
  /** peak RSS of our two servers during this scenario */
  rss: number
  /** peak RSS of the cache-on server (the cache at its default) */
  rssCacheOn: number
}

const LABELS = {
  off: 'cache off',
  on: 'cache on',
  base: 'baseline',
  simple: 'simple baseline',
  ceiling: 'HTTP ceiling (fixed body)',
} as const

export async function runReads(
  list: Scenario[],
  servers: ReadServers,
  o: { rounds: number; seconds: number },
): Promise<{ measured: Record<string, ScenarioResult>; rows: Array<Record<string, string | number>>; correct: boolean }> {
  const measured: Record<string, ScenarioResult> = {}
  const rows: Array<Record<string, string | number>> = []
  let correct = true
  for (const sc of list) {
    console.error(`${sc.id} ${sc.name}`)
    const targets: Array<[keyof typeof LABELS, Server]> = [
      ['off', servers.off],
      ['on', servers.on],
    ]
    if (sc.baseline) targets.push(['base', servers.base], ['simple', servers.simple])
    const ceiling = servers.ceilings[sc.id]
    if (ceiling) targets.push(['ceiling', ceiling])
    for (const [, s] of targets) await load({ url: s.url, seconds: 1, next: sc.next }) // warm-up
    const runs: Partial<Record<keyof typeof LABELS, Measured[]>> = {}
    let rss = 0
    let rssCacheOn = 0
    for (let r = 0; r < o.rounds; r++) {
      for (const [key, s] of targets) {
        const { result, peakRssMb, cpuMs } = await withPeakRss(s.pid, () => load({ url: s.url, seconds: o.seconds, next: sc.next }))
        ;(runs[key] ??= []).push({ ...result, cpuMsPerRequest: result.responses ? cpuMs / result.responses : 0 })
        if (key === 'off' || key === 'on') rss = Math.max(rss, peakRssMb)
        if (key === 'on') rssCacheOn = Math.max(rssCacheOn, peakRssMb)
      }
    }
    const pick = (key: keyof typeof LABELS): Measured | undefined => {
      const rs = runs[key]
      if (!rs) return undefined
      return {
        ...rs[0]!,
        rps: median(rs.map((x) => x.rps)),
        p50: median(rs.map((x) => x.p50)),
        p95: median(rs.map((x) => x.p95)),
        p99: median(rs.map((x) => x.p99)),
        cpuMsPerRequest: Math.round(median(rs.map((x) => x.cpuMsPerRequest)) * 1000) / 1000,
        non2xx: rs.reduce((n, x) => n + x.non2xx, 0),
        errors: rs.reduce((n, x) => n + x.errors, 0),
      }
    }
    const m: ScenarioResult = { off: pick('off'), on: pick('on'), base: pick('base'), simple: pick('simple'), ceiling: pick('ceiling'), rss, rssCacheOn }
    measured[sc.id] = m
    for (const key of Object.keys(LABELS) as Array<keyof typeof LABELS>) {
      const x = m[key]
      if (!x) continue
      const vs = (b?: Measured) => (b ? `${(x.rps / b.rps).toFixed(2)}×` : '')
      rows.push({
        scenario: `${sc.id} ${sc.name}`,
        server: LABELS[key],
        'req/s': x.rps,
        'p50 ms': x.p50,
        'p95 ms': x.p95,
        'p99 ms': x.p99,
        'vs baseline': vs(m.base),
        'vs simple': vs(m.simple),
        'CPU ms/req': x.cpuMsPerRequest,
        'non-2xx': x.non2xx + x.errors,
        'RSS MB': key === 'off' || key === 'on' ? m.rss : '',
      })
      if (x.non2xx + x.errors > 0) correct = false
    }
  }
  return { measured, rows, correct }
}
