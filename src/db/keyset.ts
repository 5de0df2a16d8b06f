// Keyset paging for lists read through Prisma: the rows after a cursor in the list's order (an
// index range, whatever the depth), or a page by number. The sort key must be non-null and end in
// a unique column (the id) so that every row has exactly one place.
import { badCursor, listMeta, type ListMeta, type Paging } from '../lib/paging.ts'

export interface SortKey {
  field: string
  dir: 'asc' | 'desc'
  type: 'date' | 'uuid' | 'int' | 'string' | 'bool'
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function cursorValue(value: unknown, type: SortKey['type']): Date | string | number | boolean {
  if (type === 'date' && typeof value === 'string') {
    const d = new Date(value)
    if (!Number.isNaN(d.getTime()) && d.toISOString() === value) return d
  } else if (type === 'uuid' && typeof value === 'string' && UUID.test(value)) return value
  else if (type === 'int' && Number.isSafeInteger(value)) return value as number
  else if (type === 'string' && typeof value === 'string' && value.length <= 1000) return value
  else if (type === 'bool' && typeof value === 'boolean') return value
  throw badCursor()
}

/**
 * Prisma's `where`, `orderBy`, `skip` and `take` for one page of `limit + 1` rows: by number with
 * `skip`, by cursor with `(a, b) > (x, y)` spelled as `a > x OR (a = x AND b > y)`.
 */
export interface KeysetWindow {
  where: Record<string, unknown>
  orderBy: Array<Record<string, 'asc' | 'desc'>>
  skip?: number
  take: number
}

/** A cursor's sort key, checked against the list's keys (a bad cursor is the client's 400). */
export function cursorKey(paging: Extract<Paging, { kind: 'cursor' }>, keys: readonly SortKey[]): Array<Date | string | number | boolean> {
  if (paging.cursor.length !== keys.length) throw badCursor()
  return keys.map((k, i) => cursorValue(paging.cursor[i], k.type))
}

export function keysetWindow(paging: Paging, keys: readonly SortKey[]): KeysetWindow {
  const orderBy = keys.map((k) => ({ [k.field]: k.dir }))
  const take = paging.limit + 1
  if (paging.kind === 'page') return { where: {}, orderBy, skip: (paging.page - 1) * paging.limit, take }
  const values = cursorKey(paging, keys)
  const after = keys.map((k, i) => ({
    AND: [...keys.slice(0, i).map((e, j) => ({ [e.field]: values[j] })), strictlyAfter(k, values[i]!)],
  }))
  return { where: { OR: after }, orderBy, take }
}

/**
 * The rows past a cursor, in SQL, for hand-written lists: `a > x OR (a = x AND b > y)`, each key in
 * its own direction (SQL orders booleans, false before true). `values` are the cursor's placeholders.
 */
export function keysetAfterSql(keys: readonly SortKey[], values: readonly string[], column: (k: SortKey) => string): string {
  const past = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((e, j) => `${column(e)} = ${values[j]}`)
    return `(${[...equal, `${column(k)} ${k.dir === 'asc' ? '>' : '<'} ${values[i]}`].join(' AND ')})`
  })
  return `(${past.join(' OR ')})`
}

/** `field` past `value` in the key's direction; Prisma has no gt/lt on booleans (false < true). */
function strictlyAfter(k: SortKey, value: Date | string | number | boolean): Record<string, unknown> {
  if (k.type !== 'bool') return { [k.field]: { [k.dir === 'asc' ? 'gt' : 'lt']: value } }
  const next = k.dir === 'asc' ? (value ? null : true) : value ? false : null
  // nothing comes after the last value: a condition no row meets
  return next === null ? { AND: [{ [k.field]: true }, { [k.field]: false }] } : { [k.field]: next }
}

/** The cursor key of a row: its sort key's values, dates as ISO strings. */
export function sortKeyOf(row: Record<string, unknown>, keys: readonly SortKey[]): Array<string | number | boolean> {
  return keys.map((k) => {
    const v = row[k.field]
    return v instanceof Date ? v.toISOString() : (v as string | number | boolean)
  })
}

/**
 * One page of a Prisma list: `read` gets the window (AND its `where` with the list's own filter),
 * `count` runs only when paging by number (a cursor walk has no totals), `present` maps the rows
 * shown. The next cursor comes from the last row shown.
 */
export async function prismaPage<R extends Record<string, unknown>, T>(
  paging: Paging,
  keys: readonly SortKey[],
  read: (w: KeysetWindow) => Promise<R[]>,
  count: () => Promise<number>,
  present: (rows: R[]) => T[] | Promise<T[]>,
): Promise<{ data: T[]; meta: ListMeta }> {
  const w = keysetWindow(paging, keys)
  const [rows, total] = await Promise.all([read(w), paging.kind === 'page' ? count() : undefined])
  const shown = rows.slice(0, paging.limit)
  const last = shown[shown.length - 1]
  return { data: await present(shown), meta: listMeta(paging, total, rows.length > paging.limit && last ? sortKeyOf(last, keys) : undefined) }
}
