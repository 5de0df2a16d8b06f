// Public reads on a real streaming replica: a primary and a replica this file creates (initdb,
// pg_basebackup) on free ports and removes at teardown. Replay is paused to make the replica
// visibly behind; the router's clock and polls are driven by the test, so nothing waits on time.
import t from 'tap'
import pg from 'pg'
import { buildApp, serverOptions } from '../../src/app.ts'
import { openDatabase } from '../../src/db/index.ts'
import { applyMigrations } from '../../src/db/migrations.ts'
import { familyOf, parseLsn } from '../../src/db/replicas.ts'
import { testConfig, TEST_SECRET } from '../helper.ts'
import { createArticle, createAuthor } from '../fixtures/content.ts'
import { tokenFor } from '../fixtures/users.ts'
import { clusterUnavailable, startPrimary, startReplica } from '../support/pg-cluster.ts'

t.test('WAL positions order as numbers; tag families', async (t) => {
  t.ok(parseLsn('1/0') > parseLsn('0/FFFFFFFF'))
  t.equal(parseLsn('16/B374D848'), (0x16n << 32n) + 0xb374d848n)
  t.same(['article:1f', 'article-1f', 'articles', 'comments:x', '*'].map(familyOf), ['article', 'article', 'articles', 'comments', '*'])
})

t.test('no replicas: public reads use the primary pool itself', { skip: !process.env.TEST_DATABASE_URL && 'needs TEST_DATABASE_URL' }, async (t) => {
  const db = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, dataDir: '', poolSize: 1 })
  t.teardown(() => db.close())
  t.equal(await db.reads.run(['articles'], async (target) => target.pool), db.pool)
  t.equal(await db.reads.run(['articles'], async (target) => target.prisma), db.prisma)
  t.equal(db.namedStatements, true)
})

