// HTTP caching of public GETs: a weak ETag, `If-None-Match` → 304, and a shared Cache-Control.
// ETags come from a version string the service derives from what the response depends on (ids,
// updatedAt, version, counts, the query), so a 304 costs the query but no rendering or hashing
// of the body. Only bodies without such a version are hashed whole.
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * A response body with the version of the data it was built from, and the change tags that
 * invalidate it in the response cache (default: the resource's name, e.g. `articles`).
 */
export interface Versioned<T> { body: T; version: string; tags?: string[] }

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

/**
 * Sends a public, cacheable response: ETag and Cache-Control on both the 200 and the 304 (a cache
 * refreshes its stored headers from a 304). Without `version`, the body itself is hashed.
 */
export function publicCache<T>(req: FastifyRequest, reply: FastifyReply, body: T, version?: string, tags?: string[]): T | FastifyReply {
  const etag = etagOf(version ?? digest(JSON.stringify(body)))
  reply.header('etag', etag).header('cache-control', cacheControl(req.server.config))
  if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return reply.code(304).send()
  // the response cache (plugins/response-cache.ts) keeps what is sent under these tags
  reply.cacheTags = tags ?? [resourceOf(req.url)]
  return body
}

/** `publicCache` for a service result that carries its own version. */
export function sendVersioned<T>(req: FastifyRequest, reply: FastifyReply, result: Versioned<T>): T | FastifyReply {
  return publicCache(req, reply, result.body, result.version, result.tags)
}

/** `/v1/authors/x?y` → `authors` */
const resourceOf = (url: string) => url.split('?')[0]!.split('/')[2] ?? '*'

declare module 'fastify' {
  interface FastifyReply {
    /** set on a public 200: the response may be cached under these change tags */
    cacheTags: string[] | null
  }
}
