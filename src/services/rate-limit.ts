// Fixed-window rate limiting, in process or shared through Redis. A limiter must never take the
// API down: when Redis is unreachable it counts in process instead (and says so once).
//
// Why not @fastify/rate-limit (it was a dependency, unused, and has been removed): with its Redis
// store a Redis error either fails the request or, with skipOnError, stops limiting altogether,
// where the rule above is that the limits keep counting, in process, through a Redis outage. The
// login limit is a rule of the auth service, keyed by address and counted before the password is
// checked, and services take no Fastify instance (STYLE.md), while the library hangs off a route
// hook or the instance. And its stores read Date.now(), where this limiter takes the services'
// clock, so tests can cross a window without waiting. What is left to write is a counter per
// window and that fallback: this file.
import { Redis } from 'ioredis'

export interface RateLimitResult {
  allowed: boolean
  retryAfterSeconds: number
  remaining: number
}

export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>
  close(): Promise<void>
}

export interface RateLimitLogger {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

export interface RateLimiterOptions {
  redisUrl?: string
  clock: () => Date
  /** Redis key prefix; tests give each run its own */
  prefix?: string
  log?: RateLimitLogger
  /** upper bound on keys held in process */
  maxKeys?: number
}

const PRUNE_EVERY_MS = 60_000
const DEFAULT_MAX_KEYS = 100_000
const REDIS_TIMEOUT_MS = 500

function windowOf(nowMs: number, windowSeconds: number) {
  const windowMs = windowSeconds * 1000
  const start = Math.floor(nowMs / windowMs) * windowMs
  return { index: start / windowMs, endMs: start + windowMs }
}

function result(count: number, limit: number, endMs: number, nowMs: number): RateLimitResult {
  return {
    allowed: count <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil((endMs - nowMs) / 1000)),
    remaining: Math.max(0, limit - count),
  }
}

/** The in-process store: a Map pruned of ended windows once a minute and capped at maxKeys. */
export function createMemoryStore(clock: () => Date, maxKeys = DEFAULT_MAX_KEYS) {
  const counters = new Map<string, { count: number; endMs: number }>()
  let nextPrune = 0

  function prune(nowMs: number) {
    for (const [key, c] of counters) if (c.endMs <= nowMs) counters.delete(key)
    // still too many live keys (a flood of distinct IPs): drop the oldest; this only ever
    // forgets counts, so the worst case is a little leniency, never unbounded memory
    for (const key of counters.keys()) {
      if (counters.size < maxKeys) break
      counters.delete(key)
    }
  }

  return {
    size: () => counters.size,
    hit(key: string, limit: number, windowSeconds: number): RateLimitResult {
      const nowMs = clock().getTime()
      if (nowMs >= nextPrune || counters.size >= maxKeys) {
        prune(nowMs)
        nextPrune = nowMs + PRUNE_EVERY_MS
      }
      const { endMs } = windowOf(nowMs, windowSeconds)
      let c = counters.get(key)
      if (!c || c.endMs <= nowMs) {
        c = { count: 0, endMs }
        counters.delete(key) // re-inserted last, keeping Map order oldest-first for the cap
        counters.set(key, c)
      }
      c.count++
      return result(c.count, limit, c.endMs, nowMs)
    },
  }
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { clock, log } = options
  const memory = createMemoryStore(clock, options.maxKeys)
  if (!options.redisUrl) {
    return { hit: async (key, limit, windowSeconds) => memory.hit(key, limit, windowSeconds), close: async () => {} }
  }

  const prefix = options.prefix ?? 'toasoan:rl:'
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    // fail fast instead of queueing: a request must not wait on a Redis that is away
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    commandTimeout: REDIS_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 500, 5_000),
  })
  let degraded = false
  const fallBack = (err: unknown) => {
    if (degraded) return
    degraded = true
    log?.warn({ err: { message: (err as Error)?.message ?? String(err) } }, 'rate limiter: Redis unavailable, counting in process until it returns')
  }
  const recovered = () => {
    if (degraded) log?.info({}, 'rate limiter: Redis available again')
    degraded = false
  }
  redis.on('error', fallBack)
  redis.on('ready', recovered)
  // the first hits wait (briefly) for the initial connection rather than falling back at once
  let connecting: Promise<unknown> | null = redis.connect().catch(fallBack)

  async function redisHit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const nowMs = clock().getTime()
    const { index, endMs } = windowOf(nowMs, windowSeconds)
    // the window index is part of the key, so a key's count restarts with each window and the
    // expiry only reclaims memory
    const k = `${prefix}${key}:${windowSeconds}:${index}`
    const replies = await redis
      .multi()
      .incr(k)
      .pexpire(k, endMs - nowMs + 1_000)
      .exec()
    const [incrErr, count] = replies?.[0] ?? [new Error('empty MULTI reply'), null]
    if (incrErr || typeof count !== 'number') throw incrErr ?? new Error('unexpected INCR reply')
    return result(count, limit, endMs, nowMs)
  }

  return {
    async hit(key, limit, windowSeconds) {
      if (connecting) {
        const wait = connecting
        await Promise.race([wait, new Promise((resolve) => setTimeout(resolve, 1_000).unref())])
        connecting = null
      }
      if (redis.status === 'ready') {
        try {
          const counted = await redisHit(key, limit, windowSeconds)
          recovered()
          return counted
        } catch (err) {
          fallBack(err)
        }
      } else {
        fallBack(new Error(`Redis connection ${redis.status}`))
      }
      return memory.hit(key, limit, windowSeconds)
    },
    async close() {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect())
      else redis.disconnect()
    },
  }
}
