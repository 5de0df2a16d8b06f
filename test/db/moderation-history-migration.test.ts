// The migration that frees the moderation log from its cascading foreign key fills the new
// columns of the entries already there, and from then on no delete takes an entry along.
import t from 'tap'
import { usingPostgres } from '../helper.ts'
import { applyMigrations } from '../../src/db/migrations.ts'
import { databaseBefore } from '../fixtures/migrations.ts'

const MIGRATION = '20261129120000_keep_moderation_history'

t.test(
  'existing log entries get their article id and title; deleting the article keeps them',
  { skip: !usingPostgres && 'needs TEST_DATABASE_URL' },
  async (t) => {
    const pool = await databaseBefore(t, MIGRATION)

    const {
      rows: [article],
    } = await pool.query(`INSERT INTO "Article" (slug, title, lead, body) VALUES ('bai-cu', 'Bài viết cũ', '', '') RETURNING id`)
    const {
      rows: [comment],
    } = await pool.query(
      `INSERT INTO "Comment" ("articleId", "authorName", content, "contentHash", "ipHash", status) VALUES ($1, 'Bạn đọc', 'Ý kiến', 'h', 'i', 'approved') ` +
        `RETURNING id`,
      [article.id],
    )
    await pool.query(`INSERT INTO "ModerationLog" ("commentId", "fromStatus", "toStatus") VALUES ($1, 'pending', 'approved'), ($1, 'approved', 'rejected')`, [
      comment.id,
    ])

    t.ok((await applyMigrations(pool)).includes(MIGRATION))
    const log = await pool.query(`SELECT "commentId", "articleId", "articleTitle" FROM "ModerationLog"`)
    t.same(
      log.rows,
      [0, 1].map(() => ({ commentId: comment.id, articleId: article.id, articleTitle: 'Bài viết cũ' })),
      'backfilled',
    )
    await pool.query(`DELETE FROM "Article" WHERE id = $1`, [article.id])
    t.equal((await pool.query(`SELECT 1 FROM "Comment"`)).rowCount, 0, 'the comment went with its article')
    t.equal((await pool.query(`SELECT 1 FROM "ModerationLog" WHERE "articleId" = $1`, [article.id])).rowCount, 2, 'the log did not')
  },
)
