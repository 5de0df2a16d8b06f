// Issue 18's targets for the read path (beside issue 6's in scenarios.ts): uncached reads against
// the simpler hand-written baseline, cache hits against the HTTP ceiling in req/s and server CPU per
// request, our server's RSS idle and at its peak, and zero errors in every read scenario.
import type { ScenarioResult } from './reads.ts'
import type { Target } from './report.ts'

export interface RssSamples {
  /** after start, before any request */
  idleStart: { off: number; on: number }
  /** idle again after the read scenarios (the response cache filled): 60 s without a request */
  idleWarm: { off: number; on: number } | null
  /** 2 s and 20 s after the read scenarios, before V8 has shrunk the heap (shown, not a target) */
  justAfter?: { off: number; on: number } | null
  after20?: { off: number; on: number } | null
}

const fmt = (v: number, unit = '×') => (Number.isFinite(v) ? `${v.toFixed(2)}${unit}` : '?')

export function readTargets(m: Record<string, ScenarioResult>, rss: RssSamples): Target[] {
  const t: Target[] = []
  for (const id of ['R1', 'R2']) {
    const s = m[id]
    if (!s) {
      t.push({ id, what: 'cache off vs simple baseline, cache hits vs ceiling', target: 'issue 18', measured: 'not run (--only)', met: null })
      continue
    }
    if (s.off && s.simple) {
      const r = s.off.rps / s.simple.rps
      t.push({ id, what: 'cache off req/s', target: '≥ 1.0× simple baseline', measured: `${fmt(r)} (${s.off.rps} vs ${s.simple.rps})`, met: r >= 1 })
    }
    if (s.on && s.ceiling) {
      const r = s.on.rps / s.ceiling.rps
      t.push({
        id,
        what: 'cache on req/s',
        target: '≥ 50 % of the HTTP ceiling',
        measured: `${Math.round(r * 100)} % (${s.on.rps} vs ${s.ceiling.rps})`,
        met: r >= 0.5,
      })
      const c = s.on.cpuMsPerRequest / s.ceiling.cpuMsPerRequest
      t.push({
        id,
        what: 'cache on server CPU per request',
        target: '≤ 2× the HTTP ceiling',
        measured: `${fmt(c)} (${s.on.cpuMsPerRequest} vs ${s.ceiling.cpuMsPerRequest} ms)`,
        met: c <= 2,
      })
    }
  }
  const idle = Math.max(rss.idleStart.off, rss.idleStart.on, rss.idleWarm?.off ?? 0, rss.idleWarm?.on ?? 0)
  t.push({
    id: 'RSS',
    what: 'idle RSS, after start and after the reads',
    target: '≤ 150 MB',
    measured:
      `start ${rss.idleStart.off} / ${rss.idleStart.on} MB` +
      (rss.idleWarm ? `, idle 60 s after the reads ${rss.idleWarm.off} / ${rss.idleWarm.on} MB` : '') +
      ' (cache off / on)' +
      (rss.justAfter ? `; 2 s after the reads ${rss.justAfter.off} / ${rss.justAfter.on} MB` : '') +
      (rss.after20 ? `; 20 s after ${rss.after20.off} / ${rss.after20.on} MB` : ''),
    met: idle <= 150,
  })
  const peaks = Object.values(m).map((s) => s.rssCacheOn)
  if (peaks.length) {
    const peak = Math.max(...peaks)
    t.push({ id: 'RSS', what: 'peak RSS under the reads, response cache at its default', target: '≤ 256 MB', measured: `${peak} MB`, met: peak <= 256 })
  }
  for (const [id, s] of Object.entries(m)) {
    const errors = [s.off, s.on].reduce((n, r) => n + (r ? r.non2xx + r.errors : 0), 0)
    const statuses = [s.off, s.on].flatMap((r) => Object.entries(r?.statuses ?? {}).filter(([k]) => !k.startsWith('2') && k !== '304'))
    t.push({
      id: 'ERR',
      what: `${id} non-2xx/304 and socket errors (cache off and on)`,
      target: '0',
      measured: errors ? `${errors} (${statuses.map(([k, n]) => `${k}: ${n}`).join(', ') || 'socket errors'})` : '0',
      met: errors === 0,
    })
  }
  return t
}
