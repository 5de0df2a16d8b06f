// The dispatcher's claims: kicks that arrive while a dispatch runs go together after a gap, and
// the claim reads the undispatched events' own index, skipping dispatched versions once met.
import t from 'tap'
import pg from 'pg'
import type PgBoss from 'pg-boss'
import { CLAIM_EVENTS, CLAIM_SETTINGS, createDispatcher } from '../../src/jobs/dispatch.ts'
import { createTestDatabase } from '../helper.ts'

const url = await createTestDatabase(t)
const real = new pg.Pool({ connectionString: url, max: 3 })
t.teardown(() => real.end())

const addEvent = (n: number) =>
  real.query(`INSERT INTO "Event" (type, entity, "entityId", data, tags) VALUES ('comment.submitted', 'comment', gen_random_uuid(), $1, '{}')`, [
    JSON.stringify({ n }),
  ])

t.test('kicks during a dispatch wait out the gap and go as one claim; every event is dispatched', async (t) => {
  const claims: number[] = []
  // the real server answers; each dispatch transaction's start is noted
  const watched = new WeakSet<pg.PoolClient>()
  const pool = {
    connect: async () => {
      const client = await real.connect()
      if (watched.has(client)) return client
      watched.add(client)
      const query = client.query.bind(client)
      return Object.assign(client, {
        query: (text: string, ...rest: unknown[]) => {
          if (typeof text === 'string' && text.startsWith('BEGIN')) claims.push(Date.now())
          return (query as (...a: unknown[]) => unknown)(text, ...rest)
        },
      })
    },
  } as unknown as pg.Pool
  // no webhook endpoint and no CDN: no job is enqueued, so pg-boss is never reached
  const dispatcher = createDispatcher({ pool, boss: {} as PgBoss, clock: () => new Date(), wake: () => {}, gapMs: 100 })
  const began = Date.now()
  for (let i = 0; i < 40; i++) {
    await addEvent(i)
    dispatcher.soon()
    await new Promise((r) => setTimeout(r, 10))
  }
  await dispatcher.idle()
  const { rows } = await real.query<{ waiting: number }>(`SELECT count(*) FILTER (WHERE "dispatchedAt" IS NULL)::int AS waiting FROM "Event"`)
  t.equal(rows[0]!.waiting, 0, 'nothing left undispatched')
  const gaps = claims.slice(1).map((at, i) => at - claims[i]!)
  // one claim per gap of the time the kicks took, and one at the start and the end
  const spread = Date.now() - began
  t.ok(claims.length <= Math.floor(spread / 100) + 2, `40 kicks over ${spread} ms, ${claims.length} claims`)
  t.ok(
    gaps.every((g) => g >= 80),
    `claims about the gap (100 ms) apart or more: ${gaps.join(', ')} ms`,
  )
  // a lone kick after a quiet spell goes at once
  await new Promise((r) => setTimeout(r, 150))
  const before = claims.length
  const kicked = Date.now()
  await addEvent(99)
  dispatcher.soon()
  await dispatcher.idle()
  t.equal(claims.length, before + 1, 'one claim')
  t.ok(claims.at(-1)! - kicked < 80, 'without waiting for the gap')
})

t.test('the claim walks Event_undispatched_idx in order, not a bitmap of every dispatched version', async (t) => {
  await real.query(`INSERT INTO "Event" (type, entity, "entityId", data) SELECT 'x', 'comment', gen_random_uuid(), '{}' FROM generate_series(1, 500)`)
  await real.query(`UPDATE "Event" SET "dispatchedAt" = now() WHERE "dispatchedAt" IS NULL`)
  await addEvent(1)
  const client = await real.connect()
  t.teardown(() => client.release())
  await client.query(`BEGIN; ${CLAIM_SETTINGS}`)
  const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${CLAIM_EVENTS}`)).rows.map((r) => r['QUERY PLAN']).join('\n')
  await client.query('ROLLBACK')
  t.match(plan, /Index Scan using "Event_undispatched_idx"/, plan)
  t.notMatch(plan, /Bitmap|Sort/, 'in index order, no sort')
  t.match(plan, /rows=1 loops=1/, 'the one waiting event')
})
