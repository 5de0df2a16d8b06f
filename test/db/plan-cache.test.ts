// A list's or a search's first page is planned once, at any size of the archive: its row counts are
// written into the statement (Params.count). Bound as `LIMIT $n`, they are costed at a tenth of the
// table in the generic plan, and from about 100,000 articles PostgreSQL then judged the generic plan
// dearer than planning each request with its values, every time. Written-in counts multiply the
// texts, so a statement family names only so many of them.
import t from 'tap'
import pg from 'pg'
import { build, usingPostgres } from '../helper.ts'
import { createArticles } from '../fixtures/content.ts'
import { listPublicArticles, type ArticleListInput } from '../../src/db/queries/public-articles.ts'
import { queryRunner, statementFamily, type Query } from '../../src/db/queries/statement.ts'
import { resetSearchStats } from '../../src/db/queries/search-stats.ts'
import { foldedWords } from '../../src/lib/vietnamese.ts'

t.test('a statement family names a bounded number of texts; past it, new texts run unnamed', async (t) => {
  const family = statementFamily('test_family', 2)
  const [a, b] = [family('SELECT 1'), family('SELECT 2')]
  t.not(a.name, b.name)
  t.notOk(a.prepared === false || b.prepared === false, 'within the bound: named')
  t.equal(family('SELECT 3').prepared, false, 'past the bound')
  t.equal(family('SELECT 3').prepared, false, 'and again: not remembered')
  t.equal(family('SELECT 1'), a, 'a known text keeps its statement')
})

if (!usingPostgres) {
  t.comment('the plan cache is checked on PostgreSQL only (TEST_DATABASE_URL): the embedded database prepares nothing')
} else {
  const { db } = await build(t)
  await createArticles(db, 300, (i) => ({ title: `Bản tin ${i === 7 ? 'Pắc Ngòi' : 'cơ sở'} số ${i}`, publishedAt: new Date(Date.now() - i * 60_000) }))
  await db.pool.query('ANALYZE "Article"')
  // the planner takes a table's rows as its present pages times the rows per page of its statistics:
  // these make this table a million-article archive to it
  const pages = (await db.pool.query<{ n: number }>(`SELECT pg_relation_size('"Article"') / 8192 AS n`)).rows[0]!.n
  await db.pool.query(`UPDATE pg_class SET relpages = 1, reltuples = $1 WHERE oid = '"Article"'::regclass`, [Math.round(1_000_000 / pages)])
  resetSearchStats()
  t.teardown(resetSearchStats)

  // one connection, so its prepared statements can be read back
  const single = new pg.Pool({ connectionString: db.pool.options.connectionString, max: 1 })
  t.teardown(() => single.end())
  const run = queryRunner(single, { named: true })
  const plans = async (input: Omit<ArticleListInput, 'now' | 'limit'>) => {
    let name = ''
    const query: Query = (s, values) => {
      name = s.name
      return run(s, values)
    }
    for (let i = 0; i < 8; i++) await listPublicArticles(query, { now: new Date(), limit: 20, totalCap: 10_000, ...input })
    const { rows } = await single.query<{ generic_plans: string; custom_plans: string }>(
      'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
      [name],
    )
    return { generic: Number(rows[0]?.generic_plans), custom: Number(rows[0]?.custom_plans) }
  }

  t.test('at a million articles the first pages keep their generic plan after the five custom ones', async (t) => {
    t.same(await plans({ offset: 0 }), { generic: 3, custom: 5 }, 'a list page with its total')
    t.same(
      await plans({ after: { publishedAt: new Date().toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' } }),
      { generic: 3, custom: 5 },
      'by cursor',
    )
    t.same(await plans({ offset: 0, words: foldedWords('ban tin co so') }), { generic: 3, custom: 5 }, 'a common-word search with its total')
    t.same(await plans({ offset: 0, words: foldedWords('pac ngoi') }), { generic: 3, custom: 5 }, 'a search with a rare word')
  })
}
