// Paging for public lists: opaque keyset cursors, the `meta` block and the `Link: rel="next"` header.
import { BadRequestError } from './errors.ts'

export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$'

/** Either a page number (with totals) or a keyset position after the previous page's last row. */
export type Paging =
  | { kind: 'page'; page: number; limit: number }
  | { kind: 'cursor'; limit: number; cursor: unknown[] }

export interface ListMeta {
  page?: number
  limit: number
  total?: number
  totalPages?: number
  nextCursor: string | null
}

/** A cursor is the JSON array of the last row's sort key, base64url-encoded: opaque to clients. */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
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
export function pagingOf(query: { page?: number; cursor?: string; limit?: number }, defaultLimit = 20): Paging {
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

/** `meta` for a page read with `limit + 1` rows: the extra row tells whether another page follows. */
export function listMeta(paging: Paging, total: number | undefined, nextKey: ReadonlyArray<string | number> | undefined): ListMeta {
  const nextCursor = nextKey ? encodeCursor(nextKey) : null
  if (paging.kind === 'cursor') return { limit: paging.limit, nextCursor }
  const count = total ?? 0
  return { page: paging.page, limit: paging.limit, total: count, totalPages: Math.ceil(count / paging.limit), nextCursor }
}

/**
 * The `Link` header for the next page, keeping every other query parameter: `page + 1` when the
 * request paged by number, the next cursor when it walked by cursor; undefined on the last page.
 */
export function nextLink(path: string, requestUrl: string, meta: Pick<ListMeta, 'page' | 'nextCursor'>): string | undefined {
  if (meta.nextCursor === null) return undefined
  const query = requestUrl.includes('?') ? requestUrl.slice(requestUrl.indexOf('?') + 1) : ''
  const params = new URLSearchParams(query)
  if (meta.page !== undefined) {
    params.set('page', String(meta.page + 1))
    params.delete('cursor')
  } else {
    params.set('cursor', meta.nextCursor)
    params.delete('page')
  }
  return `<${path}?${params.toString()}>; rel="next"`
}

// Page-numbered lists without cursors (staff lists, comments): `meta` and the `Link` header.

export interface PageMeta { page: number; limit: number; total: number; totalPages: number; nextCursor: null }

export function pageMeta(page: number, limit: number, total: number): PageMeta {
  return { page, limit, total, totalPages: Math.ceil(total / limit), nextCursor: null }
}

/** The `Link` header value for the next page, or undefined on the last one. */
export function nextPageLink(requestUrl: string, meta: { page?: number; limit: number; totalPages?: number }): string | undefined {
  if (meta.page === undefined || meta.totalPages === undefined || meta.page >= meta.totalPages) return undefined
  const url = new URL(requestUrl, 'http://local')
  url.searchParams.set('page', String(meta.page + 1))
  url.searchParams.set('limit', String(meta.limit))
  return `<${url.pathname}${url.search}>; rel="next"`
}
