// A bounded in-process cache of public GET responses: LRU by bytes, entries older than the
// staleness bound are never served, and every entry carries tags so a change drops exactly the
// responses that showed it. Bodies are kept as UTF-8 bytes: the size counted is the memory used (a
// Vietnamese body as a JS string is UTF-16, nearly twice its UTF-8 length), and a hit is written to
// the socket as it is, without encoding the string again for every reader. Entries past the bound
// are dropped by `sweep` too (the plugin runs it on a timer), so an idle server does not hold the
// last burst's responses until the cache fills.

export interface CachedResponse {
  body: Buffer
  etag: string
  headers: Record<string, string>
  tags: readonly string[]
  storedAt: number
  bytes: number
}

/** Entries one sweep drops at most. */
const SWEEP_BUDGET = 2_000

export interface ResponseCacheOptions {
  maxBytes: number
  maxAgeMs: number
  now?: () => number
}

export function createResponseCache({ maxBytes, maxAgeMs, now = Date.now }: ResponseCacheOptions) {
  // a Map iterates in insertion order: re-inserting on a hit makes the first key the least recent
  const entries = new Map<string, CachedResponse>()
  // the same keys in the order they were stored, which hits do not change: the oldest come first
  const byAge = new Map<string, number>()
  const byTag = new Map<string, Set<string>>()
  let bytes = 0
  const stats = { hits: 0, misses: 0, evictions: 0, invalidations: 0, expired: 0 }

  function remove(key: string) {
    const e = entries.get(key)
    if (!e) return
    entries.delete(key)
    byAge.delete(key)
    bytes -= e.bytes
    for (const tag of e.tags) {
      const keys = byTag.get(tag)
      keys?.delete(key)
      if (keys?.size === 0) byTag.delete(tag)
    }
  }

  const stale = (storedAt: number, at: number) => at - storedAt > maxAgeMs

  return {
    get(key: string): CachedResponse | undefined {
      const e = entries.get(key)
      if (!e || stale(e.storedAt, now())) {
        if (e) remove(key)
        stats.misses++
        return undefined
      }
      entries.delete(key)
      entries.set(key, e)
      stats.hits++
      return e
    },

    set(key: string, value: Omit<CachedResponse, 'storedAt' | 'bytes' | 'body'> & { body: string | Buffer }): void {
      const size = Buffer.byteLength(value.body) + key.length + 256
      if (size > maxBytes / 4) return // one huge response must not flush everything else
      remove(key)
      const entry = { ...value, body: typeof value.body === 'string' ? Buffer.from(value.body) : value.body, storedAt: now(), bytes: size }
      entries.set(key, entry)
      byAge.set(key, entry.storedAt)
      bytes += size
      for (const tag of value.tags) {
        let keys = byTag.get(tag)
        if (!keys) byTag.set(tag, (keys = new Set()))
        keys.add(key)
      }
      while (bytes > maxBytes) {
        const oldest = entries.keys().next().value as string
        remove(oldest)
        stats.evictions++
      }
    },

    /** Drops every entry carrying any of `tags`; `*` drops everything. */
    invalidate(tags: readonly string[]): void {
      stats.invalidations++
      if (tags.includes('*')) {
        entries.clear()
        byAge.clear()
        byTag.clear()
        bytes = 0
        return
      }
      for (const tag of tags) for (const key of [...(byTag.get(tag) ?? [])]) remove(key)
    },

    /**
     * Drops entries too old to be served, oldest first, at most `budget` of them (a cache full of tiny
     * entries that all expire together is let go over several sweeps, not in one long pause); returns
     * how many. It reads only the entries it drops and the one after them.
     */
    sweep(budget = SWEEP_BUDGET): number {
      const at = now()
      let dropped = 0
      for (const [key, storedAt] of byAge) {
        if (dropped >= budget || !stale(storedAt, at)) break
        remove(key)
        dropped++
      }
      stats.expired += dropped
      return dropped
    },

    get size() {
      return entries.size
    },
    get bytes() {
      return bytes
    },
    stats,
  }
}

export type ResponseCache = ReturnType<typeof createResponseCache>
