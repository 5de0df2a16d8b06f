// Backends killed under concurrent requests (what a PostgreSQL restart does to every connection):
// the process survives, each request gets its answer or a 503 problem+json, and the app recovers.
// (The process crash this guards against, a checked-out pool client without an 'error' listener,
// showed only over real sockets: test/resilience/04-db-restart.test.ts is its reproduction.)
import t from 'tap'
import pg from 'pg'
import { build, usingPostgres } from '../helper.ts'
import { createArticle } from '../fixtures/content.ts'

if (!usingPostgres) {
  t.plan(0, 'needs TEST_DATABASE_URL: the embedded database has no backends to kill')
} else {
  const { app, db } = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100000' })
  await app.ready()
  const article = await createArticle(db)
  const database = (await db.pool.query<{ d: string }>('SELECT current_database() AS d')).rows[0]!.d
  const killer = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL })
  await killer.connect()
  t.teardown(() => killer.end())

  t.test('killed backends under 50 concurrent clients for 3 s', async (t) => {
    const statuses: Record<number, number> = {}
    const badProblems: string[] = []
    let killed = 0
    let n = 0
    const until = Date.now() + 3_000
    const worker = async () => {
      while (Date.now() < until) {
        const i = n++
        const res =
          i % 3 !== 1
            ? await app.inject({
                method: 'POST',
                url: `/v1/articles/${article.slug}/comments`,
                payload: { authorName: 'Bạn đọc', content: `mất kết nối ${i}` },
              })
            : await app.inject(i % 2 ? '/v1/articles' : `/v1/articles/${article.slug}/comments`)
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
        if (res.statusCode >= 500 && !/^application\/problem\+json/.test(String(res.headers['content-type']))) badProblems.push(res.body)
      }
    }
    const killing = (async () => {
      while (Date.now() < until) {
        const r = await killer.query(
          `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND application_name = 'toasoan' AND pid <> pg_backend_pid()`,
          [database],
        )
        killed += r.rows[0].n
        await new Promise((r) => setTimeout(r, 150))
      }
    })()
    await Promise.all([killing, ...Array.from({ length: 50 }, worker)])
    t.comment(`connection loss: ${n} requests, ${killed} backends killed, statuses ${JSON.stringify(statuses)}`)

    t.ok(killed >= 10, `${killed} backends were killed under load`)
    t.same(
      Object.keys(statuses)
        .map(Number)
        .filter((s) => ![200, 202, 503].includes(s)),
      [],
      'only answers and 503s',
    )
    t.same(badProblems, [], 'every 503 is problem+json')
    let ready = 0
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await app.inject('/health/ready')).statusCode
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100))
    }
    t.equal(ready, 200, 'ready again')
    t.equal((await app.inject('/v1/articles')).statusCode, 200, 'and serving')
  })
}
