// Pure helpers of the public read path: cursors, Link headers, date bounds, ETag matching.
import t from 'tap'
import { decodeCursor, encodeCursor, listMeta, nextLink, pagingOf } from '../../src/lib/paging.ts'
import { dateRange, parseDateBound } from '../../src/lib/date-range.ts'
import { digest, ifNoneMatchHits } from '../../src/lib/http-cache.ts'
import { prefixTsQuery } from '../../src/db/queries/sql.ts'
import { keysetWindow, sortKeyOf, type SortKey } from '../../src/db/keyset.ts'

/** The HTTP status an error thrown by `fn` maps to. */
function statusOf(fn: () => unknown): number | undefined {
  try {
    fn()
    return undefined
  } catch (err) {
    return (err as { status?: number }).status
  }
}

t.test('cursors round-trip and reject what is not ours', async (t) => {
  const key = ['2026-11-20T01:30:00.000Z', '3c9a6b2e-1f4d-4e8a-b7c5-9d0e1f2a3b4c', 1]
  const c = encodeCursor(key)
  t.match(c, /^[A-Za-z0-9_-]+$/, 'base64url, safe in a URL unescaped')
  t.same(decodeCursor(c), key)
  t.equal(decodeCursor('abc$'), undefined, 'a character outside the alphabet')
  t.equal(decodeCursor(Buffer.from('{"a":1}').toString('base64url')), undefined, 'not an array')
  t.equal(decodeCursor(Buffer.from('[1,').toString('base64url')), undefined, 'not JSON')
})

t.test('paging: page or cursor, never both', async (t) => {
  t.same(pagingOf({ limit: 20 }), { kind: 'page', page: 1, limit: 20 })
  t.same(pagingOf({ page: 3, limit: 5 }), { kind: 'page', page: 3, limit: 5 })
  t.same(pagingOf({ cursor: encodeCursor(['x']), limit: 5 }), { kind: 'cursor', limit: 5, cursor: ['x'] })
  t.equal(
    statusOf(() => pagingOf({ page: 1, cursor: encodeCursor(['x']), limit: 5 })),
    400,
  )
  t.equal(
    statusOf(() => pagingOf({ cursor: 'bm90IGpzb24', limit: 5 })),
    400,
  )
})

t.test('meta and the Link header', async (t) => {
  const paged = listMeta({ kind: 'page', page: 2, limit: 10 }, 25, ['k'])
  t.same(paged, { page: 2, limit: 10, total: 25, totalPages: 3, nextCursor: encodeCursor(['k']) })
  t.equal(
    nextLink('/v1/articles?q=ph%C3%A1t+tri%E1%BB%83n&page=2&limit=10', paged),
    '</v1/articles?q=ph%C3%A1t+tri%E1%BB%83n&page=3&limit=10>; rel="next"',
    'other parameters kept, ASCII only',
  )
  const walked = listMeta({ kind: 'cursor', limit: 10, cursor: ['a'] }, undefined, ['b'])
  t.same(walked, { limit: 10, nextCursor: encodeCursor(['b']) })
  t.equal(nextLink('/v1/authors?cursor=old&limit=10', walked), `</v1/authors?cursor=${encodeCursor(['b'])}&limit=10>; rel="next"`)
  t.equal(nextLink('/v1/authors', listMeta({ kind: 'page', page: 1, limit: 10 }, 3, undefined)), undefined, 'none on the last page')
  t.equal(listMeta({ kind: 'page', page: 1, limit: 10 }, 0, undefined).totalPages, 0)
  t.equal(
    nextLink('/v1/admin/articles/x/revisions?limit=5', listMeta({ kind: 'page', page: 1, limit: 5 }, 6, ['v'])),
    '</v1/admin/articles/x/revisions?limit=5&page=2>; rel="next"',
    "the request's own path, parameters and all",
  )
})

t.test('a capped total: a lower bound, and the rows, not totalPages, decide the next page', async (t) => {
  const page = (n: number, total: number, next?: string[]) => listMeta({ kind: 'page', page: n, limit: 10 }, total, next, 30)
  t.same(page(1, 30, ['k']), { page: 1, limit: 10, total: 30, totalPages: 3, nextCursor: encodeCursor(['k']) }, 'exactly the cap is exact')
  t.same(page(4, 31, ['k']), { page: 4, limit: 10, total: 30, totalPages: 3, totalCapped: true, nextCursor: encodeCursor(['k']) })
  t.equal(nextLink('/v1/articles?page=4', page(4, 31, ['k'])), '</v1/articles?page=5>; rel="next"', 'past totalPages while rows remain')
  t.equal(nextLink('/v1/articles?page=2', page(2, 31, undefined)), undefined, 'no next when the page had no extra row')
  t.same(listMeta({ kind: 'cursor', limit: 10, cursor: ['a'] }, 31, undefined, 30), { limit: 10, nextCursor: null }, 'cursor mode has no totals')
})

