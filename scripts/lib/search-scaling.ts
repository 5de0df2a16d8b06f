// The search half of docs/search-explain.md: the same searches on corpora of several sizes, each
// with its plan and the sequential latency of the statement as the API sends it (unnamed: planned
// with its values every time, see Statement.prepared).
import { performance } from 'node:perf_hooks'
import type pg from 'pg'
import { listPublicArticles } from '../../src/db/queries/public-articles.ts'
import type { Query, Statement } from '../../src/db/queries/statement.ts'
import { foldedWords } from '../../src/lib/vietnamese.ts'

export const SCALING_QUERIES = [
  { name: 'common', q: 'phát triển đảng', why: 'three words most articles contain (the bench asks it)' },
  { name: 'rare', q: 'Nghị quyết 99', why: 'a phrase in three titles at every size' },
  { name: 'mixed', q: 'đảng 57', why: 'a word most articles contain with a number in 0.2 % of titles' },
  { name: 'uncommon', q: 'Nghị quyết 57', why: 'a phrase in 0.2 % of titles: its matches grow with the corpus' },
] as const

export interface Measured {
  name: string
  q: string
  total: number | null
  estimated: boolean | null
  plan: string
  execution: number
  p50: number
  p95: number
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!

/** Page 1 with its total (what the bench asks), explained once, then timed `runs` times in a row. */
export async function measureSearches(pool: pg.Pool, now: Date, runs = 60): Promise<Measured[]> {
  const out: Measured[] = []
  const client = await pool.connect()
  try {
    for (const { name, q } of SCALING_QUERIES) {
      let statement: Statement | undefined
      let values: unknown[] = []
      const capture: Query = async <Row>(s: Statement, v: unknown[]) => {
        statement = s
        values = v
        return (await client.query(s.prepared === false ? { text: s.text, values: v } : { name: s.name, text: s.text, values: v })).rows as Row[]
      }
      const rows = await listPublicArticles(capture, { now, limit: 20, offset: 0, words: [...new Set(foldedWords(q))] })
      const times: number[] = []
      for (let i = 0; i < runs; i++) {
        const started = performance.now()
        await client.query(statement!.prepared === false ? { text: statement!.text, values } : { name: statement!.name, text: statement!.text, values })
        times.push(performance.now() - started)
      }
      const explained = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${statement!.text}`, values })
      const plan = explained.rows.map((r) => r['QUERY PLAN'] as string).join('\n')
      const execution = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1])
      out.push({ name, q, total: rows.total, estimated: rows.totalEstimated, plan, execution, p50: quantile(times, 0.5), p95: quantile(times, 0.95) })
    }
  } finally {
    client.release()
  }
  return out
}

/** The markdown of the scaling section: one table across sizes, then each size's plans. */
export function scalingSection(results: Array<{ articles: number; loadSeconds: number | null; measured: Measured[] }>): string {
  const base = results[0]!
  const fmt = (n: number) => n.toLocaleString('en')
  const head = `| query | ${results.map((r) => `${fmt(r.articles)}: total, p50 / p95`).join(' | ')} | p95 ratio ${results
    .slice(1)
    .map((r) => `${fmt(r.articles)}/${fmt(base.articles)}`)
    .join(', ')} |`
  const rows = SCALING_QUERIES.map(({ name, q, why }, i) => {
    const cells = results.map((r) => {
      const m = r.measured[i]!
      return `${m.total === null ? '–' : `${m.estimated ? '≈' : ''}${fmt(m.total)}`}, ${m.p50.toFixed(2)} / ${m.p95.toFixed(2)} ms`
    })
    const ratios = results.slice(1).map((r) => (r.measured[i]!.p95 / base.measured[i]!.p95).toFixed(2))
    return `| ${name}: "${q}" (${why}) | ${cells.join(' | ')} | ${ratios.join(', ')} |`
  })
  const plans = results.map(
    (r) =>
      `### ${fmt(r.articles)} articles${r.loadSeconds === null ? '' : ` (loaded in ${r.loadSeconds} s)`}\n\n` +
      r.measured.map((m) => `#### ${m.name}: "${m.q}"\n\n\`\`\`\n${m.plan}\n\`\`\``).join('\n\n'),
  )
  return `${head}\n|${'---|'.repeat(results.length + 2)}\n${rows.join('\n')}\n\n${plans.join('\n\n')}`
}
