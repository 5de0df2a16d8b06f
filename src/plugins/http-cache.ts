// Sends public, cacheable GET responses: ETag and Cache-Control (lib/http-cache.ts) on the 200 and
// the 304, the cache keys (events/tags.ts) as Surrogate-Key and Cache-Tag for a CDN, and the same
// keys, plus the resource's name, as the tags the response cache keeps the body under.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { cacheControl, digest, etagOf, ifNoneMatchHits, JsonText, type Versioned } from '../lib/http-cache.ts'

/**
 * Sends a public, cacheable response: ETag and Cache-Control on both the 200 and the 304 (a cache
 * refreshes its stored headers from a 304). Without `version`, the body itself is hashed.
 */
export function publicCache<T>(req: FastifyRequest, reply: FastifyReply, body: T, version?: string, keys: string[] = []): Exclude<T, JsonText> | FastifyReply {
  const etag = etagOf(version ?? digest(JSON.stringify(body)))
  reply.header('etag', etag).header('cache-control', cacheControl(req.server.config))
  if (keys.length) reply.header('surrogate-key', keys.join(' ')).header('cache-tag', keys.join(','))
  if (ifNoneMatchHits(req.headers['if-none-match'], etag)) return reply.code(304).send()
  // the response cache (plugins/response-cache.ts) keeps what is sent under its keys and under the
  // resource's name, which the coarse announcements of staff writes name (services/index.ts)
  reply.cacheTags = [...keys, resourceOf(req.url)]
  // Fastify sends a buffer as it is, without the response schema's serializer: the text was made by
  // that same serializer when it was stored
  if (body instanceof JsonText) return reply.type('application/json; charset=utf-8').send(body.bytes())
  return body as Exclude<T, JsonText>
}

/** `publicCache` for a service result that carries its own version. */
export function sendVersioned<T>(req: FastifyRequest, reply: FastifyReply, result: Versioned<T>): Exclude<T, JsonText> | FastifyReply {
  return publicCache(req, reply, result.body, result.version, result.tags)
}

/** `/v1/authors/x?y` → `authors`; `/v1/articles/x/comments` → `articles` */
const resourceOf = (url: string) => url.split('?')[0]!.split('/')[2] ?? '*'

declare module 'fastify' {
  interface FastifyReply {
    /** set on a public 200: the response may be cached under these change tags */
    cacheTags: string[] | null
  }
}
