// Small pieces shared by the public read queries.

/** Bound parameters in order of first use; `add` returns the placeholder, typed for the planner. */
export class Params {
  readonly values: unknown[] = []
  add(value: unknown, type: string): string {
    this.values.push(value)
    return `$${this.values.length}::${type}`
  }

  /**
   * A row count (for a LIMIT): written into the text when `written` (a statement planned once:
   * without its value, `LIMIT $n` is costed at a tenth of the table), else bound like any value.
   */
  count(n: number, written: boolean): string {
    if (!written) return this.add(n, 'int')
    if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`not a row count: ${n}`)
    return String(n)
  }
}

/** Timestamps as JSON strings in the exact form of Date.prototype.toISOString(). */
export const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** Milliseconds since the epoch, for version stamps. */
export const epochMs = (expr: string) => `floor(extract(epoch FROM ${expr}) * 1000)::bigint`

/**
 * A tsquery asking for every word as a prefix, `'nghi':* & 'quyet':*`, bound as `$n::tsquery`: its
 * lexemes are the words as they are, as the search vectors' are (migration
 * 20261201000000_search_vectors_of_words). Through to_tsquery the parser would split a word such
 * as "2e5x" into "2e5" followed by "x", a phrase that a vector without positions never matches.
 */
export function prefixTsQuery(words: readonly string[]): string {
  return words.map((w) => `'${w.replace(/['\\]/g, '\\$&')}':*`).join(' & ')
}
