// Paging for every list, public and staff: the query (`page` or `cursor`, and `limit`), opaque
// keyset cursors, the `meta` block and the `Link: rel="next"` header. A list reads `limit + 1`
// rows; the extra one says whether another page follows and gives the next cursor.
import { Type, type Static } from 'typebox'
import { BadRequestError } from './errors.ts'
import { SLUG_PATTERN } from './vietnamese.ts'

export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$'
export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 100

/** The query fields of every list; spread into a list's query schema. `defaultLimit` where a list shows more. */
export function pagingQuery(what = 'items', defaultLimit = DEFAULT_LIMIT) {
  return {
    page: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'page number, from 1; the response carries `total` and `totalPages`. Not with `cursor`.',
        examples: [2],
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        pattern: CURSOR_PATTERN,
        maxLength: 512,
        description: '`meta.nextCursor` of the previous page (keyset paging for infinite scroll; no totals). Not with `page`.',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: defaultLimit, description: `${what} per page`, examples: [defaultLimit] })),
  }
}

export const ListMetaSchema = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT }),
    total: Type.Optional(Type.Integer({ minimum: 0 })),
    totalPages: Type.Optional(Type.Integer({ minimum: 0 })),
    totalCapped: Type.Optional(
      Type.Boolean({
        description:
          "present and true when counting stopped at the server's cap (LIST_TOTAL_CAP): there are at least `total` items, " +
          '`totalPages` counts those, and `nextCursor`/the `Link` header say whether another page follows',
      }),
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { description: 'page mode carries `page`, `total` and `totalPages`; cursor mode only `limit` and `nextCursor`' },
)
export type ListMeta = Static<typeof ListMetaSchema>

/** Either a page number (with totals) or a keyset position after the previous page's last row. */
export type Paging = { kind: 'page'; page: number; limit: number } | { kind: 'cursor'; limit: number; cursor: unknown[] }

/** A cursor is the JSON array of the last row's sort key, base64url-encoded: opaque to clients. */
export function encodeCursor(key: ReadonlyArray<string | number | boolean>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** The sort key inside a cursor, or undefined when it is not one of ours. */
export function decodeCursor(raw: string): unknown[] | undefined {
  // Buffer's decoder skips characters outside the alphabet; reject them instead of guessing
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    return Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

export function badCursor(detail = 'the cursor is malformed or belongs to another list; start again from the first page'): BadRequestError {
  return new BadRequestError(detail, [{ path: 'querystring/cursor', message: 'is not a valid cursor for this list' }])
}

/** The paging a validated query asks for: `page` and `cursor` are mutually exclusive. */
export function pagingOf(query: { page?: number; cursor?: string; limit?: number }, defaultLimit = DEFAULT_LIMIT): Paging {
  const limit = query.limit ?? defaultLimit
  if (query.page !== undefined && query.cursor !== undefined) {
    throw new BadRequestError('use either page or cursor, not both', [{ path: 'querystring/cursor', message: 'must not be combined with page' }])
  }
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor)
    if (!cursor) throw badCursor()
    return { kind: 'cursor', limit, cursor }
  }
  return { kind: 'page', page: query.page ?? 1, limit }
}

const SLUG = new RegExp(SLUG_PATTERN)

/** Where a list ordered by slug (unique) starts: an offset for a page number, the last slug for a cursor. */
export function slugWindow(paging: Paging): { limit: number; offset: number } | { limit: number; afterSlug: string } {
  if (paging.kind === 'page') return { limit: paging.limit, offset: (paging.page - 1) * paging.limit }
  const [slug, ...rest] = paging.cursor
  if (typeof slug !== 'string' || !SLUG.test(slug) || rest.length) throw badCursor()
  return { limit: paging.limit, afterSlug: slug }
}

/** `meta` for a page read with `limit + 1` rows: the extra row tells whether another page follows. */
export function listMeta(
  paging: Paging,
  total: number | undefined,
  nextKey: ReadonlyArray<string | number | boolean> | undefined,
  /** counting stopped at this many: `total` is a lower bound */
  cap?: number,
): ListMeta {
  const nextCursor = nextKey ? encodeCursor(nextKey) : null
  if (paging.kind === 'cursor') return { limit: paging.limit, nextCursor }
  const capped = cap !== undefined && (total ?? 0) > cap
  const count = capped ? cap : (total ?? 0)
  const meta: ListMeta = { page: paging.page, limit: paging.limit, total: count, totalPages: Math.ceil(count / paging.limit), nextCursor }
  return capped ? { ...meta, totalCapped: true } : meta
}

/**
 * A page from rows read with `limit + 1`: the data, and the meta with the next cursor taken from
 * the last row shown (`keyOf` gives its sort key, in the list's order).
 */
export function pageOf<T>(
  rows: T[],
  paging: Paging,
  total: number | undefined,
  keyOf: (row: T) => ReadonlyArray<string | number>,
): { data: T[]; meta: ListMeta } {
  const data = rows.slice(0, paging.limit)
  const last = data[data.length - 1]
  return { data, meta: listMeta(paging, total, rows.length > paging.limit && last ? keyOf(last) : undefined) }
}

/**
 * The `Link` header for the next page, keeping every other query parameter: `page + 1` when the
 * request paged by number, the next cursor when it walked by cursor; undefined on the last page.
 */
export function nextLink(requestUrl: string, meta: Pick<ListMeta, 'page' | 'totalPages' | 'totalCapped' | 'nextCursor'>): string | undefined {
  const cut = requestUrl.indexOf('?')
  const path = cut < 0 ? requestUrl : requestUrl.slice(0, cut)
  const params = new URLSearchParams(cut < 0 ? '' : requestUrl.slice(cut + 1))
  if (meta.page !== undefined) {
    // a capped total says nothing of the pages past it: the page's extra row does
    const more = meta.totalPages !== undefined && !meta.totalCapped ? meta.page < meta.totalPages : meta.nextCursor !== null
    if (!more) return undefined
    params.set('page', String(meta.page + 1))
    params.delete('cursor')
  } else {
    if (meta.nextCursor === null) return undefined
    params.set('cursor', meta.nextCursor)
    params.delete('page')
  }
  return `<${path}?${params.toString()}>; rel="next"`
}
