// Serves repeated public GETs from memory. Only responses that went through publicCache() are
// stored (never anything sent with credentials), for at most RESPONSE_CACHE_TTL_MS, and a change
// feed event drops the entries whose tags it names, here and on every other instance.
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { createResponseCache } from '../lib/response-cache.ts'
import { ifNoneMatchHits } from '../lib/http-cache.ts'
import type { ChangeFeed } from '../db/change-feed.ts'

export interface ResponseCacheOptions {
  maxBytes: number
  maxAgeMs: number
  changes: ChangeFeed
}

/** The URL with its query parameters sorted, so `?a=1&b=2` and `?b=2&a=1` share an entry. */
export function cacheKey(url: string): string {
  const q = url.indexOf('?')
  if (q === -1) return url
  const params = new URLSearchParams(url.slice(q + 1))
  params.sort()
  const query = params.toString()
  return query ? `${url.slice(0, q)}?${query}` : url.slice(0, q)
}

const cacheable = (req: FastifyRequest) => req.method === 'GET' && req.headers.authorization === undefined

export default fp<ResponseCacheOptions>(
  async (app, { maxBytes, maxAgeMs, changes }) => {
    const cache = createResponseCache({ maxBytes, maxAgeMs })
    const unsubscribe = changes.subscribe((tags) => cache.invalidate(tags))
    // what can no longer be served is let go: after a burst of reads, an idle server would otherwise
    // keep up to RESPONSE_CACHE_MAX_MB of dead responses (the bench's idle RSS, docs/performance.md)
    const sweeper = setInterval(() => cache.sweep(), Math.max(maxAgeMs, 1000))
    sweeper.unref()
    app.decorate('responseCache', cache)
    app.addHook('onClose', async () => {
      clearInterval(sweeper)
      unsubscribe()
    })

    app.addHook('onRequest', async (req, reply) => {
      if (!cacheable(req)) return
      const hit = cache.get(cacheKey(req.url))
      if (!hit) return
      reply.headers(hit.headers).header('etag', hit.etag).header('x-cache', 'hit')
      if (ifNoneMatchHits(req.headers['if-none-match'], hit.etag)) return reply.code(304).send()
      // feeds and sitemaps are XML or JSON Feed: a hit is replayed with the type it was stored with
      return reply
        .code(200)
        .type(hit.headers['content-type'] ?? 'application/json; charset=utf-8')
        .send(hit.body)
    })

    app.addHook('onSend', async (req, reply, payload) => {
      const tags = reply.cacheTags
      if (!tags || reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload)) || !cacheable(req)) return payload
      const headers: Record<string, string> = { 'cache-control': String(reply.getHeader('cache-control')) }
      // replayed with the body: a CDN in front stores a hit's keys as it would a miss's
      for (const name of ['link', 'surrogate-key', 'cache-tag', 'content-type']) {
        const value = reply.getHeader(name)
        if (value) headers[name] = String(value)
      }
      cache.set(cacheKey(req.url), { body: payload, etag: String(reply.getHeader('etag')), headers, tags })
      reply.header('x-cache', 'miss')
      return payload
    })
  },
  { name: 'response-cache' },
)

declare module 'fastify' {
  interface FastifyInstance {
    responseCache?: ReturnType<typeof createResponseCache>
  }
}
