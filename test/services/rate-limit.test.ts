import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { Redis } from 'ioredis'
import { createMemoryStore, createRateLimiter } from '../../src/services/rate-limit.ts'

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

// a clock on a window boundary, so "seconds left in the window" is exact
let now = Math.ceil(Date.now() / 3_600_000) * 3_600_000
const clock = () => new Date(now)

function recordingLog() {
  const warnings: string[] = []
  const infos: string[] = []
  return {
    warnings,
    infos,
    warn: (_o: object, m: string) => {
      warnings.push(m)
    },
    info: (_o: object, m: string) => {
      infos.push(m)
    },
  }
}

t.test('in process: a fixed window of `limit` hits per key', async (t) => {
  const limiter = createRateLimiter({ clock })
  t.teardown(() => limiter.close())
  now += 10_000 // 10 s into the window
  const results = []
  for (let i = 0; i < 4; i++) results.push(await limiter.hit('login:1.2.3.4', 3, 60))
  t.same(
    results.map((r) => r.allowed),
    [true, true, true, false],
  )
  t.same(
    results.map((r) => r.remaining),
    [2, 1, 0, 0],
  )
  t.equal(results[3]!.retryAfterSeconds, 50, 'the rest of the window')
  t.equal((await limiter.hit('login:5.6.7.8', 3, 60)).allowed, true, 'another key counts apart')
  now += 50_000 // the next window
  const fresh = await limiter.hit('login:1.2.3.4', 3, 60)
  t.same(fresh, { allowed: true, retryAfterSeconds: 60, remaining: 2 })
})

t.test('in process: memory stays bounded under a flood of keys, and ended windows are pruned', async (t) => {
  const store = createMemoryStore(clock, 100)
  for (let i = 0; i < 1_000; i++) store.hit(`ip:${i}`, 5, 60)
  t.ok(store.size() <= 100, `${store.size()} keys kept`)
  now += 120_000
  store.hit('ip:new', 5, 60)
  t.equal(store.size(), 1, 'ended windows dropped at the next prune')
})

t.test('Redis: shared by every instance, keys expire, windows restart', async (t) => {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false })
  probe.on('error', () => {})
  const up = await probe.connect().then(
    () => true,
    () => false,
  )
  if (!up) {
    probe.disconnect()
    t.comment(`skipped: no Redis at ${REDIS_URL}`)
    return
  }
  t.teardown(() => probe.quit())
  const prefix = `toasoan:test:${randomBytes(6).toString('hex')}:`
  const log = recordingLog()
  const a = createRateLimiter({ redisUrl: REDIS_URL, clock, prefix, log })
  const b = createRateLimiter({ redisUrl: REDIS_URL, clock, prefix, log })
  t.teardown(async () => {
    await a.close()
    await b.close()
    const keys = await probe.keys(`${prefix}*`)
    if (keys.length) await probe.del(...keys)
  })
  now = Math.ceil(now / 3_600_000) * 3_600_000 + 5_000
  const seen = [await a.hit('k', 3, 60), await b.hit('k', 3, 60), await a.hit('k', 3, 60), await b.hit('k', 3, 60)]
  t.same(
    seen.map((r) => r.allowed),
    [true, true, true, false],
    'two limiters count together',
  )
  t.same(
    seen.map((r) => r.remaining),
    [2, 1, 0, 0],
  )
  t.equal(seen[3]!.retryAfterSeconds, 55)
  const keys = await probe.keys(`${prefix}*`)
  t.equal(keys.length, 1, 'one key for the window')
  const ttl = await probe.pttl(keys[0]!)
  t.ok(ttl > 0 && ttl <= 56_000, `expires with the window (${ttl} ms)`)
  now += 60_000
  t.equal((await a.hit('k', 3, 60)).allowed, true, 'the next window starts over')
  t.same(log.warnings, [], 'no fallback while Redis answers')
})

t.test('Redis unreachable: counts in process, says so once, never throws', async (t) => {
  const log = recordingLog()
  const limiter = createRateLimiter({ redisUrl: 'redis://127.0.0.1:1', clock, log })
  t.teardown(() => limiter.close())
  const results = []
  for (let i = 0; i < 4; i++) results.push(await limiter.hit('k', 3, 60))
  t.same(
    results.map((r) => r.allowed),
    [true, true, true, false],
    'the limit still holds',
  )
  t.equal(log.warnings.length, 1, 'logged once')
  t.match(log.warnings[0], /Redis unavailable/)
})

t.test('one limiter: no unused rate-limit library beside this one (see the comment atop rate-limit.ts)', async (t) => {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies?: object; devDependencies?: object }
  t.notOk('@fastify/rate-limit' in { ...pkg.dependencies, ...pkg.devDependencies })
})
