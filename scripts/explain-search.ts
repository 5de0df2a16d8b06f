// Writes docs/search-explain.md: the query plans of the public article reads on generated corpora,
// the searches at every size given (with their sequential latency), the other reads at the largest,
// in scratch databases toasoan_search_explain_<size>, dropped afterwards unless --keep (which also
// reuses a kept one).
//   npx tsx scripts/explain-search.ts [--articles 2000,100000,1000000] [--runs 60] [--keep]
// Needs a PostgreSQL server: TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres.
import { writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import pg from 'pg'
import { applyMigrations } from '../src/db/migrations.ts'
import { findPublicArticle, listPublicArticles, type ArticleListInput } from '../src/db/queries/public-articles.ts'
import type { Query, Statement } from '../src/db/queries/statement.ts'
import { foldedWords } from '../src/lib/vietnamese.ts'
import { loadSearchCorpus } from './lib/search-corpus.ts'
import { resetSearchStats } from '../src/db/queries/search-stats.ts'
import { measureSearches, scalingSection, type Measured } from './lib/search-scaling.ts'
import { adminUrl, dropDatabase, withDatabase } from './lib/scratch-db.ts'

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined)
const sizes = (arg('--articles') ?? '2000,100000').split(',').map(Number)
const keep = process.argv.includes('--keep')
const runs = Number(arg('--runs') ?? 60)
const server = adminUrl()
const now = new Date()

const admin = new pg.Client({ connectionString: server })
await admin.connect()
const scaling: Array<{ articles: number; loadSeconds: number | null; measured: Measured[] }> = []
let pool: pg.Pool | undefined
let database = ''

