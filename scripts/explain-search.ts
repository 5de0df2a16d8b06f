// Writes docs/search-explain.md: the query plans of the public article reads on a generated corpus
// (default 50,000 articles), in a scratch database that is created here and dropped afterwards.
//   npx tsx scripts/explain-search.ts [--articles 50000] [--keep]
// Needs a PostgreSQL server: TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres.
import { writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import pg from 'pg'
import { applyMigrations } from '../src/db/migrations.ts'
import { findPublicArticle, listPublicArticles, type ArticleListInput } from '../src/db/queries/public-articles.ts'
import type { Query, Statement } from '../src/db/queries/statement.ts'
import { foldedWords } from '../src/lib/vietnamese.ts'
import { loadSearchCorpus } from './lib/search-corpus.ts'
import { adminUrl, dropDatabase, withDatabase } from './lib/scratch-db.ts'

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined)
const articles = Number(arg('--articles') ?? 50_000)
const server = adminUrl()
const database = 'toasoan_explain'

const admin = new pg.Client({ connectionString: server })
await admin.connect()
await dropDatabase(admin, database)
await admin.query(`CREATE DATABASE ${database}`)
const pool = new pg.Pool({ connectionString: withDatabase(server, database), max: 1 })

try {
  await applyMigrations(pool)
  const started = Date.now()
  await loadSearchCorpus(pool, { articles, onProgress: (done, total) => process.stdout.write(`\rloading ${done}/${total} articles`) })
  process.stdout.write(`\rloaded ${articles} articles in ${((Date.now() - started) / 1000).toFixed(0)} s\n`)

  const {
    rows: [stats],
  } = await pool.query(`SELECT count(*) FILTER (WHERE status = 'published') AS published, count(*) AS total,
      pg_size_pretty(pg_relation_size('"Article"')) AS heap, pg_size_pretty(pg_relation_size('"Article_searchText_idx"')) AS trgm,
      round(avg(length("searchText"))) AS avg_search_text FROM "Article"`)
  const {
    rows: [{ server_version: version }],
  } = await pool.query('SHOW server_version')
  const now = new Date()
  const cell = (await pool.query(`SELECT slug FROM "Organization" WHERE kind = 'cell' LIMIT 1`)).rows[0].slug as string

  /** A Query that runs EXPLAIN ANALYZE of the statement it is given, then the statement itself. */
  function explaining(into: string[]): Query {
    return async <Row>(s: Statement, values: unknown[]) => {
      const plan = await pool.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, values })
      into.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'))
      return (await pool.query({ text: s.text, values })).rows as Row[]
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
    'Search "nghi quyet 57" (a rare phrase), page 1 with total',
    "Three folded words, each a `LIKE '% word%'` on `searchText`: the trigram GIN index `Article_searchText_idx` answers them together in one Bitmap Index " +
      'Scan; the few rows found are rechecked, ranked (title matches first) and sorted.',
    { offset: 0, words: rare },
  )
  await list(
    'Search "nghi quyet 57", cursor page',
    'The same search walked by cursor: no count; the keyset on (rank, publishedAt, id) applies after ranking.',
    { after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff', rank: 1 }, words: rare },
  )
  await list(
    'Search "nghi quyet 21" (a frequent phrase)',
    'The demo articles discuss Nghị quyết 21-NQ/TW, so the generated text mentions it often: the index still narrows the table, but every match is rechecked ' +
      'against its text and ranked.',
    { offset: 0, words: words('nghị quyết 21') },
  )
  await list(
    'Search "phat trien dang vien" (common words)',
    'Words that much of this party-news corpus contains. The cost grows with the number of matches, all of which are rechecked and ranked; see the closing ' +
      'note.',
    { offset: 0, words: words('phát triển đảng viên') },
  )
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
  } = await pool.query(`SELECT slug FROM "Article" WHERE status = 'published' LIMIT 1`)
  await findPublicArticle(explaining(detail), slug, now, '/media')
  sections.push(`### One article by slug\n\n\`\`\`\n${detail[0]}\n\`\`\``)

  // the API runs these as named prepared statements: after five executions PostgreSQL may switch
  // to a generic plan made without the parameter values; show what it settles on
  const generic: string[] = []
  for (const [title, input] of [
    ['Search "nghi quyet 57"', { offset: 0, words: rare }],
    ['List, first page by cursor', { after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' } }],
    [
      'Organization filter: one cell, cursor page',
      { after: { publishedAt: now.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' }, organizationSlug: cell },
    ],
  ] as const) {
    generic.push(`### ${title}\n\n\`\`\`\n${await cachedPlan({ now, limit: 20, ...input })}\n\`\`\``)
  }

  const doc = `# Query plans of the public read path

Generated by \`npx tsx scripts/explain-search.ts --articles ${articles}\` on ${now.toISOString().slice(0, 10)}
(PostgreSQL ${version}, ${os.cpus().length} CPUs, default settings) from a generated corpus: ${stats.total} articles
(${stats.published} published; the rest scheduled, draft or archived), Vietnamese text produced by a
syllable chain trained on the demo articles, average folded search text ${stats.avg_search_text} characters,
heap ${stats.heap}, trigram index on \`searchText\` ${stats.trgm}. The statements are the ones the API runs
(\`src/db/queries/public-articles.ts\`), with their parameters bound; nothing is forced (\`enable_seqscan\` is on).

| query | total | execution | access paths |
|---|---|---|---|
${summary.join('\n')}

${sections.join('\n\n')}

## Cached generic plans (named prepared statements)

The API prepares each statement once per connection. After five executions PostgreSQL compares the
custom plans with a generic one built without parameter values and may keep the generic one; these are
the plans it settled on after six executions of each statement on one connection (\`EXPLAIN ANALYZE EXECUTE\`).

${generic.join('\n\n')}

## Closing note

- A search is answered from the trigram index: every plan above, at ${articles.toLocaleString('en')} articles, starts from a
  Bitmap Index Scan on \`Article_searchText_idx\`, chosen by the planner with sequential scans allowed.
- Frequent words cannot be narrowed much by any index; the cost is then the number of matching rows, each
  rechecked with \`LIKE\` against its text and ranked. Cursor paging drops the count but not the ranking. Two
  ways to go further (issue 6): title and body matches as two ordered branches, so that frequent words stop
  at a page; or a GIN index on \`to_tsvector('simple', "searchText")\` queried with prefix terms
  (\`nghi:* & quyet:* & 21:*\`), which answers the same word-prefix question without the \`LIKE\` recheck.
- Totals are counts of every matching row. Cursor pages skip them, and a response cache can keep them.
- The organization filter reads articles newest first and probes the closure table per article, which is
  ideal for large subtrees and costs more for a cell with few articles (it reads until it has a page).
`
  await mkdir('docs', { recursive: true })
  await writeFile('docs/search-explain.md', doc)
  console.log('wrote docs/search-explain.md')
} finally {
  await pool.end()
  if (!process.argv.includes('--keep')) await dropDatabase(admin, database)
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
  const client = await pool.connect()
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
  } = await pool.query(`SELECT "publishedAt", id FROM "Article" WHERE status = 'published' ORDER BY "publishedAt" DESC, id DESC OFFSET $1 LIMIT 1`, [offset])
  return { publishedAt: row.publishedAt.toISOString(), id: row.id }
}
