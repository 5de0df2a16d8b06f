// Stored files are content-addressed, so the bytes behind a key never change: small ones (every
// rendition of a news photo) are kept in memory, and a popular image costs no stat, open and read
// per request. Bounded by bytes, least recently used first out; a file deleted here is evicted at
// once, and an entry lives at most `ttlMs`, which bounds what another instance's delete leaves behind.
import type { Readable } from 'node:stream'
import type { MediaStorage } from './storage.ts'

export interface CachedFile {
  body: Buffer | Readable
  size: number
}

export interface FileCacheOptions {
  maxFileBytes: number
  maxBytes: number
  ttlMs: number
  now?: () => number
}

export function createFileCache(storage: Pick<MediaStorage, 'get'>, o: FileCacheOptions) {
  const now = o.now ?? Date.now
  const entries = new Map<string, { body: Buffer; at: number }>()
  let bytes = 0
  const drop = (key: string) => {
    const e = entries.get(key)
    if (!e) return
    entries.delete(key)
    bytes -= e.body.length
  }

  return {
    async get(key: string): Promise<CachedFile | undefined> {
      const hit = entries.get(key)
      if (hit && now() - hit.at < o.ttlMs) {
        entries.delete(key) // re-insert: Map order is the recency order
        entries.set(key, hit)
        return { body: hit.body, size: hit.body.length }
      }
      drop(key)
      const stored = await storage.get(key)
      if (!stored || stored.size > o.maxFileBytes) return stored
      const chunks: Buffer[] = []
      for await (const chunk of stored.body) chunks.push(chunk as Buffer)
      const body = Buffer.concat(chunks)
      entries.set(key, { body, at: now() })
      bytes += body.length
      for (const [k] of entries) {
        if (bytes <= o.maxBytes) break
        drop(k)
      }
      return { body, size: body.length }
    },
    evict: drop,
    get bytes() {
      return bytes
    },
  }
}
