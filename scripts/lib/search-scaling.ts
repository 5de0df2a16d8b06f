// The search half of docs/search-explain.md: the bench's searches (bench/searches.ts) on its datasets
// of several sizes, each sent as the API sends it — a first page is a named statement on its kept
// generic plan, other statements are planned with their values (Statement.prepared) — with its
// sequential latency, its plan, and the plans of the statements it runs inside a function.
import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import { listPublicArticles, type ArticleListInput } from '../../src/db/queries/public-articles.ts'
import type { Query, Statement } from '../../src/db/queries/statement.ts'
import { searchWords } from '../../src/lib/vietnamese.ts'
import { SEARCHES } from '../../bench/searches.ts'

export interface Measured {
  id: string
  name: string
  q: string
  why: string
  total: number | null
  estimated: boolean | null
  /** named: on the generic plan PostgreSQL kept (after the timed runs); else planned with its values */
  named: boolean
  plan: string
  /** auto_explain's plans of the statements run inside the statement's functions */
  nested: string[]
  p50: number
  p95: number
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!

/** A value written into `EXECUTE name(…)`: PostgreSQL gives it the parameter's type. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL'
  if (v instanceof Date) return `'${v.toISOString()}'`
  return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`
}

/** One session that runs statements as the API would, and whose auto_explain can show nested plans. */
export async function explainingSession(pool: pg.Pool) {
  const client = await pool.connect()
  const notices: string[] = []
  client.on('notice', (n) => notices.push(n.message ?? ''))
  await client.query(`LOAD 'auto_explain'`)
  await client.query(`SET auto_explain.log_level = notice; SET client_min_messages = notice; SET auto_explain.log_nested_statements = on;
    SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on; SET auto_explain.log_min_duration = -1`)
  const run = (s: Statement, values: unknown[]) => client.query(s.prepared === false ? { text: s.text, values } : { name: s.name, text: s.text, values })
  let last: { statement: Statement; values: unknown[] } | undefined
  return {
    run,
    /** a Query for the read functions, which remembers the last statement: the page's (the statistics are read first) */
    query: (async <Row>(statement: Statement, values: unknown[]) => {
      last = { statement, values }
      return (await run(statement, values)).rows as Row[]
    }) as Query,
    last: () => last!,
    /**
     * The statement's plan as it runs (EXPLAIN EXECUTE for a named one: the plan the session kept)
     * and the plans auto_explain logs for the statements inside its functions, from one more run.
     */
    async explain(s: Statement, values: unknown[]): Promise<{ plan: string; nested: string[]; named: boolean }> {
      const named = s.prepared !== false
      await client.query('SET auto_explain.log_min_duration = 0')
      notices.length = 0
      await run(s, values)
      await client.query('SET auto_explain.log_min_duration = -1')
      // the outer statement is logged last, after what ran inside it
      const nested = notices.slice(0, -1).map((n) => n.replace(/^duration: [\d.]+ ms\s+plan:\n/, ''))
      const explained = named
        ? await client.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${s.name}(${values.map(literal).join(', ')})`)
        : await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, values })
      let plan = explained.rows.map((r) => r['QUERY PLAN'] as string).join('\n')
      if (named) {
        const counts = await client.query('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1', [s.name])
        plan = `-- generic plans: ${counts.rows[0]?.generic_plans}, custom plans: ${counts.rows[0]?.custom_plans}\n${plan}`
      }
      return { plan, nested, named }
    },
    release: () => client.release(true),
  }
}

/** Page 1 with its total (what the bench asks), timed `runs` times in a row, then explained. */
export async function measureSearches(pool: pg.Pool, input: Omit<ArticleListInput, 'limit' | 'offset' | 'words'>, runs = 60): Promise<Measured[]> {
  const out: Measured[] = []
  const session = await explainingSession(pool)
  try {
    for (const { id, name, q, why } of SEARCHES) {
      const rows = await listPublicArticles(session.query, { ...input, limit: 20, offset: 0, words: [...new Set(searchWords(q))] })
      const { statement, values } = session.last()
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const started = performance.now()
        await session.run(statement, values)
        times.push(performance.now() - started)
      }
      const explained = await session.explain(statement, values)
      out.push({ id, name, q, why, total: rows.total, estimated: rows.totalEstimated, ...explained, p50: quantile(times, 0.5), p95: quantile(times, 0.95) })
    }
  } finally {
    session.release()
  }
  return out
}

/** The markdown of the scaling section: one table across sizes, then each size's plans. */
export function scalingSection(results: Array<{ articles: number; measured: Measured[] }>): string {
  const base = results[0]!
  const fmt = (n: number) => n.toLocaleString('en')
  const head = `| search | ${results.map((r) => `${fmt(r.articles)}: total, p50 / p95`).join(' | ')} | p95 ratio ${results
    .slice(1)
    .map((r) => `${fmt(r.articles)}/${fmt(base.articles)}`)
    .join(', ')} |`
  const rows = SEARCHES.map(({ id, name, q, why }, i) => {
    const cells = results.map((r) => {
      const m = r.measured[i]!
      return `${m.total === null ? '–' : `${m.estimated ? '≈' : ''}${fmt(m.total)}`}, ${m.p50.toFixed(2)} / ${m.p95.toFixed(2)} ms`
    })
    const ratios = results.slice(1).map((r) => (r.measured[i]!.p95 / base.measured[i]!.p95).toFixed(2))
    return `| ${id} ${name}: "${q}" (${why}) | ${cells.join(' | ')} | ${ratios.join(', ')} |`
  })
  const block = (text: string) => `\`\`\`\n${text}\n\`\`\``
  const plans = results.map(
    (r) =>
      `### ${fmt(r.articles)} articles\n\n` +
      r.measured
        .map(
          (m) =>
            `#### ${m.id} ${m.name}: "${m.q}"\n\n` +
            `${m.named ? 'Named statement (EXPLAIN EXECUTE after the timed runs)' : 'Unnamed statement, planned with its values'}:\n\n${block(m.plan)}` +
            (m.nested.length ? `\n\nInside \`article_search_matches\` (auto_explain):\n\n${m.nested.map(block).join('\n\n')}` : ''),
        )
        .join('\n\n'),
  )
  return `${head}\n|${'---|'.repeat(results.length + 2)}\n${rows.join('\n')}\n\n${plans.join('\n\n')}`
}
