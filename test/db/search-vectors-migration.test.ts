// The migration that makes the search vectors of the folded words themselves: rows already there get
// vectors the searches can match ("2e5x" was "2e5" and "x"), and a word longer than a lexeme may be,
// written before searchWords cut it, is cut in the row's search columns rather than failing the migration.
import t from 'tap'
import { usingPostgres } from '../helper.ts'
import { applyMigrations } from '../../src/db/migrations.ts'
import { databaseBefore } from '../fixtures/migrations.ts'
import { prefixTsQuery } from '../../src/db/queries/sql.ts'

const MIGRATION = '20261201000000_search_vectors_of_words'

t.test('existing articles get vectors of their words, long words cut', { skip: !usingPostgres && 'needs TEST_DATABASE_URL' }, async (t) => {
  const pool = await databaseBefore(t, MIGRATION)

  // as the services wrote the columns then: every folded word whole (to_tsvector dropped one over 2,047 bytes)
  const long = 'ky'.repeat(1_100)
  const {
    rows: [old],
  } = await pool.query(
    `INSERT INTO "Article" (slug, title, lead, body, "searchTitle", "searchText")
     VALUES ('mau-xe', 'Mẫu xe 2E5X', '', '', ' mau xe 2e5x ', $1) RETURNING id, "searchVector"::text AS v`,
    [` mau xe 2e5x ma ${long} москва `],
  )
  t.notMatch(old.v, /'2e5x'/, 'before: the parser split the word')
  const search = async (column: string, words: string[]) =>
    (await pool.query(`SELECT id FROM "Article" WHERE "${column}" @@ $1::tsquery`, [prefixTsQuery(words)])).rows.map((r) => r.id)
  t.same(await search('searchVector', ['2e5x']), [], 'so a search for it found nothing')

  t.ok((await applyMigrations(pool)).includes(MIGRATION))
  const {
    rows: [now],
  } = await pool.query(`SELECT "searchText", "searchTitleVector"::text AS tv, "searchVector"::text AS v FROM "Article" WHERE id = $1`, [old.id])
  t.equal(now.searchText, ` mau xe 2e5x ma ${'ky'.repeat(50)} москва `, 'the long word cut to 100 characters')
  t.equal(now.tv, "'2e5x' 'mau' 'xe'")
  // a tsvector's lexemes are sorted by their bytes
  t.equal(now.v, `'2e5x' '${'ky'.repeat(50)}' 'ma' 'mau' 'xe' 'москва'`)
  for (const [column, words] of [
    ['searchVector', ['2e5x']],
    ['searchTitleVector', ['2e5']],
    ['searchVector', ['москва', 'ky']],
  ] as const)
    t.same(await search(column, [...words]), [old.id], `${column}: ${words.join(' ')}`)
  const stats = await pool.query(`SELECT attname FROM pg_stats WHERE tablename = 'Article' AND attname LIKE 'search%Vector' ORDER BY 1`)
  t.same(
    stats.rows.map((r) => r.attname),
    ['searchTitleVector', 'searchVector'],
    'analyzed: the searches choose their reads from these statistics',
  )
  const indexes = await pool.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'Article' AND indexname LIKE 'Article_search%' ORDER BY 1`)
  t.same(
    indexes.rows.map((r) => r.indexname),
    ['Article_searchTitleVector_idx', 'Article_searchVector_idx'],
    'the GIN indexes made again',
  )
})
