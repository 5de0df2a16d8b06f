// The checks every comment submission runs, one named statement with a probe per status: the
// duplicate window, a ban, and standing counts that only decided comments enter.
import t from 'tap'
import pg from 'pg'
import { createTestDatabase } from '../helper.ts'
import { submissionChecks } from '../../src/db/queries/submission-checks.ts'
import { queryRunner } from '../../src/db/queries/statement.ts'

const url = await createTestDatabase(t)
const pool = new pg.Pool({ connectionString: url, max: 2 })
t.teardown(() => pool.end())
const query = queryRunner(pool, { named: true })

const now = new Date('2026-11-30T08:00:00Z')
const days = (n: number) => new Date(now.getTime() - n * 86_400_000)
const { rows } = await pool.query<{ id: string }>(
  `INSERT INTO "Article" (slug, title, lead, body) VALUES ('bai-viet', 'Bài viết', 'Sa pô', '<p>Thân bài</p>') RETURNING id`,
)
const articleId = rows[0]!.id
const add = (commenterId: string, status: string, n: number, decidedAt: Date | null = null, contentHash = 'h') =>
  pool.query(
    `INSERT INTO "Comment" ("articleId", "authorName", content, "contentHash", "ipHash", "commenterId", status, "decidedAt", "createdAt")
     SELECT $1, 'Bạn đọc', 'Ý kiến ' || g, $6 || g, 'ip-1', $2, $3::"CommentStatus", $5, $7 FROM generate_series(1, $4::int) g`,
    [articleId, commenterId, status, n, decidedAt, contentHash, now],
  )
await add('someone-else', 'approved', 5, days(1))
await add('flooder', 'approved', 3, days(40))
await add('flooder', 'rejected', 1, days(40))
await add('flooder', 'rejected', 2, days(2))
// what the standing must not count: a flood's pending and spam comments
await add('flooder', 'pending', 400)
await add('flooder', 'spam', 200)

const input = (over: Partial<Parameters<typeof submissionChecks>[1]> = {}) => ({
  articleId,
  ipHash: 'ip-1',
  contentHash: 'new',
  commenterId: 'flooder',
  duplicateSince: new Date(now.getTime() - 600_000),
  recentSince: days(30),
  now,
  ...over,
})

t.test('standing counts decided comments only, recent rejections within the window', async (t) => {
  const r = await submissionChecks(query, input())
  t.same(r, { duplicate: false, standing: { ban: null, approved: 3, rejected: 3, recentRejections: 2 } })
  t.same((await submissionChecks(query, input({ commenterId: 'nobody' }))).standing, { ban: null, approved: 0, rejected: 0, recentRejections: 0 })
  t.equal((await submissionChecks(query, input({ contentHash: 'h7' }))).duplicate, true, 'the same content from the same address, just now')
  t.equal((await submissionChecks(query, input({ contentHash: 'h7', duplicateSince: new Date(now.getTime() + 1) }))).duplicate, false, 'not within the window')
  await pool.query(`INSERT INTO "CommenterBan" ("commenterId", reason, "createdAt") VALUES ('flooder', 'spam', now())`)
  t.same((await submissionChecks(query, input())).standing.ban, { reason: 'spam' })
})
