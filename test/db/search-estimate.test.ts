// How close a search's estimated page-mode total comes to the real count (meta.totalEstimated).
// 2,000 articles, one an hour; the estimates' sample is the 100 newest (the default is 250 of a
// larger archive: the proportions are the same). A word the sample holds once must not be scaled
// from that one hit: the bench's rare word at a million articles read ≈4,000 for 1,000 matches.
import t from 'tap'
import { build } from '../helper.ts'
import { createArticles } from '../fixtures/content.ts'
import { listPublicArticles } from '../../src/db/queries/public-articles.ts'
import { queryRunner } from '../../src/db/queries/statement.ts'
import { foldedWords } from '../../src/lib/vietnamese.ts'

const { db } = await build(t)
const hour = 3_600_000
const now = Date.now()
const ARTICLES = 2000
// `every`: which articles (0 the newest) mention the word in their body
const words = [
  { word: 'Pắc Ngòi', every: (i: number) => i % 500 === 0 }, // 4, one of them in the sample
  { word: 'thủy lợi', every: (i: number) => i % 20 === 7 }, // 100, five in the sample
  { word: 'nông thôn', every: (i: number) => i % 2 === 0 }, // 1,000, fifty in the sample
]
await createArticles(db, ARTICLES, (i) => ({
  title: `Bản tin số ${i}`,
  body: `<p>${words
    .filter((w) => w.every(i))
    .map((w) => w.word)
    .join(', ')} trong tuần.</p>`,
  publishedAt: new Date(now - (i + 1) * hour),
}))
await db.pool.query('ANALYZE "Article"')
const query = queryRunner(db.pool, { named: false })

for (const { word, every } of words) {
  const real = Array.from({ length: ARTICLES }, (_, i) => i).filter(every).length
  t.test(`"${word}": ${real} matches`, async (t) => {
    const page = await listPublicArticles<{ id: string }>(query, {
      now: new Date(now),
      limit: 2,
      offset: 0,
      words: foldedWords(word),
      searchWindow: 100,
    })
    t.equal(page.totalEstimated, true, 'more matches than the page read, more articles than the sample')
    t.ok(page.total! >= real / 2 && page.total! <= real * 2, `estimated ${page.total}: within 2× of ${real}`)
  })
}
