// The benchmark's verdict: each target (issues 6 and 18) with its measured value and whether it is
// met, as a markdown table, and where the results file goes.
import { existsSync } from 'node:fs'

export interface Target {
  id: string
  what: string
  target: string
  measured: string
  met: boolean | null
}

export function markdown(
  meta: { date: string; machine: string; articles: number | string; rounds: number; seconds: number },
  rows: Array<Record<string, string | number>>,
  targets: Target[],
): string {
  const table = (head: string[], body: Array<Array<string | number>>) =>
    [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n')
  const cols = Object.keys(rows[0] ?? {})
  return [
    `### Benchmark ${meta.date} — ${meta.machine}`,
    `${meta.articles.toLocaleString('en')} published articles; 50 connections; ${meta.rounds} interleaved rounds of ${meta.seconds} s per target after a ` +
      `warm-up; medians of the rounds.`,
    '',
    table(
      cols,
      rows.map((r) => cols.map((c) => r[c] ?? '')),
    ),
    '',
    table(
      ['target', 'goal', 'measured', 'met'],
      targets.map((t) => [`${t.id} ${t.what}`, t.target, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']),
    ),
  ].join('\n')
}

/** bench/results/<name>.json, or with the time added when that file exists (a committed result stays as it was). */
export function resultFile(name: string): string {
  const file = `bench/results/${name}.json`
  return existsSync(file) ? `bench/results/${name}-${new Date().toISOString().slice(11, 19).replace(/:/g, '')}.json` : file
}
