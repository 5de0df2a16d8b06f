// The scale run's report (bench/sizes.ts): every scenario's p95 against its p95 at the first size,
// a target for each but the control, which is printed beside R3b without one.
import t from 'tap'
import { report, type SizeScenario } from '../../bench/sizes.ts'
import type { LoadResult } from '../../bench/load.ts'

const run = (p95: number, rest: Partial<LoadResult> = {}): LoadResult => ({
  rps: 1000,
  p50: p95 / 2,
  p95,
  p99: p95 * 2,
  responses: 500,
  non2xx: 0,
  errors: 0,
  statuses: {},
  ...rest,
})
const next = () => ({ path: '/' })
const list: SizeScenario[] = [
  { id: 'R3b', name: 'search, a rare word', next },
  { id: 'R3b2', name: 'search, a rare word, two a page (a control)', next, control: true },
]

t.test('a control gets its rows and ratios but no target', async (t) => {
  const { rows, targets } = report([2000, 1_000_000], list, {
    R3b: { 2000: run(40), 1000000: run(200) },
    R3b2: { 2000: run(30), 1000000: run(90) },
  })
  t.same(
    rows.map((r) => [r.scenario, r.articles, r['p95 vs 2,000']]),
    [
      ['R3b search, a rare word', '2,000', ''],
      ['R3b search, a rare word', '1,000,000', '5.00×'],
      ['R3b2 search, a rare word, two a page (a control)', '2,000', ''],
      ['R3b2 search, a rare word, two a page (a control)', '1,000,000', '3.00×'],
    ],
  )
  t.same(
    targets.map((x) => [x.id, x.met]),
    [
      ['R3b', false],
      ['R3b', true],
    ],
    'the p95 target for R3b (missed) and its req/s at 2,000 (met), nothing for R3b2',
  )
})

t.test('a control that fails a request is still an error', async (t) => {
  const { targets } = report([2000, 100_000], list, {
    R3b: { 2000: run(40), 100000: run(60) },
    R3b2: { 2000: run(30), 100000: run(45, { non2xx: 3 }) },
  })
  t.same(
    targets.filter((x) => x.id === 'ERR').map((x) => [x.what, x.measured]),
    [['R3b2 at 100,000: non-2xx/304', '3']],
  )
  t.notOk(targets.some((x) => x.id === 'R3b2'))
})
