// The change feed's publications: delivered here at once, sent to other instances in merged
// NOTIFYs (one in flight at a time), each with the WAL position read after the commits.
import t from 'tap'
import pg from 'pg'
import { createChangeFeed } from '../../src/db/change-feed.ts'
import { createTestDatabase } from '../helper.ts'

const url = await createTestDatabase(t)
const real = new pg.Pool({ connectionString: url, max: 2 })
t.teardown(() => real.end())
const sent: string[][] = []
// the real server answers, and each NOTIFY's tags are recorded
const pool = {
  query: async (text: string, values: unknown[]) => {
    if (/pg_notify/.test(text) && values.length === 3) sent.push(JSON.parse(String(values[2])))
    return real.query(text, values)
  },
} as unknown as pg.Pool

t.test('a burst of publications becomes a few merged notifications; every publication learns an LSN', async (t) => {
  const feed = createChangeFeed({ pool, listenUrl: url })
  t.teardown(() => feed.close())
  const local: string[][] = []
  const commits: Array<Promise<string | null>> = []
  feed.subscribe((tags, commit) => {
    local.push([...tags])
    commits.push(commit)
  })
  for (let i = 0; i < 200; i++) feed.publish(['comments-a', `article-${i % 3}`])
  t.equal(local.length, 200, 'delivered here at once, one by one')
  const lsns = await Promise.all(commits)
  t.ok(
    lsns.every((l) => typeof l === 'string' && /^[0-9A-F]+\/[0-9A-F]+$/.test(l)),
    'each commit promise resolves to a WAL position',
  )
  t.ok(sent.length <= 3, `200 publications, ${sent.length} notifications`)
  t.same(new Set(sent.flat()), new Set(['comments-a', 'article-0', 'article-1', 'article-2']), 'no tag lost in the merge')
})

t.test('tags past one payload go in several parts, all sent', async (t) => {
  sent.length = 0
  const feed = createChangeFeed({ pool, listenUrl: url })
  t.teardown(() => feed.close())
  const many = Array.from({ length: 600 }, (_, i) => `article-00000000-0000-4000-8000-${String(i).padStart(12, '0')}`)
  let commit: Promise<string | null> = Promise.resolve(null)
  feed.subscribe((_, c) => {
    commit = c
  })
  feed.publish(many)
  t.type(await commit, 'string')
  t.ok(sent.length >= 4, `${sent.length} parts`)
  t.ok(
    sent.every((part) => JSON.stringify(part).length < 8000),
    'each under the NOTIFY limit',
  )
  t.same(sent.flat().sort(), [...many].sort())
})

t.test('another instance receives the merged tags', async (t) => {
  const a = createChangeFeed({ pool, listenUrl: url })
  const b = createChangeFeed({ pool: real, listenUrl: url })
  t.teardown(async () => {
    await a.close()
    await b.close()
  })
  const seen = new Set<string>()
  b.subscribe((tags) => {
    for (const tag of tags) seen.add(tag)
  })
  // LISTEN is set up in the background
  await new Promise((r) => setTimeout(r, 500))
  for (let i = 0; i < 50; i++) a.publish([`tag-${i % 5}`])
  for (let i = 0; i < 100 && seen.size < 5; i++) await new Promise((r) => setTimeout(r, 20))
  t.same([...seen].sort(), ['tag-0', 'tag-1', 'tag-2', 'tag-3', 'tag-4'])
})

t.test('topic messages: a burst reaches the other instance whole and in order, identical ones too, in a few statements', async (t) => {
  let statements = 0
  const counting = {
    query: async (text: string, values: unknown[]) => {
      if (/unnest/.test(text)) statements++
      return real.query(text, values)
    },
  } as unknown as pg.Pool
  const a = createChangeFeed({ pool: counting, listenUrl: url })
  const b = createChangeFeed({ pool: real, listenUrl: url })
  t.teardown(() => Promise.all([a.close(), b.close()]))
  const heard: unknown[] = []
  const local: unknown[] = []
  b.on('moderation', (m) => heard.push(m))
  a.on('moderation', (m) => local.push(m))
  // both listening before anything is sent
  await new Promise((r) => setTimeout(r, 500))
  const messages = Array.from({ length: 100 }, (_, i) => ({ type: 'comment.submitted', n: i }))
  for (const m of messages) a.send('moderation', m)
  // PostgreSQL folds identical payloads sent in one transaction: two equal messages must both arrive
  a.send('moderation', { type: 'same' })
  a.send('moderation', { type: 'same' })
  t.equal(local.length, 102, 'delivered here at once')
  const deadline = Date.now() + 5_000
  while (heard.length < 102 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  t.same(heard, [...messages, { type: 'same' }, { type: 'same' }], 'every message, in the order sent')
  t.ok(statements >= 1 && statements <= 5, `102 messages, ${statements} statements`)
})
