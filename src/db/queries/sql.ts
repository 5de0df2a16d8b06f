// Small pieces shared by the public read queries.

/** Bound parameters in order of first use; `add` returns the placeholder, typed for the planner. */
export class Params {
  readonly values: unknown[] = []
  add(value: unknown, type: string): string {
    this.values.push(value)
    return `$${this.values.length}::${type}`
  }
}

/** Timestamps as JSON strings in the exact form of Date.prototype.toISOString(). */
export const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** Milliseconds since the epoch, for version stamps. */
export const epochMs = (expr: string) => `floor(extract(epoch FROM ${expr}) * 1000)::bigint`

/**
 * Public now: published, or scheduled with its time come. Decided at read time with the
 * service's clock, so a scheduled article appears on time without a job flipping its status.
 * A published article always has a publication time; one without could not be placed in the
 * newest-first order, so it is left out rather than shown at the top.
 */
export const isPublic = (alias: string, now: string) =>
  `(${alias}.status = 'published' AND ${alias}."publishedAt" IS NOT NULL OR ${alias}.status = 'scheduled' AND ${alias}."publishedAt" <= ${now})`

/** `LIKE` pattern matching a word that starts with `word` in text shaped as " word word ". */
export function wordPrefixPattern(word: string): string {
  return `% ${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