t.test('keyset windows for Prisma lists: by number with skip, by cursor after the last row', async (t) => {
  const keys: SortKey[] = [
    { field: 'createdAt', dir: 'desc', type: 'date' },
    { field: 'id', dir: 'desc', type: 'uuid' },
  ]
  t.same(keysetWindow({ kind: 'page', page: 3, limit: 10 }, keys), { where: {}, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: 20, take: 11 })
  const at = '2026-11-20T01:30:00.000Z'
  const id = '3c9a6b2e-1f4d-4e8a-b7c5-9d0e1f2a3b4c'
  t.same(keysetWindow({ kind: 'cursor', limit: 5, cursor: [at, id] }, keys).where, {
    OR: [{ AND: [{ createdAt: { lt: new Date(at) } }] }, { AND: [{ createdAt: new Date(at) }, { id: { lt: id } }] }],
  })
  t.same(sortKeyOf({ createdAt: new Date(at), id, other: 1 }, keys), [at, id])
  for (const bad of [[at], [at, id, 1], ['yesterday', id], [at, 'not-a-uuid'], [1, id], ['2026-11-20T01:30:00Z', id]]) {
    t.equal(
      statusOf(() => keysetWindow({ kind: 'cursor', limit: 5, cursor: bad }, keys)),
      400,
      JSON.stringify(bad),
    )
  }
})

t.test('date bounds: Vietnamese days, exact instants, real dates only', async (t) => {
  t.equal(new Date(parseDateBound('2026-11-01')!.instant).toISOString(), '2026-10-31T17:00:00.000Z', 'a day starts at 00:00 in Hà Nội')
  t.equal(new Date(parseDateBound('2026-11-01T08:00:00+07:00')!.instant).toISOString(), '2026-11-01T01:00:00.000Z')
  t.equal(new Date(parseDateBound('2026-11-01T08:00:00 07:00')!.instant).toISOString(), '2026-11-01T01:00:00.000Z', 'an unencoded + arrives as a space')
  t.equal(new Date(parseDateBound('2026-11-01T08:00Z')!.instant).toISOString(), '2026-11-01T08:00:00.000Z')
  t.equal(new Date(parseDateBound('2026-11-01T08:00:00.123456Z')!.instant).toISOString(), '2026-11-01T08:00:00.123Z')
  for (const bad of [
    '2026-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-11-01T24:00:00Z',
    '2026-11-01T10:60:00Z',
    '2026-11-01T10:00:00+25:00',
    '2026-11-01T10:00:00',
    'hôm qua',
  ]) {
    t.equal(parseDateBound(bad), undefined, bad)
  }
  t.ok(parseDateBound('2024-02-29'), 'a leap day')
  t.equal(new Date(parseDateBound('0050-06-01T00:00:00Z')!.instant).toISOString(), '0050-06-01T00:00:00.000Z', 'years below 100 are not 19xx')
  t.equal(parseDateBound('0000-01-01'), undefined)
  const day = dateRange('2026-11-01', '2026-11-01')
  t.equal(day.before!.getTime() - day.from!.getTime(), 86_400_000, 'to a date: through the end of that day')
  const instant = dateRange('2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z')
  t.equal(instant.before!.getTime() - instant.from!.getTime(), 1, 'to a date-time: through that millisecond')
  t.equal(
    statusOf(() => dateRange('2026-11-02', '2026-11-01')),
    400,
  )
  t.equal(
    statusOf(() => dateRange('2026-02-30', undefined)),
    400,
  )
  t.same(dateRange(undefined, undefined), {})
})

t.test('ETags: weak comparison over a list; digests keep their parts apart', async (t) => {
  const etag = 'W/"abc"'
  t.ok(ifNoneMatchHits('W/"abc"', etag))
  t.ok(ifNoneMatchHits('"abc"', etag), 'weak comparison ignores W/')
  t.ok(ifNoneMatchHits('"x", W/"abc" ,"y"', etag))
  t.ok(ifNoneMatchHits('*', etag))
  t.notOk(ifNoneMatchHits('"abcd"', etag))
  t.notOk(ifNoneMatchHits(undefined, etag))
  t.not(digest('ab', 'c'), digest('a', 'bc'))
  t.equal(digest('a', 1, null), digest('a', 1, undefined))
  t.match(digest('x'), /^[A-Za-z0-9_-]{27}$/)
})

t.test('search words become a tsquery of quoted prefix terms', async (t) => {
  t.equal(prefixTsQuery(['nghi', 'quyet', '2e5x']), "'nghi':* & 'quyet':* & '2e5x':*")
  t.equal(prefixTsQuery(["o'k", 'a\\b']), "'o\\'k':* & 'a\\\\b':*", 'a quote or a backslash is escaped')
})
