// Which search words a GIN index should be asked for. A prefix term (`nghi:*`) makes GIN gather the
// posting lists of every lexeme it starts, before ANDing: for a word most articles contain that is
// a walk over the whole corpus (410 ms for "nghi:* & quyet:* & 99:*" at 100,000 articles, against
// 0.06 ms for "99:*" with the rest checked on the rows found). So only the rarest words go to the
// index; the whole query is then checked on each row (ts_match_vq, the function behind @@, which
// the planner does not match to an index). Rarity comes from PostgreSQL's own statistics of the
// vectors (pg_stats.most_common_elems), read once per ten minutes per process.
import type { Query } from './statement.ts'
import { statement } from './statement.ts'

type Frequencies = Array<[lexeme: string, share: number]>
export interface SearchStats {
  text: Frequencies
  title: Frequencies
}

const TTL_MS = 10 * 60_000
let cached: { at: number; stats: Promise<SearchStats> } | undefined

const statsStatement = statement(
  'search_stats',
  `SELECT attname AS column, most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
   FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'Article' AND attname IN ('searchVector', 'searchTitleVector')`,
)

/** The vectors' most common lexemes with the share of articles holding each; empty before ANALYZE. */
export function searchStats(query: Query, now = Date.now()): Promise<SearchStats> {
  if (!cached || now - cached.at > TTL_MS) {
    const stats = query<{ column: string; elems: string[] | null; freqs: number[] | null }>(statsStatement, []).then((rows) => {
      const of = (column: string): Frequencies => {
        const row = rows.find((r) => r.column === column)
        return (row?.elems ?? []).map((e, i) => [e, row!.freqs![i] ?? 0])
      }
      return { text: of('searchVector'), title: of('searchTitleVector') }
    })
    cached = { at: now, stats }
    // a failed read is not kept: the next search asks again
    stats.catch(() => {
      if (cached?.stats === stats) cached = undefined
    })
  }
  return cached.stats
}

/** An upper bound of the share of articles with a word starting `word`; 0 when no common lexeme does. */
export function prefixShare(frequencies: Frequencies, word: string): number {
  let share = 0
  for (const [lexeme, f] of frequencies) if (lexeme.startsWith(word)) share += f
  return Math.min(share, 1)
}

/**
 * The words to ask the index for: every word none of the common lexemes starts (cheap, and each
 * narrows), else the single rarest; all of them when there are no statistics.
 */
export function indexedWords(frequencies: Frequencies, words: readonly string[]): string[] {
  if (frequencies.length === 0 || words.length < 2) return [...words]
  const shares = words.map((w) => ({ w, share: prefixShare(frequencies, w) }))
  const rare = shares.filter((s) => s.share === 0).map((s) => s.w)
  if (rare.length) return rare
  return [shares.reduce((a, b) => (b.share < a.share ? b : a)).w]
}

/**
 * Below this share of the articles a word is rare: reading its matches from GIN and sorting them
 * (at most 5,000 at a million articles) beats walking the date index, which finds a page of 20 of a
 * word at this share within about 4,000 rows.
 */
export const RARE_SHARE = 0.005

/**
 * Whether the index words include a rare one: none of the common lexemes starts it (it fell below
 * the statistics' cut) or those that do are below RARE_SHARE. Its matches are few, so reading them
 * all from GIN and sorting beats walking the date index — which the planner, guessing hundreds of
 * matches for an unknown word, would otherwise choose and then walk the whole archive when there
 * are none (22–38 s at 1,000,000 articles).
 */
export function hasRareWord(frequencies: Frequencies, indexed: readonly string[]): boolean {
  return frequencies.length > 0 && indexed.some((w) => prefixShare(frequencies, w) < RARE_SHARE)
}

/** Forget the statistics (a script that moves to another database). */
export function resetSearchStats(): void {
  cached = undefined
}
