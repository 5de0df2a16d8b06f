// The read scenarios of issue 6 and its targets.
import type { Dataset } from './dataset.ts'
import type { LoadResult } from './load.ts'
import type { Target } from './report.ts'
import type { W1Result, W2Result, W3Result } from './writes.ts'

export interface Scenario {
  id: string
  name: string
  baseline: boolean
  next: () => { path: string }
}

const rotate = (paths: string[]) => {
  let i = 0
  return () => ({ path: paths[i++ % paths.length]! })
}

/** The scenarios for a dataset; also checks that the baseline answers byte for byte as we do. */
export async function scenarios(serverUrl: string, baselineUrl: string, data: Dataset): Promise<Scenario[]> {
  const text = async (url: string) => {
    const r = await fetch(url)
    if (!r.ok) throw new Error(`${url}: ${r.status}`)
    return r.text()
  }
  const newest = data.slugs.slice(0, 100)
  if (serverUrl !== baselineUrl) {
    for (const path of ['/v1/articles?limit=20', `/v1/articles/${newest[0]}`]) {
      const [ours, theirs] = await Promise.all([text(serverUrl + path), text(baselineUrl + path)])
      if (ours !== theirs) throw new Error(`the baseline's ${path} differs from ours: the comparison would be unfair`)
    }
  }
  // page 400 of 20 needs 8,000 articles; a smaller (--quick) dataset goes as deep as it can
  const deepPage = Math.max(2, Math.min(400, Math.floor(data.articles / 20) - 1))
  const deep = JSON.parse(await text(`${serverUrl}/v1/articles?limit=20&page=${deepPage - 1}`)) as { meta: { nextCursor: string | null } }
  const blocs = data.orgSlugs.filter((s) => s.startsWith('dang-bo-khoi-'))
  return [
    { id: 'R1', name: 'list page 1', baseline: true, next: rotate(['/v1/articles?limit=20']) },
    { id: 'R2', name: 'article by slug', baseline: true, next: rotate(newest.map((s) => `/v1/articles/${s}`)) },
    {
      id: 'R3',
      name: 'search, 3 folded words',
      baseline: false,
      next: rotate(['phat trien dang', 'chuyen doi so', 'nghi quyet 21', 'nong thon moi'].map((q) => `/v1/articles?limit=20&q=${encodeURIComponent(q)}`)),
    },
    { id: 'R4', name: 'organization subtree feed', baseline: false, next: rotate(blocs.map((s) => `/v1/articles?limit=20&organization=${s}`)) },
    { id: 'R7', name: 'section subtree feed', baseline: false, next: rotate(data.topSectionSlugs.map((s) => `/v1/articles?limit=20&section=${s}`)) },
    { id: 'R8', name: 'tag feed', baseline: false, next: rotate(data.hotTagSlugs.map((s) => `/v1/articles?limit=20&tag=${s}`)) },
    { id: 'R5', name: `deep page (page ${deepPage})`, baseline: false, next: rotate([`/v1/articles?limit=20&page=${deepPage}`]) },
    { id: 'R5c', name: 'deep page (cursor)', baseline: false, next: rotate([`/v1/articles?limit=20&cursor=${deep.meta.nextCursor}`]) },
    {
      id: 'R6',
      name: 'public comments',
      baseline: false,
      next: rotate((data.commentedSlugs.length ? data.commentedSlugs : newest).map((s) => `/v1/articles/${s}/comments`)),
    },
    // tags first, then the primary section, then organizations: a dataset without tags and sections
    // measures the organization group alone
    { id: 'R9', name: 'related articles', baseline: false, next: rotate(newest.map((s) => `/v1/articles/${s}/related`)) },
    // feeds and sitemaps (no targets of their own here: bench/sitemaps.ts measures them at 100,000)
    { id: 'R10', name: 'RSS feed', baseline: false, next: rotate(['/feeds/rss.xml']) },
    { id: 'R11', name: 'sitemap index', baseline: false, next: rotate(['/sitemap.xml']) },
    { id: 'R12', name: "a month's sitemap", baseline: false, next: rotate([await newestMonthSitemap(serverUrl, text)]) },
  ]
}

/** The path of the newest month's sitemap, as the index names it. */
async function newestMonthSitemap(serverUrl: string, text: (url: string) => Promise<string>): Promise<string> {
  const loc = /<loc>[^<]*(\/sitemaps\/articles-\d{4}-\d{2}\.xml)<\/loc>/.exec(await text(`${serverUrl}/sitemap.xml`))
  if (!loc) throw new Error('the sitemap index names no month')
  return loc[1]!
}

type Measured = Record<string, { off?: LoadResult; on?: LoadResult; base?: LoadResult; rss: number }>

