// Public article search (GET /v1/articles?q=): word-prefix matches over the folded title, lead and
// body, title matches first, cursor pages across the two ranks, and page-mode totals that may be
// estimates (meta.totalEstimated). The query itself: src/db/queries/public-article-search.ts.
import t from 'tap'
import pg from 'pg'
import { build, usingPostgres } from '../../helper.ts'
import { createArticle, createArticles, createAuthor } from '../../fixtures/content.ts'
import { listPublicArticles } from '../../../src/db/queries/public-articles.ts'
import { queryRunner, type Query } from '../../../src/db/queries/statement.ts'
import { foldedWords } from '../../../src/lib/vietnamese.ts'
import { hasRareWord, indexedWords, prefixShare, resetSearchStats, searchStats } from '../../../src/db/queries/search-stats.ts'

// fixtures write past the services' change feed: no response cache
const { app, db } = await build(t, { RESPONSE_CACHE: 'off' })
await app.ready()

const base = Date.now() - 30 * 86_400_000
const at = (minutes: number) => new Date(base + minutes * 60_000)
const author = await createAuthor(db, { name: 'Vũ Thị Hạnh' })

// "hợp tác xã": five titles, six bodies or leads only, the ranks' dates interleaved; the twelfth
// says "tổng hợp" and "tập thể" only, so matches one of the words, not all
const coop = await createArticles(db, 12, (i) => ({
  title: i % 2 === 0 && i < 10 ? `Hợp tác xã kiểu mới, kỳ ${i}` : `Kinh tế tập thể, kỳ ${i}`,
  lead: i === 11 ? 'Bàn về HỢP TÁC XÃ nông nghiệp.' : 'Tin địa phương.',
  body: i % 2 === 1 && i !== 11 ? '<p>Phát triển hợp tác xã ở cơ sở.</p>' : '<p>Tin tổng hợp.</p>',
  publishedAt: at(100 + i),
  authorIds: i < 6 ? [author.id] : [],
}))
const titleMatches = coop.filter((_, i) => i % 2 === 0 && i < 10).map((a) => a.id)
const otherMatches = coop.filter((_, i) => i % 2 === 1).map((a) => a.id)
const newest = (ids: string[]) =>
  ids
    .map((id) => coop.find((a) => a.id === id)!)
    .sort((a, b) => b.publishedAt!.getTime() - a.publishedAt!.getTime())
    .map((a) => a.id)
const ranked = [...newest(titleMatches), ...newest(otherMatches)]

const words = await createArticle(db, {
  title: 'Đồng bộ giải pháp',
  lead: 'Triển khai Nghị quyết số 57-NQ/TW về khoa học.',
  body: '<p>Ứng dụng công nghệ số trong quản lý Đảng viên.</p>',
  publishedAt: at(50),
})
// due-scheduled: public now, so searched too
const due = await createArticle(db, { status: 'scheduled', title: 'Lịch tiếp công dân', publishedAt: at(60) })
await createArticle(db, { status: 'draft', title: 'Lịch tiếp công dân (nháp)' })

