// The in-memory cache in front of stored media files: hits skip the store, big files stream past
// it, the byte budget evicts the least recently used, entries expire, a delete evicts at once.
import { Readable } from 'node:stream'
import t from 'tap'
import { createFileCache } from '../../src/services/media/file-cache.ts'

function store(files: Record<string, number>) {
  const reads: string[] = []
  return {
    reads,
    async get(key: string) {
      reads.push(key)
      const size = files[key]
      return size === undefined ? undefined : { body: Readable.from([Buffer.alloc(size, key.charCodeAt(0))]), size }
    },
  }
}

t.test('hits, misses, the size cap and the byte budget', async (t) => {
  let clock = 0
  const s = store({ a: 100, b: 100, c: 100, big: 1000 })
  const cache = createFileCache(s, { maxFileBytes: 500, maxBytes: 250, ttlMs: 1000, now: () => clock })
  const a = await cache.get('a')
  t.ok(Buffer.isBuffer(a!.body), 'a small file comes back as bytes')
  t.equal(a!.size, 100)
  await cache.get('a')
  t.same(s.reads, ['a'], 'the second read is a hit')
  t.notOk(Buffer.isBuffer((await cache.get('big'))!.body), 'a file over the cap streams')
  await cache.get('big')
  t.same(s.reads.filter((k) => k === 'big').length, 2, 'and is never kept')
  await cache.get('b')
  await cache.get('a') // a is now the most recent
  await cache.get('c') // 300 bytes > 250: b, the least recent, goes
  t.equal(cache.bytes, 200)
  s.reads.length = 0
  await cache.get('a')
  await cache.get('b')
  t.same(s.reads, ['b'], 'b was evicted, a kept')
  t.equal(await cache.get('missing'), undefined)
  clock = 2000
  s.reads.length = 0
  await cache.get('a')
  t.same(s.reads, ['a'], 'an entry older than the ttl is read again')
  cache.evict('a')
  await cache.get('a')
  t.same(s.reads, ['a', 'a'], 'an evicted entry is read again')
})
