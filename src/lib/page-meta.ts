// Page-numbered lists: the `meta` block and the `Link: <…>; rel="next"` header of the contract.

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
