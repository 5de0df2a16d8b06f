// One load run with autocannon: 50 connections for a fixed time, every response's latency kept
// so the percentiles (p50, p95, p99) are exact rather than read off a coarse histogram.
import autocannon from 'autocannon'

export interface LoadResult {
  rps: number
  p50: number
  p95: number
  p99: number
  responses: number
  non2xx: number
  errors: number
  statuses: Record<string, number>
}

export interface LoadOptions {
  url: string
  seconds: number
  connections?: number
  /** a new path (and body) per request; default: always `path` */
  next?: () => { path: string; method?: string; body?: string; headers?: Record<string, string> }
  path?: string
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0)

export async function load(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const next = opts.next
  const instance = autocannon({
    url: opts.url,
    connections: opts.connections ?? 50,
    duration: opts.seconds,
    ...(next
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                const r = next()
                return { ...req, ...r, headers: { 'content-type': 'application/json', ...r.headers } }
              },
            },
          ],
        }
      : { requests: [{ path: opts.path ?? '/' }] }),
  } as autocannon.Options) as unknown as Promise<autocannon.Result> & { on(event: 'response', fn: (...args: never[]) => void): void }
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
    latencies.push(ms)
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
  })
  const result = await instance
  latencies.sort((a, b) => a - b)
  const ok = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2') || s === '304')
    .reduce((n, [, c]) => n + c, 0)
  return {
    rps: Math.round(latencies.length / opts.seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    responses: latencies.length,
    non2xx: latencies.length - ok,
    errors: result.errors + result.timeouts,
    statuses,
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : 0
}
