// Six moderators claim and decide 200 comments at once, over real HTTP connections: every comment
// is decided exactly once, the log has exactly one entry per decision, commentCount stays exact.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'

const ctx = await build(t, { DB_POOL_SIZE: '12' })
const { app, db } = ctx
await app.listen({ host: '127.0.0.1', port: 0 })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

const articles = [
  await createArticle(db, { status: 'published', title: 'Đồng thời một' }),
  await createArticle(db, { status: 'published', title: 'Đồng thời hai' }),
]
const TOTAL = 200
await db.prisma.comment.createMany({
  data: Array.from({ length: TOTAL }, (_, i) => ({
    articleId: articles[i % 2]!.id,
    authorName: `Bạn đọc ${i}`,
    content: `Bình luận ${i}`,
    contentHash: String(i),
    ipHash: 'h',
    commenterId: 'h',
    createdAt: new Date(Date.now() - (TOTAL - i) * 1000),
  })),
})
const moderators = await Promise.all(Array.from({ length: 6 }, () => tokenFor(ctx, 'moderator')))

async function work(headers: Record<string, string>, seed: number) {
  const decided: string[] = []
  for (let round = 0; round < 100; round++) {
    const res = await fetch(`${base}/v1/moderation/claims`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 7 }),
    })
    if (res.status !== 200) throw new Error(`claim answered ${res.status}`)
    const batch = ((await res.json()) as { data: Array<{ id: string }> }).data
    if (!batch.length) return decided
    await Promise.all(
      batch.map(async (c, i) => {
        const action = (seed + i) % 3 === 0 ? 'reject' : 'approve'
        const r = await fetch(`${base}/v1/moderation/comments/${c.id}/decision`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ action, expectedStatus: 'pending' }),
        })
        if (r.status !== 200) throw new Error(`decision answered ${r.status}: ${await r.text()}`)
        decided.push(c.id)
      }),
    )
  }
  throw new Error('did not drain the queue')
}

t.test('concurrent claims and decisions', async (t) => {
  const results = await Promise.all(moderators.map((m, i) => work(m.headers, i)))
  const all = results.flat()
  t.equal(all.length, TOTAL, 'every comment decided once across all moderators')
  t.equal(new Set(all).size, TOTAL, 'no comment was given to two moderators')
  t.ok(results.filter((r) => r.length > 0).length >= 2, 'the work was actually shared')
  t.equal(await db.prisma.comment.count({ where: { status: 'pending' } }), 0)
  const perComment = await db.prisma.moderationLog.groupBy({ by: ['commentId'], _count: { _all: true } })
  t.equal(perComment.length, TOTAL)
  t.ok(
    perComment.every((c) => c._count._all === 1),
    'exactly one log entry per decision',
  )
  for (const a of articles) {
    const approved = await db.prisma.comment.count({ where: { articleId: a.id, status: 'approved' } })
    const row = await db.prisma.article.findUniqueOrThrow({ where: { id: a.id } })
    t.equal(row.commentCount, approved, 'commentCount equals the approved comments')
    t.ok(approved > 0)
  }
})
