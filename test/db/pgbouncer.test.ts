// The app through PgBouncer in transaction mode (Debian's 1.18, which keeps no prepared statement
// across transactions): DB_PREPARED_STATEMENTS=off for the hot reads, DATABASE_DIRECT_URL for
// LISTEN and the migration lock. Staff writes, public reads, comments and moderation all pass.
import t from 'tap'
import pg from 'pg'
import { buildApp, serverOptions } from '../../src/app.ts'
import { prepare } from '../../src/bootstrap.ts'
import { createTestDatabase, testConfig, usingPostgres } from '../helper.ts'
import { newAuthor, newDraft, newOrganization, act } from '../fixtures/editorial.ts'
import { tokenFor } from '../fixtures/users.ts'
import { pgbouncerUnavailable, startPgBouncer } from '../support/pgbouncer.ts'

const why = !usingPostgres ? 'needs TEST_DATABASE_URL' : pgbouncerUnavailable()
t.test('through PgBouncer in transaction mode', { skip: why ?? false }, async (t) => {
  const direct = await createTestDatabase(t)
  const u = new URL(direct)
  const database = u.pathname.slice(1)
  const bouncer = await startPgBouncer(t, { host: u.hostname, port: Number(u.port || 5432) }, 2)

  await t.test('why the switch exists: a named statement does not survive a change of server connection', async (t) => {
    const a = new pg.Client({ connectionString: bouncer.url(database) })
    const b = new pg.Client({ connectionString: bouncer.url(database) })
    await a.connect()
    await b.connect()
    t.teardown(async () => {
      await a.end()
      await b.end()
    })
    await a.query({ name: 'toasoan_probe', text: 'SELECT 1 AS one' })
    // b takes the one idle server connection (where the name was prepared) and keeps it
    await b.query('BEGIN')
    await b.query('SELECT 1')
    await t.rejects(a.query({ name: 'toasoan_probe', text: 'SELECT 1 AS one' }), /prepared statement "toasoan_probe" does not exist/)
    await b.query('COMMIT')
  })

  const config = testConfig({ DATABASE_URL: bouncer.url(database), DATABASE_DIRECT_URL: direct, DB_PREPARED_STATEMENTS: 'off', CAPTCHA: 'off' })
  const silent = { info() {}, warn() {} }
  const { db, config: ready } = await prepare(config, silent)
  const app = await buildApp({ config: ready, db }, serverOptions(ready))
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  await app.ready()
  t.equal(db.namedStatements, false)
  const editor = await tokenFor({ db, config: ready }, 'editor')
  const moderator = await tokenFor({ db, config: ready }, 'moderator')

  // concurrent requests make PgBouncer hand every transaction whichever server connection is free
  const many = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)))

  const author = await newAuthor(app, editor.headers, { name: 'Lê Thị Hồng' })
  const org = await newOrganization(app, editor.headers, { name: 'Chi bộ Phường Hòa Bình' })
  const drafts = await many(4, () => newDraft(app, editor.headers, { authorIds: [author.id], organizationIds: [org.id] }))
  for (const d of drafts) t.equal((await act(app, editor.headers, d.id, 'publish')).statusCode, 200)

  const urls = [
    '/v1/articles?limit=5',
    `/v1/articles/${drafts[0]!.slug}`,
    '/v1/authors',
    `/v1/authors/${author.slug}`,
    '/v1/organizations',
    `/v1/organizations/${org.slug}`,
    `/v1/articles?author=${author.slug}&limit=2`,
    '/v1/organizations?tree=true',
  ]
  const codes = await many(24, (i) => app.inject(urls[i % urls.length]!).then((r) => r.statusCode))
  t.same([...new Set(codes)], [200], 'public reads, many at once')

  const slug = drafts[1]!.slug
  const sent = await many(3, (i) =>
    app.inject({
      method: 'POST',
      url: `/v1/articles/${slug}/comments`,
      remoteAddress: `203.0.113.${i + 10}`,
      payload: { authorName: 'Bạn đọc', content: `Bài viết hay, cảm ơn tòa soạn (${i}).` },
    }),
  )
  t.same(
    sent.map((r) => r.statusCode),
    [202, 202, 202],
    'comments (pending moderation)',
  )
  const ids = sent.map((r) => (r.json() as { id: string }).id)
  const decided = await many(3, (i) =>
    app.inject({
      method: 'POST',
      url: `/v1/moderation/comments/${ids[i]}/decision`,
      headers: moderator.headers,
      payload: { action: 'approve' },
    }),
  )
  t.same(
    decided.map((r) => r.statusCode),
    [200, 200, 200],
    'moderation',
  )
  const list = await app.inject(`/v1/articles/${slug}/comments`)
  t.equal(list.statusCode, 200)
  t.equal((list.json() as { data: unknown[] }).data.length, 3)
  const article = await app.inject(`/v1/articles/${slug}`)
  t.equal((article.json() as { commentCount: number }).commentCount, 3)
  t.notMatch(await bouncer.log(), /prepared statement .* does not exist/)
})
