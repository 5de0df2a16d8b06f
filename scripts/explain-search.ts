// Writes docs/search-explain.md: the query plans of the public article reads on the bench's datasets
// (bench/datasets.ts: loaded once with COPY, reused by `npm run bench` and by this script), the bench's
// searches at every size given (with their sequential latency), the other reads at the largest.
//   npx tsx scripts/explain-search.ts [--articles 2000,100000,1000000] [--runs 60]
// Needs a PostgreSQL server with auto_explain (TEST_DATABASE_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres); BENCH_DATABASE names the datasets as for the bench.
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import pg from 'pg'
import { loadConfig } from '../src/config.ts'
import { listPublicArticles, type ArticleListInput } from '../src/db/queries/public-articles.ts'
import type { Query } from '../src/db/queries/statement.ts'
import { resetSearchStats } from '../src/db/queries/search-stats.ts'
import { findStoredArticle } from '../src/db/queries/article-render.ts'
import { createArticleRenderer } from '../src/services/public/article-render.ts'
import { searchWords } from '../src/lib/vietnamese.ts'
import { ensureDataset } from '../bench/datasets.ts'
import { explainingSession, measureSearches, scalingSection, type Measured } from './lib/search-scaling.ts'

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined)
const sizes = (arg('--articles') ?? '2000,100000,1000000').split(',').map(Number)
const runs = Number(arg('--runs') ?? 60)
const now = new Date()
// what the API reads with: the texts rendered for the bench servers' configuration (bench/render.ts)
const config = loadConfig({ ...process.env, NODE_ENV: undefined })
const base = {
  now,
  mediaBase: config.media.publicUrl,
  renderedFor: createArticleRenderer({ mediaBase: config.media.publicUrl, site: config.site }).renderedFor,
  totalCap: config.listTotalCap,
  linkedTotalCap: config.listTotalCapFiltered,
}

// the access paths the summary table names, in a plan and the plans inside it
const ACCESS_PATHS = [
  /Bitmap Index Scan on "\w+"/,
  /Index Only Scan using "\w+" on "\w+"/,
  /Index Scan using "\w+" on "Article"/,
  /Seq Scan on "Article"/,
  /Merge Append/,
  /Function Scan on article_search_matches/,
]

const scaling: Array<{ articles: number; measured: Measured[] }> = []
let pool: pg.Pool | undefined
let session: Awaited<ReturnType<typeof explainingSession>> | undefined