const why = clusterUnavailable()
t.test('a streaming replica serves public reads', { skip: why ?? false }, async (t) => {
  const primary = await startPrimary(t)
  const admin = new pg.Client({ connectionString: primary.url() })
  await admin.connect()
  await admin.query('CREATE DATABASE toasoan')
  await admin.end()
  const migrate = new pg.Pool({ connectionString: primary.url('toasoan'), max: 1 })
  await applyMigrations(migrate)
  await migrate.end()
  const replica = await startReplica(t, primary)

  let clock = 1_000_000
  const MAX_LAG = 1_000
  const env = { DATABASE_URL: primary.url('toasoan'), DATABASE_REPLICA_URLS: replica.url('toasoan'), REPLICA_MAX_LAG_MS: String(MAX_LAG), CAPTCHA: 'off' }
  const config = { ...testConfig(env), jwtSecret: TEST_SECRET }
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: '',
    poolSize: 4,
    replicaUrls: config.databaseReplicaUrls,
    replicaMaxLagMs: config.replicaMaxLagMs,
    replicaPollMs: 0,
    now: () => clock,
  })
  const app = await buildApp({ config, db }, serverOptions(config))
  t.teardown(async () => {
    await app.close()
    await db.close()
  })
  await app.ready()
  const onReplica = new pg.Client({ connectionString: replica.url('toasoan') })
  await onReplica.connect()
  t.teardown(() => onReplica.end().catch(() => {}))
  const onPrimary = new pg.Client({ connectionString: primary.url('toasoan') })
  await onPrimary.connect()
  t.teardown(() => onPrimary.end())

  /** Waits (a few ms, in real time) until the replica has replayed everything the primary wrote. */
  const caughtUp = async () => {
    const {
      rows: [p],
    } = await onPrimary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
    for (;;) {
      const {
        rows: [r],
      } = await onReplica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [p!.lsn])
      if (r!.ok) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  /** A write the app does not hear of (no change feed): only the primary shows it until replayed. */
  const quietRename = (id: string, title: string) => onPrimary.query('UPDATE "Article" SET title = $1 WHERE id = $2', [title, id])
  const publicTitle = async (slug: string) => {
    const res = await app.inject(`/v1/articles/${slug}`)
    t.equal(res.statusCode, 200, `GET /v1/articles/${slug}`)
    return (res.json() as { title: string }).title
  }
  // the response cache would answer from memory: bypass it with a URL not asked before
  let n = 0
  const uncachedTitle = async (slug: string) => {
    const res = await app.inject(`/v1/articles?limit=${100 - ++n}`)
    t.equal(res.statusCode, 200)
    return (res.json() as { data: Array<{ slug: string; title: string }> }).data.find((a) => a.slug === slug)?.title
  }

  const editor = await tokenFor({ db, config }, 'editor')
  const author = await createAuthor(db)
  const article = await createArticle(db, { title: 'Tin ban đầu', authorIds: [author.id] })
  await caughtUp()
  await db.reads.poll()
  t.match(db.reads.status(), [{ up: true, lagMs: 0 }])

  await t.test('public reads come from the replica, staff reads from the primary', async (t) => {
    await onReplica.query('SELECT pg_wal_replay_pause()')
    await quietRename(article.id, 'Tin đã sửa thầm')
    t.equal(await uncachedTitle(article.slug), 'Tin ban đầu', 'the paused replica answered')
    const staff = await app.inject({ url: `/v1/admin/articles/${article.id}`, headers: editor.headers })
    t.equal((staff.json() as { title: string }).title, 'Tin đã sửa thầm', 'staff read their own writes: the primary answered')
    await onReplica.query('SELECT pg_wal_replay_resume()')
    await caughtUp()
    await db.reads.poll()
    t.equal(await uncachedTitle(article.slug), 'Tin đã sửa thầm')
  })

  await t.test('after a change, reads of its tags stay on the primary until the replica replayed it', async (t) => {
    t.equal(await publicTitle(article.slug), 'Tin đã sửa thầm')
    t.equal((await app.inject(`/v1/articles/${article.slug}`)).headers['x-cache'], 'hit')
    await onReplica.query('SELECT pg_wal_replay_pause()')
    const current = await app.inject({ url: `/v1/admin/articles/${article.id}`, headers: editor.headers })
    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/admin/articles/${article.id}`,
      headers: { ...editor.headers, 'if-match': current.headers.etag as string },
      payload: { title: 'Tin cập nhật công khai' },
    })
    t.equal(patched.statusCode, 200)
    // the cache dropped the entry; the replica still has the old row: without the fence the next
    // read would put the old title back in the cache for RESPONSE_CACHE_TTL_MS
    const after = await app.inject(`/v1/articles/${article.slug}`)
    t.equal(after.headers['x-cache'], 'miss')
    t.equal((after.json() as { title: string }).title, 'Tin cập nhật công khai')
    t.equal(await uncachedTitle(article.slug), 'Tin cập nhật công khai')
    await db.reads.poll()
    t.equal(await uncachedTitle(article.slug), 'Tin cập nhật công khai', 'still fenced: the replica has not replayed the change')

    await onReplica.query('SELECT pg_wal_replay_resume()')
    await caughtUp()
    await db.reads.poll()
    // replayed: the replica serves again (shown by a quiet write it has not replayed)
    await onReplica.query('SELECT pg_wal_replay_pause()')
    await quietRename(article.id, 'Tin sửa thầm lần hai')
    t.equal(await uncachedTitle(article.slug), 'Tin cập nhật công khai', 'the fence is lifted: the paused replica answered')
  })

  await t.test('a replica lagging beyond REPLICA_MAX_LAG_MS is skipped', async (t) => {
    await db.reads.poll() // the primary stands past the paused replica from now on
    clock += MAX_LAG + 1
    await db.reads.poll()
    t.ok(db.reads.status()[0]!.lagMs > MAX_LAG)
    t.equal(await uncachedTitle(article.slug), 'Tin sửa thầm lần hai', 'the primary answered')
    await onReplica.query('SELECT pg_wal_replay_resume()')
    await caughtUp()
    clock += 10
    await db.reads.poll()
    t.match(db.reads.status(), [{ up: true, lagMs: 0 }])
  })

  await t.test('a replica stopped mid-test: reads fall back to the primary, never a 5xx', async (t) => {
    await onReplica.end()
    await replica.stop()
    // the router still believes it up until the next poll: the failed read is repeated on the primary
    t.equal(await uncachedTitle(article.slug), 'Tin sửa thầm lần hai')
    for (const url of [`/v1/articles/${article.slug}/comments?limit=3`, '/v1/authors?limit=3', '/v1/organizations?limit=3']) {
      t.equal((await app.inject(url)).statusCode, 200, url)
    }
    await db.reads.poll()
    t.match(db.reads.status(), [{ up: false }])
    t.equal(await uncachedTitle(article.slug), 'Tin sửa thầm lần hai')
  })
})