type Page = { data: Array<{ id: string }>; meta: Record<string, unknown> }
async function list(params: Record<string, string | number>): Promise<Page> {
  const url = `/v1/articles?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`
  const res = await app.inject(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}
const ids = async (q: string) => (await list({ q, limit: 100 })).data.map((a) => a.id)

t.test('every word must start a word of the title, lead or body', async (t) => {
  t.same(await ids('khoa'), [words.id], 'a lead word')
  t.same(await ids('cong nghe'), [words.id], 'body words')
  t.same(await ids('57'), [words.id], 'a number')
  t.same(await ids('57 nq tw'), [words.id], 'a number and the letters after it')
  t.same(await ids('dong bo giai'), [words.id], 'title words')
  t.same(await ids('ong nghe'), [], 'the middle of a word ("công") is not its start')
  t.same(await ids('ang'), [], 'nor is the end of one ("Đảng")')
  t.same(await ids('ng nghe'), [words.id], 'but "ng" starts "nghệ"')
  t.same(await ids('khoa hocx'), [], 'every word must match')
  t.same(await ids('lich tiep'), [due.id], 'a due scheduled article, not a draft')
})

t.test('uppercase, tone marks, đ/Đ and NFD fold to the same words', async (t) => {
  for (const q of ['ĐẢNG VIÊN', 'đảng viên'.normalize('NFD'), 'Dang Vien', 'dảng viên']) t.same(await ids(q), [words.id], q)
  t.same(await ids('HỢP TÁC XÃ'), ranked, 'an uppercase lead matches too')
})

t.test('title matches first, each rank newest first', async (t) => {
  t.same(await ids('hop tac xa'), ranked)
  t.ok(
    coop.find((a) => a.id === newest(otherMatches)[0])!.publishedAt! > coop.find((a) => a.id === newest(titleMatches).at(-1))!.publishedAt!,
    'the newest body match is newer than the oldest title match',
  )
  const filtered = (await list({ q: 'hop tac', author: author.slug, limit: 100 })).data.map((a) => a.id)
  t.same(
    filtered,
    ranked.filter((id) => coop.findIndex((a) => a.id === id) < 6),
    'ranked the same within a filter',
  )
})

t.test('cursor pages walk both ranks without a gap or a repeat, and agree with page numbers', async (t) => {
  for (const limit of [1, 3, 5, 7]) {
    const walked: string[] = []
    let cursor: string | null = null
    do {
      const body: Page = await list({ q: 'hợp tác xã', limit, ...(cursor ? { cursor } : {}) })
      // the first page is page 1 (with its total); the rest are cursor pages
      t.equal('total' in body.meta, !cursor)
      walked.push(...body.data.map((a) => a.id))
      cursor = body.meta.nextCursor as string | null
    } while (cursor)
    t.same(walked, ranked, `limit ${limit}`)
    const numbered: string[] = []
    for (let page = 1; page <= Math.ceil(ranked.length / limit); page++) {
      const body = await list({ q: 'hợp tác xã', limit, page })
      t.match(body.meta, { total: ranked.length, totalPages: Math.ceil(ranked.length / limit) })
      t.notOk('totalEstimated' in body.meta, 'an exact total is not flagged')
      numbered.push(...body.data.map((a) => a.id))
    }
    t.same(numbered, ranked, `pages of ${limit}`)
  }
})

t.test('a query of punctuation only searches nothing: the plain list', async (t) => {
  const plain = await list({ limit: 100 })
  for (const q of ['!!!', ' - / . ', '“”…']) {
    const body = await list({ q, limit: 100 })
    t.same(body.data, plain.data, JSON.stringify(q))
    t.same(body.meta, plain.meta)
  }
})

t.test('page-mode totals: exact when every match was seen or a filter narrows the search, else an estimate', async (t) => {
  const query = queryRunner(db.pool, { named: false })
  const search = (input: { offset?: number; limit?: number; authorSlug?: string; searchWindow?: number }) =>
    listPublicArticles<{ id: string }>(query, { now: new Date(), limit: 2, offset: 0, words: foldedWords('hợp tác xã'), ...input })

  const wide = await search({ limit: 100, searchWindow: 3 })
  t.match(wide, { total: 11, totalEstimated: false }, 'the page read every match: exact, whatever the sample')
  const sampled = await search({ searchWindow: 3 })
  t.equal(sampled.totalEstimated, true, 'more matches than the page read, more public articles than the sample')
  t.ok(sampled.total! >= 3, 'never fewer than the rows the page read')
  t.match(await search({}), { total: 11, totalEstimated: false }, 'the public articles fit in the sample: exact')
  t.match(await search({ authorSlug: author.slug, searchWindow: 3 }), { total: 6, totalEstimated: false }, 'a filtered search counts')
  const cursor = await listPublicArticles(query, {
    now: new Date(),
    limit: 2,
    after: { publishedAt: new Date().toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', rank: 1 },
    words: ['hop'],
    searchWindow: 3,
  })
  t.match(cursor, { total: null, totalEstimated: null }, 'cursor pages count nothing')

  // through the API, with enough public articles that the default sample cannot hold them all
  await createArticles(db, 300, (i) => ({ title: `Bản tin hợp tác ${i}`, publishedAt: at(i) }))
  const body = await list({ q: 'hop tac', limit: 5 })
  t.equal(body.meta.totalEstimated, true)
  t.equal(body.meta.totalPages, Math.ceil((body.meta.total as number) / 5))
  t.ok((body.meta.total as number) >= 6)
  const narrowed = await list({ q: 'hop tac', author: author.slug, limit: 5 })
  t.match(narrowed.meta, { total: 6, totalPages: 2 })
  t.notOk('totalEstimated' in narrowed.meta)
})

t.test('with statistics, only the rare words go to the index; the answers stay the same', async (t) => {
  const frequencies: Array<[string, number]> = [
    ['dang', 0.6],
    ['danh', 0.1],
    ['phat', 0.3],
  ]
  t.equal(prefixShare(frequencies, 'dan'), 0.7, 'a prefix adds up the lexemes it starts')
  t.equal(prefixShare(frequencies, 'xa'), 0)
  t.same(indexedWords(frequencies, ['dang', 'xa', '57']), ['xa', '57'], 'every word no common lexeme starts')
  t.same(indexedWords(frequencies, ['dan', 'phat']), ['phat'], 'else the rarest')
  t.same(indexedWords([], ['dang', 'phat']), ['dang', 'phat'], 'no statistics: every word')
  t.ok(hasRareWord(frequencies, ['xa']), 'a word no common lexeme starts is rare: its matches are read from GIN and sorted')
  t.notOk(hasRareWord(frequencies, ['phat']), 'a common word walks the date index')
  t.notOk(hasRareWord([], ['xa']), 'no statistics: the planner decides')

  const before = await ids('hop tac xa')
  await db.pool.query('ANALYZE "Article"')
  resetSearchStats()
  const stats = await searchStats(queryRunner(db.pool, { named: false }))
  t.ok(prefixShare(stats.text, 'hop') > 0, '"hợp" is common here (the 300 "Bản tin hợp tác" articles)')
  t.same(indexedWords(stats.text, ['hop', 'tac', 'xa']), ['xa'])
  t.same(await ids('hop tac xa'), before)
  t.same(before, ranked)
  t.equal((await ids('hợp tác 57')).length, 1, '"Bản tin hợp tác 57": a rare word with common ones')
  t.same(await ids('hợp tác 999'), [], 'a rare word that matches nothing')

  // words the statistics have never seen are rare: a due article and three that are not public now
  const yenThe = await createArticle(db, { status: 'scheduled', title: 'Tiếp xúc cử tri Yên Thế', publishedAt: at(60) })
  await createArticle(db, { status: 'draft', title: 'Tiếp xúc cử tri Yên Thế (nháp)' })
  await createArticle(db, { status: 'scheduled', title: 'Tiếp xúc cử tri Yên Thế kỳ sau', publishedAt: new Date(Date.now() + 86_400_000) })
  await createArticle(db, { status: 'published', title: 'Tiếp xúc cử tri Yên Thế (đã gỡ)', publishedAt: at(70), unpublishAt: at(80) })
  t.ok(hasRareWord(stats.title, ['yen']) && hasRareWord(stats.text, ['yen']))
  t.same(await ids('yen the'), [yenThe.id], 'read whole from GIN, each row checked: the due one, not the draft, the future or the withdrawn one')
  t.same((await list({ q: 'yen', limit: 1, page: 1 })).meta, { page: 1, limit: 1, total: 1, totalPages: 1, nextCursor: null })
})

t.test('a first page: one named statement per shape on a kept plan, rare words included; deeper pages planned each time', async (t) => {
  t.ok(hasRareWord([['hiem', 0.004]], ['hiem']), 'a common lexeme below RARE_SHARE counts as rare')
  t.notOk(hasRareWord([['hiem', 0.006]], ['hiem']))
  // the embedded database is one session that prepares nothing (queryRunner's `named: false`)
  if (!usingPostgres) return t.comment('prepared statements are checked on PostgreSQL only (TEST_DATABASE_URL)')
  await db.pool.query('ANALYZE "Article"')
  resetSearchStats()
  // one connection, so its prepared statements can be read back
  const single = new pg.Pool({ connectionString: db.pool.options.connectionString, max: 1 })
  t.teardown(() => single.end())
  const run = queryRunner(single, { named: true })
  let last: { name: string; values: unknown[] } | undefined
  const query: Query = (s, values) => {
    last = { name: s.name, values }
    return run(s, values)
  }
  const search = (q: string, offset = 0) => listPublicArticles<{ id: string }>(query, { now: new Date(), limit: 5, offset, words: foldedWords(q) })
  const expected = (await search('hop tac')).fetched
  const kept = last!
  // common words only, so the same shape; PostgreSQL settles on a generic plan after five custom ones
  for (let i = 0; i < 8; i++) t.equal((await search(i % 2 ? 'hop tac' : 'ban tin')).fetched, i % 2 ? expected : 6)
  await search('hop tac', 5)
  // a rare word's matches are read from GIN inside article_search_matches, so its plan does not turn
  // on the words either: a plan kept for one rare word serves the next
  for (let i = 0; i < 8; i++) t.equal((await search(i % 2 ? 'hop tac 999' : 'ban tin 998')).fetched, 0)
  const rare = last!
  t.not(rare.name, kept.name, 'a shape of its own')
  const { rows } = await single.query<{ name: string; generic_plans: string; custom_plans: string }>(
    `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'public_articles_%'`,
  )
  t.same(rows.map((r) => r.name).sort(), [kept.name, rare.name].sort(), 'one statement per shape; the second page was not prepared')
  for (const r of rows)
    t.ok(Number(r.generic_plans) >= 3, `${r.name === kept.name ? 'common' : 'rare'}: plan reused: ${r.generic_plans} generic, ${r.custom_plans} custom`)
  // on the kept plan the words are a tsquery parameter, not parsed or cast again for every row a walk
  // checks (EXECUTE takes no bind parameters: its values are written in, into a statement prepared
  // with the parameter types PostgreSQL inferred)
  const args = kept.values.map((v) => pg.escapeLiteral(v instanceof Date ? v.toISOString() : String(v))).join(', ')
  const plan = await single.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) EXECUTE ${kept.name}(${args})`)
  const filters = plan.rows.map((r) => r['QUERY PLAN']).filter((line) => /Filter: .*ts_match_vq/.test(line))
  t.ok(filters.length >= 2, 'the walks check the words on each row')
  t.ok(
    filters.every((line) => /ts_match_vq\((a\.)?"search(Title)?Vector", \$\d+\)/.test(line) && !/to_tsquery|::tsquery/.test(line)),
    `no row-by-row parse of the words:\n${filters.join('\n')}`,
  )
})