try {
  for (const articles of sizes) {
    await pool?.end()
    const { url } = await ensureDataset(articles)
    pool = new pg.Pool({ connectionString: url, max: 2 })
    resetSearchStats()
    const measured = await measureSearches(pool, base, runs)
    for (const m of measured) console.log(`${articles} ${m.id}: p50 ${m.p50.toFixed(2)} ms, p95 ${m.p95.toFixed(2)} ms, total ${m.total}`)
    scaling.push({ articles, measured })
  }
  const articles = sizes.at(-1)!
  const db = pool!

  const {
    rows: [stats],
  } = await db.query(`SELECT count(*) FILTER (WHERE status = 'published') AS published, count(*) AS total,
      pg_size_pretty(pg_relation_size('"Article"')) AS heap, pg_size_pretty(pg_relation_size(to_regclass('"Article_searchText_idx"'))) AS trgm,
      pg_size_pretty(pg_relation_size('"Article_searchVector_idx"')) AS fts,
      round(avg(length("searchText"))) AS avg_search_text FROM "Article"`)
  const {
    rows: [{ server_version: version }],
  } = await db.query('SHOW server_version')
  const slugOf = async (kind: string) =>
    (await db.query(`SELECT slug FROM "Organization" WHERE kind = $1 ORDER BY slug LIMIT 1`, [kind])).rows[0].slug as string
  const [bloc, cell] = [await slugOf('bloc_committee'), await slugOf('cell')]

  const sections: string[] = []
  const summary: string[] = []
  session = await explainingSession(db)
  const { run, explain, query, last } = session
  const fmt = (n: number) => n.toLocaleString('en')
  const top = { publishedAt: new Date(now.getTime() + 1).toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' }
  /** One read as the API sends it: run six times (a named statement then keeps the plan it settles on), then explained. */
  const read = async (title: string, why: string, call: (q: Query) => Promise<{ total?: number | null }>) => {
    const rows = await call(query)
    const { statement, values } = last()
    for (let i = 0; i < 5; i++) await run(statement, values)
    const { plan, nested, named } = await explain(statement, values)
    const time = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1]
    summary.push(`| ${title} | ${rows.total ?? '–'} | ${named ? 'named' : 'unnamed'} | ${time} ms | ${accessPaths([plan, ...nested].join('\n')).join('; ')} |`)
    const inner = nested.map((n) => `\n\nInside \`article_search_matches\` (auto_explain):\n\n\`\`\`\n${n}\n\`\`\``).join('')
    sections.push(`### ${title}\n\n${why}\n\n\`\`\`\n${plan}\n\`\`\`${inner}`)
  }
  const list = (title: string, why: string, input: Omit<ArticleListInput, 'now' | 'limit'>) =>
    read(title, why, (q) => listPublicArticles(q, { ...base, limit: 20, ...input }))

  await list(
    'Search "dang vien", cursor page after a title match',
    'A search walked by cursor (no total): the title walk goes on after the cursor, the other walk starts from the top.',
    { after: { ...top, rank: 1 }, words: searchWords('dang vien') },
  )
  await list(
    'Search "cap treo", cursor page after another match',
    'Past the title matches only the other walk runs, from the cursor on; the rare word is read inside the function.',
    { after: { ...top, rank: 0 }, words: searchWords('cap treo') },
  )
  await list(
    'Search "dang vien" with an organization filter, page 1 with total',
    "A filtered search counts its matches (no estimate) up to `LIST_TOTAL_CAP_FILTERED`, from the filter's link rows: each probes its " +
      'article and checks the words on it.',
    {
      offset: 0,
      words: searchWords('dang vien'),
      organizationSlug: bloc,
    },
  )
  await list(
    'List, page 1 with total',
    'No search: published and due-scheduled articles are two ranges of `Article_status_publishedAt_id_idx`, merged in order (Merge Append) and cut at ' +
      "the limit; the total is counted up to `LIST_TOTAL_CAP` along the same index (in the heap's order).",
    { offset: 0 },
  )
  await list('List, first page by cursor (no total)', 'The same page without the count.', { after: top })
  // page 400, or half way down a smaller dataset
  const deep = Math.min(7980, Math.floor(articles / 40) * 20)
  await list(`List, page ${deep / 20 + 1}`, `OFFSET ${fmt(deep)}: each branch reads ${fmt(deep + 21)} index entries, then 20 rows are fetched.`, {
    offset: deep,
  })
  await list(
    `List, cursor page as deep as page ${deep / 20 + 1}`,
    'The keyset `(publishedAt, id) < (…)` is an index condition: a deep cursor page costs what the first costs.',
    { after: await cursorAt(deep) },
  )
  await list(
    'Organization filter: a bloc committee (its whole subtree), page 1 with total',
    'The closure table turns "this organization and everything below it" into one probe per article read in index order.',
    { offset: 0, organizationSlug: bloc },
  )
  await list('Organization filter: a bloc committee, cursor page', 'The page alone.', { after: top, organizationSlug: bloc })
  await list('Organization filter: one cell, cursor page', 'A small subtree: the ordered scan probes more articles per match.', {
    after: top,
    organizationSlug: cell,
  })
  const {
    rows: [{ slug }],
  } = await db.query(`SELECT slug FROM "Article" WHERE status = 'published' ORDER BY "publishedAt" DESC LIMIT 1`)
  await read('One article by slug', 'The text rendered at write time, with its counts.', async (q) => {
    await findStoredArticle(q, slug, now, base.renderedFor)
    return {}
  })
  const doc = `# Query plans of the public read path

Generated by \`npx tsx scripts/explain-search.ts --articles ${sizes.join(',')}\` on ${now.toISOString().slice(0, 10)}
(PostgreSQL ${version}, ${os.cpus().length} CPUs shared with other work, default settings), on the bench's datasets
(\`bench/dataset.ts\`): the same rows \`npm run bench -- --sizes ${sizes.join(',')}\` serves.

## Search from ${fmt(scaling[0]!.articles)} to ${fmt(articles)} articles

Page 1 with its total, as \`GET /v1/articles?q=…\` asks it (the bench's R3 searches, \`bench/searches.ts\`).
p50 / p95 are sequential round trips of the statement as the API sends it, on one connection (${runs} in a row,
on a loaded 2-core machine: compare within a column group, not across runs). A first page is a named
statement: after five runs PostgreSQL keeps a generic plan for it, and the plan shown is
\`EXPLAIN (ANALYZE, BUFFERS) EXECUTE\` of that statement after the timed runs. A rare word's matches are read
inside \`article_search_matches\`, whose own plans \`EXPLAIN\` does not show: they come from \`auto_explain\`
with \`log_nested_statements\`. A total marked ≈ is an estimate (\`meta.totalEstimated\`).

${scalingSection(scaling)}

## The other reads at ${fmt(articles)} articles

${stats.total} articles (${stats.published} published; the rest scheduled, draft or archived), average folded
search text ${stats.avg_search_text} characters, heap ${stats.heap}, GIN index on \`searchVector\` ${stats.fts},
trigram index on \`searchText\` (the staff list's) ${stats.trgm ?? 'not built'}. The statements are the ones the API
runs (\`src/db/queries/public-articles.ts\`, \`article-render.ts\`), six times on one connection and then explained, so
a named one shows the plan PostgreSQL kept for it; nothing is forced (\`enable_seqscan\` is on).

| query | total | statement | execution | access paths |
|---|---|---|---|---|
${summary.join('\n')}

${sections.join('\n\n')}

## How the search works

- A search is two walks over generated, stripped \`tsvector\` columns (\`searchTitleVector\`, \`searchVector\`,
  'simple' configuration over the folded text): title matches newest first, then the other matches newest
  first, each cut at the rows the page needs.
- PostgreSQL's own statistics of the vectors (\`pg_stats.most_common_elems\`, read by \`search-stats.ts\`) choose
  each walk's shape. A walk of common words walks the date index and checks the words on each row
  (\`ts_match_vq\`, which the planner cannot take to GIN): a page of words in at least \`RARE_SHARE\` (0.5 %) of
  the articles is found within about 4,000 rows at any size. A walk with a rare word reads that word's
  matches from GIN inside \`article_search_matches\` (a PL/pgSQL function with its own generic plan), checks
  each one's visibility, and sorts the few it found.
- A prefix term (\`nghi:*\`) makes a GIN scan gather the posting lists of every lexeme it starts, so GIN is
  asked only for the rare words and the whole query is checked on the rows found.
- Neither shape turns on the words' values, so a first page, and a page by cursor, is one named statement
  on a kept plan. Later pages by number (OFFSET), searches filtered by author, organization, section or tag,
  and everything behind \`DB_PREPARED_STATEMENTS=off\` are unnamed, planned with their values.
- The cost of a rare word grows with its matches, not with the archive: each match is one heap page
  (about 2 µs) before the sort. "cap treo" has 2 matches at 2,000 articles and 1,000 at a million; the name
  in R3d has eight at every size.
- Page-mode totals count exactly when the walks saw every match, or a filter narrows the search (up to
  \`LIST_TOTAL_CAP_FILTERED\`, from the first link filter's rows); otherwise they are estimated from the
  newest public articles and the walks' reach, and the response says so (\`meta.totalEstimated: true\`).
  Cursor pages have no total.
- The organization filter reads articles newest first and probes the closure table per article: ideal for
  large subtrees, dearer for a cell with few articles (it reads until it has a page).

How each of these came about, round by round with the bench's figures, is in
[performance.md](performance.md#fourth-round-issue-18s-targets-2026-11-30).
`
  await writeFile('docs/search-explain.md', doc)
  console.log('wrote docs/search-explain.md')
} finally {
  // released broken: the loaded auto_explain and its settings go with the connection
  session?.release()
  await pool?.end()
}

function accessPaths(plan: string): string[] {
  const found = plan.match(new RegExp(ACCESS_PATHS.map((r) => r.source).join('|'), 'g')) ?? []
  return [...new Set(found)].filter((p) => p !== 'Index Scan using "Article_pkey" on "Article"')
}

async function cursorAt(offset: number): Promise<{ publishedAt: string; id: string }> {
  const {
    rows: [row],
  } = await pool!.query(`SELECT "publishedAt", id FROM "Article" WHERE status = 'published' ORDER BY "publishedAt" DESC, id DESC OFFSET $1 LIMIT 1`, [offset])
  return { publishedAt: row.publishedAt.toISOString(), id: row.id }
}
