// Bounded load from plain fetch: `clients` loops, each until the deadline, a request cap or a stop
// signal, mixing public reads, comment submissions (each with a unique marker) and moderators
// claiming and deciding. Every request is recorded; so is every comment's fate.
import type { Staff } from './seed.ts'

export type Kind = 'list' | 'detail' | 'search' | 'comments' | 'submit' | 'claim' | 'decide'

export interface Sample {
  kind: Kind
  server: string
  start: number
  end: number
  status: number | null
  /** TimeoutError, ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET ... when no response came */
  error?: string
  /** a 5xx that is not problem+json, or whose body gives internals away */
  bad5xx?: string
}

export interface LoadOptions {
  servers: string[]
  clients: number
  seconds: number
  articles: Array<{ slug: string }>
  moderators: Staff[]
  /** comment contents start with `${prefix}-${n}` */
  prefix: string
  timeoutMs?: number
  maxRequests?: number
  stop?: AbortSignal
}

export interface LoadResult {
  samples: Sample[]
  /** marker → comment id, for every 202 */
  accepted: Map<string, string>
  /** marker → article slug, for submissions that got a 503, another 5xx or no answer */
  unsure: Map<string, { slug: string; why: string }>
  /** comment id → moderators who were handed it by a claim */
  claimedBy: Map<string, Set<string>>
  startedAt: number
  endedAt: number
}

const LEAK = /prisma|ECONN|postgres|pg_|\bSELECT\b|\bat [\w.<>]+ \(|node_modules|\.ts:\d+/i
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const maxRequests = opts.maxRequests ?? 250_000
  const startedAt = Date.now()
  const deadline = startedAt + opts.seconds * 1000
  const result: LoadResult = { samples: [], accepted: new Map(), unsure: new Map(), claimedBy: new Map(), startedAt, endedAt: 0 }
  let sequence = 0
  const going = () => Date.now() < deadline && result.samples.length < maxRequests && !opts.stop?.aborted

  async function call(kind: Kind, server: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
    const sample: Sample = { kind, server, start: Date.now(), end: 0, status: null }
    let json: unknown
    try {
      const res = await fetch(`${server}${path}`, {
        method: init.method ?? 'GET',
        headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      })
      sample.status = res.status
      const text = await res.text()
      if (res.status >= 500) {
        const type = res.headers.get('content-type') ?? ''
        if (!type.startsWith('application/problem+json')) sample.bad5xx = `content-type ${type}`
        else if (LEAK.test(text)) sample.bad5xx = `leaks: ${text.slice(0, 200)}`
      }
      try {
        json = JSON.parse(text)
      } catch {}
    } catch (err) {
      const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } }
      sample.error = e.name === 'TimeoutError' ? 'TimeoutError' : (e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? 'error')
    }
    sample.end = Date.now()
    result.samples.push(sample)
    return { sample, json: json as Record<string, unknown> | undefined }
  }

  async function submit(server: string) {
    const marker = `${opts.prefix}-${++sequence}`
    const { slug } = pick(opts.articles)
    const { sample, json } = await call('submit', server, `/v1/articles/${slug}/comments`, {
      method: 'POST',
      body: { authorName: 'Bạn đọc kiểm thử', content: `${marker} Ý kiến của bạn đọc số ${sequence}.` },
    })
    if (sample.status === 202 && typeof json?.id === 'string') result.accepted.set(marker, json.id)
    else if (sample.status === null || sample.status >= 500) result.unsure.set(marker, { slug, why: sample.error ?? String(sample.status) })
  }

  async function moderate(server: string, moderator: Staff) {
    const { json } = await call('claim', server, '/v1/moderation/claims', { method: 'POST', headers: moderator.headers, body: { limit: 3 } })
    const claimed = Array.isArray(json?.data) ? (json.data as Array<{ id: string }>) : []
    if (!claimed.length) await new Promise((r) => setTimeout(r, 100)) // an empty queue: no busy loop
    for (const c of claimed) {
      const holders = result.claimedBy.get(c.id) ?? new Set<string>()
      holders.add(moderator.id)
      result.claimedBy.set(c.id, holders)
      if (!going()) break
      await call('decide', server, `/v1/moderation/comments/${c.id}/decision`, {
        method: 'POST',
        headers: moderator.headers,
        body: { action: pick(['approve', 'approve', 'reject', 'spam'] as const), expectedStatus: 'pending' },
      })
    }
  }

  // the first clients are the moderators, one client per moderator (two tabs of one moderator
  // share a lease by design); the others are readers
  async function client(i: number) {
    const server = opts.servers[i % opts.servers.length]!
    const moderator = opts.moderators[i]
    while (going()) {
      const r = Math.random()
      const { slug } = pick(opts.articles)
      if (moderator) await (r < 0.8 ? moderate(server, moderator) : call('list', server, '/v1/articles'))
      else if (r < 0.3) await call('list', server, `/v1/articles?limit=${pick([5, 10, 20])}${Math.random() < 0.3 ? '&page=2' : ''}`)
      else if (r < 0.45) await call('detail', server, `/v1/articles/${slug}`)
      else if (r < 0.55) await call('search', server, `/v1/articles?q=${encodeURIComponent(pick(['bài viết', 'kiem thu', 'sức chịu tải 3']))}`)
      else if (r < 0.65) await call('comments', server, `/v1/articles/${slug}/comments`)
      else await submit(server)
    }
  }

  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)))
  result.endedAt = Date.now()
  return result
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** The figures a case prints: counts by status and error, latency percentiles, 5xx and their shape. */
export function figures(samples: Sample[]) {
  const byStatus: Record<string, number> = {}
  for (const s of samples) {
    const key = s.status === null ? s.error! : String(s.status)
    byStatus[key] = (byStatus[key] ?? 0) + 1
  }
  const ms = samples
    .filter((s) => s.status !== null)
    .map((s) => s.end - s.start)
    .sort((a, b) => a - b)
  const byKind: Record<string, Record<string, number>> = {}
  const kindMs: Record<string, number[]> = {}
  for (const s of samples) {
    const k = (byKind[s.kind] ??= {})
    const key = s.status === null ? s.error! : String(s.status)
    k[key] = (k[key] ?? 0) + 1
    if (s.status !== null) (kindMs[s.kind] ??= []).push(s.end - s.start)
  }
  const p95ByKind = Object.fromEntries(
    Object.entries(kindMs).map(([k, v]) => [
      k,
      percentile(
        v.sort((a, b) => a - b),
        95,
      ),
    ]),
  )
  return {
    requests: samples.length,
    byStatus,
    byKind,
    p95ByKind,
    fiveXX: samples.filter((s) => (s.status ?? 0) >= 500).length,
    bad5xx: samples.filter((s) => s.bad5xx).map((s) => s.bad5xx!),
    noResponse: samples.filter((s) => s.status === null).length,
    latencyMs: { p50: percentile(ms, 50), p95: percentile(ms, 95), p99: percentile(ms, 99), max: ms.at(-1) ?? 0 },
  }
}

/** Claimed comments handed to more than one moderator. */
export function doubleClaims(claimedBy: Map<string, Set<string>>): string[] {
  return [...claimedBy].filter(([, who]) => who.size > 1).map(([id]) => id)
}
