// HTTP caching of public GETs, the pure part: weak ETags, `If-None-Match` matching, the shared
// Cache-Control; plugins/http-cache.ts sends them.
// ETags come from a version string the service derives from what the response depends on (ids,
// updatedAt, version, counts, the query), so a 304 costs the query but no rendering or hashing
// of the body. Only bodies without such a version are hashed whole.
import { createHash } from 'node:crypto'

/**
 * A response body with the version of the data it was built from, and its cache keys
 * (events/tags.ts: the Surrogate-Key vocabulary), under which caches here and at a CDN keep it.
 */
export interface Versioned<T> {
  body: T
  version: string
  tags?: string[]
}

/**
 * A body already written as JSON by its response schema's serializer (a text rendered at write
 * time): sent as it is, with the JSON content type, instead of going through the serializer again.
 * Given in parts (a page's stored items between its envelope's ends), it is encoded part by part
 * into one buffer: joined first, a list's 33 KB of Vietnamese text was copied once more as a UTF-16
 * string before the socket encoded it (encoded in parts, R1 uncached served 14–20 % more side by side).
 */
export class JsonText {
  readonly parts: readonly string[]
  constructor(...parts: string[]) {
    this.parts = parts
  }

  /** The UTF-8 bytes of the parts, in order. */
  bytes(): Buffer {
    let size = 0
    for (const part of this.parts) size += Buffer.byteLength(part)
    // not from the shared 8 KB pool: the response cache may keep it
    const out = Buffer.allocUnsafeSlow(size)
    let at = 0
    for (const part of this.parts) at += out.write(part, at)
    return out
  }
}

/** A short, stable digest of the parts; their order matters. */
export function digest(...parts: ReadonlyArray<string | number | boolean | null | undefined>): string {
  const hash = createHash('sha256')
  // a separator that cannot occur inside a part keeps ["ab", "c"] apart from ["a", "bc"]
  for (const part of parts) hash.update(`${part ?? ''}\u0000`)
  return hash.digest('base64url').slice(0, 27)
}

/** Weak ETag: it names the data's state, not a byte sequence. */
export function etagOf(version: string): string {
  return `W/"${version}"`
}

/** True when an `If-None-Match` header value names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}

export function cacheControl(config: { cacheMaxAge: number; cacheStaleWhileRevalidate: number }): string {
  return `public, max-age=${config.cacheMaxAge}, stale-while-revalidate=${config.cacheStaleWhileRevalidate}`
}