export function targetsOf(m: Measured, x: { w1: W1Result; w2: W2Result; w3: W3Result | null; peakRss: number; r3small: number | null }): Target[] {
  const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : NaN)
  const fmt = (v: number, unit = '×') => `${v.toFixed(2)}${unit}`
  const t: Target[] = []
  for (const id of ['R1', 'R2']) {
    const s = m[id]
    if (!s) continue
    const r = ratio(s.off?.rps, s.base?.rps)
    t.push({ id, what: 'cache off req/s', target: '≥ 1.0× baseline', measured: fmt(r), met: r >= 1 })
    const p = ratio(s.off?.p99, s.base?.p99)
    t.push({ id, what: 'cache off p99', target: '≤ 1.5× baseline', measured: fmt(p), met: p <= 1.5 })
    const c = ratio(s.on?.rps, s.base?.rps)
    t.push({ id, what: 'cache on req/s', target: '≥ 4× baseline', measured: fmt(c), met: c >= 4 })
  }
  const r3 = m.R3?.off?.p95
  t.push(
    x.r3small === null || r3 === undefined
      ? {
          id: 'R3',
          what: 'search p95 at scale',
          target: '≤ 2× p95 at 2,000 articles',
          measured: `p95 ${r3 ?? '?'} ms (scale run: --articles 100000)`,
          met: null,
        }
      : {
          id: 'R3',
          what: 'search p95 at scale',
          target: '≤ 2× p95 at 2,000 articles',
          measured: `${r3} ms vs ${x.r3small} ms = ${fmt(r3 / x.r3small)}`,
          met: r3 <= 2 * x.r3small,
        },
  )
  const notRun = (id: string, what: string, target: string): Target => ({ id, what, target, measured: 'not run (--only)', met: null })
  // a section subtree and a tag are filters of the same kind as an organization subtree (one indexed EXISTS)
  for (const id of ['R7', 'R8']) {
    const what = `${id === 'R7' ? 'section subtree' : 'tag'} feed p50 (cache off)`
    const r = ratio(m[id]?.off?.p50, m.R4?.off?.p50)
    t.push(Number.isNaN(r) ? notRun(id, what, '≤ 1.2× R4 p50') : { id, what, target: '≤ 1.2× R4 p50', measured: fmt(r), met: r <= 1.2 })
  }
  const r9 = m.R9?.off?.p95
  t.push(
    r9 === undefined
      ? notRun('R9', 'related p95 (cache off)', '< 30 ms at 100,000 articles')
      : {
          id: 'R9',
          what: 'related p95 (cache off)',
          target: '< 30 ms at 100,000 articles',
          measured: `${r9} ms`,
          met: r9 < 30,
        },
  )
  for (const id of ['R5', 'R5c']) {
    const what = `${id === 'R5c' ? 'cursor' : 'page 400'} p50 (cache off)`
    const r = ratio(m[id]?.off?.p50, m.R1?.off?.p50)
    t.push(Number.isNaN(r) ? notRun(id, what, '≤ 1.5× R1 p50') : { id, what, target: '≤ 1.5× R1 p50', measured: fmt(r), met: r <= 1.5 })
  }
  t.push(
    x.w1.responses === 0
      ? notRun('W1', 'comments accepted/s, 0 lost', '≥ 500/s, 0 lost')
      : {
          id: 'W1',
          what: 'comments accepted/s, 0 lost',
          target: '≥ 500/s, 0 lost',
          measured: `${x.w1.acceptedPerSecond}/s, ${x.w1.lost} lost (${x.w1.accepted} accepted, ${x.w1.committed} committed)`,
          met: x.w1.acceptedPerSecond >= 500 && x.w1.lost === 0,
        },
  )
  t.push(
    x.w2.decisions === 0 && x.w2.errors === 0
      ? notRun('W2', 'decisions/s, 0 double', '≥ 300/s, 0 double')
      : {
          id: 'W2',
          what: 'decisions/s, 0 double',
          target: '≥ 300/s, 0 double',
          measured: `${x.w2.decisionsPerSecond}/s, ${x.w2.doubleDecisions} double, ${x.w2.conflicts} conflicts`,
          met: x.w2.decisionsPerSecond >= 300 && x.w2.doubleDecisions === 0,
        },
  )
  t.push(
    !x.w3
      ? notRun('W3', '1,000 publications → webhook deliveries', '1,000 delivered, 0 lost, 0 duplicates, p95 < 1 s after commit')
      : {
          id: 'W3',
          what: '1,000 publications → webhook deliveries',
          target: '1,000 delivered, 0 lost, 0 duplicates, p95 < 1 s after commit',
          measured:
            `${x.w3.delivered} delivered, ${x.w3.lost} lost, ${x.w3.duplicates} duplicates, p95 ${x.w3.p95} ms (p50 ${x.w3.p50}, max ${x.w3.max}); ` +
            `${x.w3.publishPerSecond} publishes/s`,
          met: x.w3.delivered === 1000 && x.w3.lost === 0 && x.w3.duplicates === 0 && x.w3.p95 < 1000,
        },
  )
  t.push({ id: 'RSS', what: 'server RSS under load', target: '≤ 200 MB', measured: `${x.peakRss} MB`, met: x.peakRss <= 200 })
  const errors = Object.values(m).reduce((n, s) => n + [s.off, s.on].reduce((k, r) => k + (r ? r.non2xx + r.errors : 0), 0), 0)
  t.push({ id: 'ERR', what: 'non-2xx/304 in read scenarios', target: '0', measured: String(errors), met: errors === 0 })
  return t
}
