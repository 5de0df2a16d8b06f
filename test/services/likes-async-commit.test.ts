// Likes commit asynchronously (services/comments/community.ts), and only their own transaction
// does: on a pool of one connection, the setting must be back to `on` for the next statement.
import t from 'tap'
import { build } from '../helper.ts'
import { createArticle, createComment } from '../fixtures/content.ts'

const ctx = await build(t, { CAPTCHA: 'off', DB_POOL_SIZE: '1', RESPONSE_CACHE: 'off' })
const { app, db } = ctx
await app.ready()
const setting = async () => (await db.prisma.$queryRaw<Array<{ v: string }>>`SELECT current_setting('synchronous_commit') AS v`)[0]!.v

t.test('a like does not leave the connection committing asynchronously', async (t) => {
  const article = await createArticle(db, { status: 'published' })
  const c = await createComment(db, article.id, { status: 'approved' })
  t.equal(await setting(), 'on')
  const liked = await app.inject({ method: 'POST', url: `/v1/comments/${c.id}/reactions`, remoteAddress: '10.1.1.1', payload: { type: 'like' } })
  t.same(liked.json(), { likes: 1 })
  t.equal(await setting(), 'on', 'after a like')
  const unliked = await app.inject({ method: 'DELETE', url: `/v1/comments/${c.id}/reactions`, remoteAddress: '10.1.1.1' })
  t.same(unliked.json(), { likes: 0 })
  t.equal(await setting(), 'on', 'after an unlike')
  t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: c.id } })).likes, 0)
})
