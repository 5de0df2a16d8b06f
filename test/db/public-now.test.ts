// "Public now" has two spellings, SQL for the hot reads and a Prisma filter for the services: both
// must pick the same articles, at every moment, for every status and publication time.
import t from 'tap'
import { build } from '../helper.ts'
import { createArticle } from '../fixtures/content.ts'
import { isPublic, publicWhere } from '../../src/db/queries/public-now.ts'

const { db } = await build(t)
const now = new Date()
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000)
const statuses = ['draft', 'in_review', 'scheduled', 'published', 'archived'] as const
const times = [null, at(-60), at(0), at(60)]
for (const status of statuses)
  for (const publishedAt of times) await createArticle(db, { status, publishedAt, title: `${status} ${publishedAt?.toISOString() ?? 'none'}` })
// an embargo end or takedown time: public until then, never after
const unpublishAt = at(20)
for (const status of ['scheduled', 'published'] as const)
  await createArticle(db, { status, publishedAt: at(-60), unpublishAt, title: `${status} until ${unpublishAt.toISOString()}` })

t.test('the SQL predicate and the Prisma filter select the same articles', async (t) => {
  for (const moment of [at(-120), now, at(30), at(120)]) {
    const { rows } = await db.pool.query<{ title: string }>(`SELECT a.title FROM "Article" a WHERE ${isPublic('a', '$1::timestamptz')} ORDER BY a.title`, [
      moment,
    ])
    const viaPrisma = await db.prisma.article.findMany({ where: publicWhere(moment), select: { title: true }, orderBy: { title: 'asc' } })
    t.same(
      viaPrisma.map((a) => a.title),
      rows.map((r) => r.title),
      `SQL and Prisma agree at ${moment.toISOString()}`,
    )
    // the rule itself: published with a time, or scheduled with its time come
    const expected = statuses.flatMap((s) =>
      times.filter((p) => p && (s === 'published' || (s === 'scheduled' && p <= moment))).map((p) => `${s} ${p!.toISOString()}`),
    )
    for (const s of ['scheduled', 'published']) {
      if (moment < unpublishAt && (s === 'published' || at(-60) <= moment)) expected.push(`${s} until ${unpublishAt.toISOString()}`)
    }
    expected.sort()
    t.same(rows.map((r) => r.title).sort(), expected, `the rule at ${moment.toISOString()}`)
  }
})