try {
  for (const articles of sizes) {
    if (pool) {
      await pool.end()
      if (!keep) await dropDatabase(admin, database)
    }
    database = `toasoan_search_explain_${articles}`
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount
    if (!keep || !exists) {
      await dropDatabase(admin, database)
      await admin.query(`CREATE DATABASE ${database}`)
    }
    pool = new pg.Pool({ connectionString: withDatabase(server, database), max: 1 })
    let loadSeconds: number | null = null
    if (!keep || !exists) {
      await applyMigrations(pool)
      const started = Date.now()
      await loadSearchCorpus(pool, { articles, onProgress: (done, total) => process.stdout.write(`\rloading ${done}/${total} articles`) })
      loadSeconds = Math.round((Date.now() - started) / 1000)
      process.stdout.write(`\rloaded ${articles} articles in ${loadSeconds} s\n`)
    }
    resetSearchStats()
    const measured = await measureSearches(pool, now, runs)
    for (const m of measured) console.log(`${articles} ${m.name}: p50 ${m.p50.toFixed(2)} ms, p95 ${m.p95.toFixed(2)} ms, total ${m.total}`)
    scaling.push({ articles, loadSeconds, measured })
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
  const cell = (await db.query(`SELECT slug FROM "Organization" WHERE kind = 'cell' LIMIT 1`)).rows[0].slug as string

  /** A Query that runs EXPLAIN ANALYZE of the statement it is given, then the statement itself. */
  function explaining(into: string[]): Query {
    return async <Row>(s: Statement, values: unknown[]) => {
      if (s.name.startsWith('search_stats')) return (await db.query({ text: s.text, values })).rows as Row[]
      const plan = await db.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, values })
      into.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'))
      return (await db.query({ text: s.text, values })).rows as Row[]
    }
  }

  const sections: string[] = []
  const summary: string[] = []
  const words = (q: string) => foldedWords(q)
  const list = async (title: string, why: string, input: Omit<ArticleListInput, 'now' | 'limit'> & { limit?: number }) => {
    const plans: string[] = []
    const rows = await listPublicArticles(explaining(plans), { now, limit: 20, ...input })
    const time = /Execution Time: ([\d.]+) ms/.exec(plans[0]!)?.[1]
    const uses = accessPaths(plans[0]!)
    summary.push(`| ${title} | ${rows.total ?? '–'} | ${time} ms | ${uses.join('; ')} |`)
    sections.push(`### ${title}\n\n${why}\n\n\`\`\`\n${plans[0]}\n\`\`\``)
    return rows
  }

  const rare = words('Nghị quyết 57')
  await list(
    'Search "nghi quyet 57", cursor page after a title match',
    'A search walked by cursor (no total): the title walk continues after the cursor, the other walk starts from the top.',
    { after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', rank: 1 }, words: rare },
  )
  await list('Search "phat trien dang", cursor page after another match', 'Past the title matches: only the other walk runs, from the cursor on.', {
    after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', rank: 0 },
    words: words('phát triển đảng'),
  })
  await list('Search "phat trien dang" with an organization filter, page 1 with total', 'A filtered search counts its matches exactly (no estimate).', {
    offset: 0,
    words: words('phát triển đảng'),
    organizationSlug: 'bloc-committee-0',
  })
  await list(
    'List, page 1 with total',
    'No search: published and due-scheduled articles are two ranges of `Article_status_publishedAt_id_idx`, merged in order (Merge Append) and cut at the ' +
      'limit; the total is two index-only counts, most of the time here.',
    { offset: 0 },
  )
  await list('List, first page by cursor (no total)', 'The same page without the count.', {
    after: { publishedAt: new Date(now.getTime() + 1).toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
  })
  await list('List, page 400', 'OFFSET 7,980: each branch reads 8,001 index entries (index only), then 20 rows are fetched.', { offset: 7980 })
  await list(
    'List, cursor page as deep as page 400',
    'The keyset `(publishedAt, id) < (…)` is an index condition: a deep cursor page costs what the first costs.',
    { after: await cursorAt(7980) },
  )
  await list(
    'Organization filter: a bloc committee (its whole subtree), page 1 with total',
    'The closure table turns "this organization and everything below it" into one EXISTS probe per article read in index order; the total counts the ' +
      "subtree's articles.",
    { offset: 0, organizationSlug: 'bloc-committee-0' },
  )
  await list('Organization filter: a bloc committee, cursor page', 'The page alone.', {
    after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
    organizationSlug: 'bloc-committee-0',
  })
  await list('Organization filter: one cell, cursor page', 'A small subtree: the ordered scan probes more articles per match (see the closing note).', {
    after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' },
    organizationSlug: cell,
  })
  const detail: string[] = []
  const {
    rows: [{ slug }],
  } = await db.query(`SELECT slug FROM "Article" WHERE status = 'published' LIMIT 1`)
  await findPublicArticle(explaining(detail), slug, now, '/media')
  sections.push(`### One article by slug\n\n\`\`\`\n${detail[0]}\n\`\`\``)

  // the API runs these as named prepared statements: after five executions PostgreSQL may switch
  // to a generic plan made without the parameter values; show what it settles on (searches are sent
  // unnamed, so they have none)
  const generic: string[] = []
  for (const [title, input] of [
    ['List, first page by cursor', { after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' } }],
    [
      'Organization filter: one cell, cursor page',
      { after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' }, organizationSlug: cell },
    ],
  ] as const) {
    generic.push(`### ${title}\n\n\`\`\`\n${await cachedPlan({ now, limit: 20, ...input })}\n\`\`\``)
  }

  const doc = `# Query plans of the public read path

Generated by \`npx tsx scripts/explain-search.ts --articles ${sizes.join(',')}\` on ${now.toISOString().slice(0, 10)}
(PostgreSQL ${version}, ${os.cpus().length} CPUs shared with other work, default settings).

## Search from ${scaling[0]!.articles.toLocaleString('en')} to ${articles.toLocaleString('en')} articles

Page 1 with its total, as \`GET /v1/articles?q=…\` asks it (and the bench's R3). p50 / p95 are ${'sequential'}
round trips of the statement as the API sends it (unnamed) on one connection (${runs} in a row, after one unmeasured
run, on a loaded 2-core machine: compare within a column group, not across runs); the plan below each size is
one \`EXPLAIN (ANALYZE, BUFFERS)\` after them. A total marked ≈ is an estimate (\`meta.totalEstimated\`).

${scalingSection(scaling)}

## The other reads at ${articles.toLocaleString('en')} articles

From the same generated corpus: ${stats.total} articles
(${stats.published} published; the rest scheduled, draft or archived), Vietnamese text produced by a
syllable chain trained on the demo articles, average folded search text ${stats.avg_search_text} characters,
heap ${stats.heap}, GIN index on \`searchVector\` ${stats.fts}, trigram index on \`searchText\` (the staff list's)
${stats.trgm ?? 'not built in this corpus (the public reads do not use it)'}. The statements are the ones the API runs
(\`src/db/queries/public-articles.ts\`), with their parameters bound; nothing is forced (\`enable_seqscan\` is on).

| query | total | execution | access paths |
|---|---|---|---|
${summary.join('\n')}

${sections.join('\n\n')}

## Cached generic plans (named prepared statements)

The API prepares each statement once per connection. After five executions PostgreSQL compares the
custom plans with a generic one built without parameter values and may keep the generic one; these are
the plans it settled on after six executions of each statement on one connection (\`EXPLAIN ANALYZE EXECUTE\`).
Searches are sent unnamed (planned with their words every time): a generic plan cannot know whether
the words are rare (read the GIN indexes) or frequent (walk the date index), and the wrong one read
the whole table.

${generic.join('\n\n')}

## Closing note

- A search is two walks over generated, stripped \`tsvector\` columns (\`searchTitleVector\`, \`searchVector\`,
  'simple' configuration over the folded text): title matches newest first, then the other matches newest first,
  each cut at the rows the page needs. In each branch the planner picks the date index (stopping after a page of
  matches) when matches are dense, or the GIN index and a sort of the matches when they are rare.
- A prefix term (\`nghi:*\`) makes a GIN scan gather the posting lists of every lexeme it starts before
  ANDing them: for a word most articles hold, that is the whole corpus (410 ms for \`nghi:* & quyet:* & 99:*\`
  at 100,000 articles, 0.06 ms for \`99:*\`). So each GIN index is asked only for the words PostgreSQL's own
  statistics (\`pg_stats.most_common_elems\`) do not list as common, or the rarest one, and the whole query is
  checked on the rows found (\`ts_match_vq\`), see \`src/db/queries/search-stats.ts\`. The statements are sent
  unnamed: a cached generic plan cannot tell rare words from common ones.
- What stays is the middle: title matches of a few tenths of a percent (the "common" row: its words are
  in most texts but in few titles) are too sparse for the date walk to stop early and too many for a sort of
  them to stay small. The date walk reads about 21 / share rows whatever the corpus size, but a second
  branch (due scheduled articles) and the GIN alternative grow with it.
- Page-mode totals count exactly only when the walks saw every match, or a filter narrows the search;
  otherwise they are the share of matches among the newest public articles scaled to the table's row
  estimate, and the response says so (\`meta.totalEstimated: true\`). Cursor pages have no total.
- The organization filter reads articles newest first and probes the closure table per article, which is
  ideal for large subtrees and costs more for a cell with few articles (it reads until it has a page).
`
  await mkdir('docs', { recursive: true })
  await writeFile('docs/search-explain.md', doc)
  console.log('wrote docs/search-explain.md')
} finally {
  await pool?.end()
  if (!keep) await dropDatabase(admin, database)
  await admin.end()
}

function accessPaths(plan: string): string[] {
  const found =
    plan.match(/Bitmap Index Scan on "\w+"|Index Only Scan using "\w+" on "Article"|Index Scan using "\w+" on "Article"|Seq Scan on "Article"|Merge Append/g) ??
    []
  return [...new Set(found)].filter((p) => p !== 'Index Scan using "Article_pkey" on "Article"')
}

function literal(v: unknown): string {
  return v instanceof Date ? `'${v.toISOString()}'` : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`
}

/** The plan of a list statement after six named executions on one connection. */
async function cachedPlan(input: ArticleListInput): Promise<string> {
  let statement: Statement | undefined
  let params: unknown[] = []
  const capture: Query = async <Row>(s: Statement, values: unknown[]) => {
    statement = s
    params = values
    return [{ total: null, fetched: 0, items: [], stamp: '' }] as Row[]
  }
  await listPublicArticles(capture, input)
  const client = await pool!.connect()
  try {
    for (let i = 0; i < 6; i++) await client.query({ name: statement!.name, text: statement!.text, values: params })
    const plan = await client.query(`EXPLAIN (ANALYZE) EXECUTE ${statement!.name}(${params.map(literal).join(', ')})`)
    const {
      rows: [counts],
    } = await client.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [statement!.name])
    return `-- generic plans: ${counts.generic_plans}, custom plans: ${counts.custom_plans}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`
  } finally {
    client.release()
  }
}

async function cursorAt(offset: number): Promise<{ publishedAt: string; id: string }> {
  const {
    rows: [row],
  } = await pool!.query(`SELECT "publishedAt", id FROM "Article" WHERE status = 'published' ORDER BY "publishedAt" DESC, id DESC OFFSET $1 LIMIT 1`, [offset])
  return { publishedAt: row.publishedAt.toISOString(), id: row.id }
}
