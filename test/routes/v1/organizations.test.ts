// Public party organizations on a real database: levels (paged), the nested tree, breadcrumbs,
// caching, bad input, and CORS on the public read path.
import t from 'tap'
import { build } from '../../helper.ts'
import { createOrganization } from '../../fixtures/content.ts'

// fixtures write straight to the database, past the services' change feed: the response cache
// would serve what a test just changed; it is tested on its own in test/app/response-cache.test.ts
const { app, db } = await build(t, { CORS_ORIGINS: 'https://baongoclam.vn,https://m.baongoclam.vn', RESPONSE_CACHE: 'off' })
await app.ready()

const org = (
  name: string,
  slug: string,
  kind: 'provincial_committee' | 'bloc_committee' | 'grassroots_committee' | 'cell',
  parentId?: string,
  shortName?: string,
) => createOrganization(db, { name, slug, kind, parentId: parentId ?? null, shortName: shortName ?? null })
const province = await org('Đảng bộ tỉnh Ngọc Lâm', 'dang-bo-tinh-ngoc-lam', 'provincial_committee', undefined, 'Tỉnh ủy Ngọc Lâm')
const agencies = await org('Đảng bộ Khối các Cơ quan tỉnh', 'dang-bo-khoi-cac-co-quan', 'bloc_committee', province.id)
const business = await org('Đảng bộ Khối Doanh nghiệp tỉnh', 'dang-bo-khoi-doanh-nghiep', 'bloc_committee', province.id)
const education = await org('Đảng bộ Sở Giáo dục và Đào tạo', 'dang-bo-so-giao-duc', 'grassroots_committee', agencies.id)
const school = await org('Chi bộ Trường THPT Chuyên', 'chi-bo-truong-chuyen', 'cell', education.id)
const other = await org('Đảng bộ tỉnh Bắc Sơn', 'dang-bo-tinh-bac-son', 'provincial_committee')

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })
const slugsOf = (nodes: Array<{ slug: string }>) => nodes.map((n) => n.slug)

t.test('without parameters: the roots, ordered by slug', async (t) => {
  const res = await get('/v1/organizations')
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    data: [
      {
        id: other.id,
        slug: 'dang-bo-tinh-bac-son',
        name: 'Đảng bộ tỉnh Bắc Sơn',
        shortName: null,
        kind: 'provincial_committee',
        parentId: null,
        childCount: 0,
        logo: null,
      },
      {
        id: province.id,
        slug: 'dang-bo-tinh-ngoc-lam',
        name: 'Đảng bộ tỉnh Ngọc Lâm',
        shortName: 'Tỉnh ủy Ngọc Lâm',
        kind: 'provincial_committee',
        parentId: null,
        childCount: 2,
        logo: null,
      },
    ],
    meta: { page: 1, limit: 20, total: 2, totalPages: 1, nextCursor: null },
  })
  t.notOk(res.headers.link, 'one page: no next link')
})

t.test('?parent= one level below; unknown parent is a 404', async (t) => {
  const res = await get('/v1/organizations?parent=dang-bo-tinh-ngoc-lam')
  t.same(slugsOf(res.json().data), ['dang-bo-khoi-cac-co-quan', 'dang-bo-khoi-doanh-nghiep'])
  t.match(res.json().data[0], { parentId: province.id, childCount: 1, kind: 'bloc_committee' })
  t.notOk('children' in res.json().data[0], 'a level is flat')
  t.same((await get('/v1/organizations?parent=chi-bo-truong-chuyen')).json(), {
    data: [],
    meta: { page: 1, limit: 20, total: 0, totalPages: 0, nextCursor: null },
  })
  t.equal((await get('/v1/organizations?parent=khong-co')).statusCode, 404)
})

t.test('?tree=true nests everything; with a parent, the subtree below it', async (t) => {
  const res = await get('/v1/organizations?tree=true')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.meta.total, 6)
  t.same(slugsOf(body.data), ['dang-bo-tinh-bac-son', 'dang-bo-tinh-ngoc-lam'])
  const top = body.data[1]
  t.same(slugsOf(top.children), ['dang-bo-khoi-cac-co-quan', 'dang-bo-khoi-doanh-nghiep'])
  t.same(slugsOf(top.children[0].children), ['dang-bo-so-giao-duc'])
  t.same(
    top.children[0].children[0].children.map((n: { id: string; children: unknown[] }) => [n.id, n.children]),
    [[school.id, []]],
  )
  t.same(top.children[1].children, [])
  const sub = await get('/v1/organizations?tree=true&parent=dang-bo-khoi-cac-co-quan')
  t.same(sub.json().meta, { total: 2, nextCursor: null })
  t.same(slugsOf(sub.json().data), ['dang-bo-so-giao-duc'])
  t.same(slugsOf(sub.json().data[0].children), ['chi-bo-truong-chuyen'])
  t.equal((await get('/v1/organizations?tree=true&parent=khong-co')).statusCode, 404)
})

t.test('one organization: ancestors root first, and its children', async (t) => {
  const res = await get('/v1/organizations/dang-bo-so-giao-duc')
  t.equal(res.statusCode, 200)
  t.same(res.json(), {
    id: education.id,
    slug: 'dang-bo-so-giao-duc',
    name: 'Đảng bộ Sở Giáo dục và Đào tạo',
    shortName: null,
    kind: 'grassroots_committee',
    parentId: agencies.id,
    childCount: 1,
    logo: null,
    ancestors: [
      { id: province.id, slug: 'dang-bo-tinh-ngoc-lam', name: 'Đảng bộ tỉnh Ngọc Lâm', shortName: 'Tỉnh ủy Ngọc Lâm', kind: 'provincial_committee' },
      { id: agencies.id, slug: 'dang-bo-khoi-cac-co-quan', name: 'Đảng bộ Khối các Cơ quan tỉnh', shortName: null, kind: 'bloc_committee' },
    ],
    children: [
      {
        id: school.id,
        slug: 'chi-bo-truong-chuyen',
        name: 'Chi bộ Trường THPT Chuyên',
        shortName: null,
        kind: 'cell',
        parentId: education.id,
        childCount: 0,
        logo: null,
      },
    ],
  })
  const root = (await get('/v1/organizations/dang-bo-tinh-ngoc-lam')).json()
  t.same(root.ancestors, [])
  t.same(slugsOf(root.children), ['dang-bo-khoi-cac-co-quan', 'dang-bo-khoi-doanh-nghiep'])
  t.equal((await get('/v1/organizations/khong-co')).statusCode, 404)
})

t.test('ETag and 304; a new child or a renamed ancestor changes what depends on it', async (t) => {
  const urls = ['/v1/organizations', '/v1/organizations?tree=true', '/v1/organizations/dang-bo-khoi-doanh-nghiep', '/v1/organizations/chi-bo-truong-chuyen']
  const before = await Promise.all(urls.map((u) => get(u)))
  for (const [i, res] of before.entries()) {
    t.equal(res.headers['cache-control'], 'public, max-age=30, stale-while-revalidate=60')
    const again = await get(urls[i]!, { 'if-none-match': res.headers.etag as string })
    t.equal(again.statusCode, 304, urls[i]!)
    t.equal(again.body, '')
  }
  await org('Chi bộ Công ty Điện lực', 'chi-bo-dien-luc', 'cell', business.id)
  const changed = await Promise.all(urls.map((u) => get(u, { 'if-none-match': before[urls.indexOf(u)]!.headers.etag as string })))
  t.same(
    changed.map((r) => r.statusCode),
    [304, 200, 200, 304],
    'roots unchanged; the tree and the new parent changed; an unrelated leaf not',
  )
  await db.prisma.organization.update({ where: { id: province.id }, data: { shortName: 'Tỉnh ủy' } })
  const renamed = await get(urls[3]!, { 'if-none-match': before[3]!.headers.etag as string })
  t.equal(renamed.statusCode, 200, 'a renamed ancestor changes the breadcrumbs')
  t.equal(renamed.json().ancestors[0].shortName, 'Tỉnh ủy')
})

t.test('bad input: 400 with field errors', async (t) => {
  for (const [url, field] of [
    ['/v1/organizations?tree=maybe', 'tree'],
    ['/v1/organizations?page=0', 'page'],
    ['/v1/organizations?limit=101', 'limit'],
    ['/v1/organizations?page=1.5', 'page'],
    ['/v1/organizations?tree=true&page=1', 'page'],
    ['/v1/organizations?tree=true&limit=5', 'limit'],
    ['/v1/organizations?tree=true&cursor=WyJhIl0', 'cursor'],
    ['/v1/organizations?page=1&cursor=WyJhIl0', 'cursor'],
    ['/v1/organizations?cursor=bm90LWpzb24', 'cursor'],
    ['/v1/organizations?cursor=WzEsMl0', 'cursor'],
    ['/v1/organizations?parent=Not%20a%20slug', 'parent'],
    ['/v1/organizations/%C4%90%E1%BA%A3ng', 'slug'],
  ] as const) {
    const res = await get(url)
    t.equal(res.statusCode, 400, url)
    t.ok(
      (res.json().errors as Array<{ path: string }>).some((e) => e.path.endsWith(`/${field}`)),
      `${url} names ${field}`,
    )
  }
})

t.test('a level of 123 organizations: pages of 20 and 100, and a cursor walk that sees each once', async (t) => {
  const bloc = await org('Đảng bộ Khối các Cơ quan và Doanh nghiệp', 'dang-bo-khoi-lon', 'bloc_committee', province.id)
  const cells: string[] = []
  for (let i = 0; i < 123; i++) {
    const slug = `chi-bo-so-${String(i).padStart(3, '0')}`
    await org(`Chi bộ số ${i}`, slug, 'cell', bloc.id)
    cells.push(slug)
  }
  const level = '/v1/organizations?parent=dang-bo-khoi-lon'
  const first = await get(`${level}&limit=20`)
  t.equal(first.statusCode, 200)
  t.same(first.json().meta, { page: 1, limit: 20, total: 123, totalPages: 7, nextCursor: first.json().meta.nextCursor })
  t.same(slugsOf(first.json().data), cells.slice(0, 20))
  t.equal(first.headers.link, `</v1/organizations?parent=dang-bo-khoi-lon&limit=20&page=2>; rel="next"`)
  const seventh = await get(`${level}&limit=20&page=7`)
  t.same(slugsOf(seventh.json().data), cells.slice(120))
  t.notOk(seventh.headers.link, 'the last page has no next')
  t.same(slugsOf((await get(`${level}&limit=100&page=2`)).json().data), cells.slice(100))
  t.equal((await get(`${level}&limit=100`)).json().data.length, 100)
  t.equal((await get(`${level}&page=9`)).json().data.length, 0, 'past the end: an empty page')

  const seen: string[] = []
  let res = await get(`${level}&limit=20`)
  for (let pages = 0; pages < 20; pages++) {
    seen.push(...slugsOf(res.json().data))
    const cursor = res.json().meta.nextCursor as string | null
    if (cursor === null) break
    if (pages > 0) t.equal(res.headers.link, `<${level}&limit=20&cursor=${cursor}>; rel="next"`, 'a cursor page links by cursor')
    res = await get(`${level}&limit=20&cursor=${cursor}`)
    t.equal(res.statusCode, 200)
    t.notOk('total' in res.json().meta, 'a cursor page carries no total')
  }
  t.same(seen, cells, 'all 123, each exactly once, in slug order')
  const tree = await get('/v1/organizations?tree=true&parent=dang-bo-khoi-lon')
  t.equal(tree.json().data.length, 123, 'the tree is whole')
  t.same(tree.json().meta, { total: 123, nextCursor: null })
})

t.test('CORS: a listed origin may read the public API, another may not', async (t) => {
  for (const url of ['/v1/organizations', '/v1/articles', '/v1/authors']) {
    const allowed = await get(url, { origin: 'https://m.baongoclam.vn' })
    t.equal(allowed.statusCode, 200)
    t.equal(allowed.headers['access-control-allow-origin'], 'https://m.baongoclam.vn', url)
    t.match(allowed.headers['access-control-expose-headers'], /etag/i, 'frontends can read the ETag')
    t.match(allowed.headers.vary, /origin/i, 'shared caches keep origins apart')
    const denied = await get(url, { origin: 'https://baongoclam.vn.evil.example' })
    t.equal(denied.statusCode, 200)
    t.notOk(denied.headers['access-control-allow-origin'], url)
  }
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/v1/articles',
    headers: { origin: 'https://baongoclam.vn', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
  })
  t.equal(preflight.headers['access-control-allow-origin'], 'https://baongoclam.vn')
  t.match(preflight.headers['access-control-allow-headers'], /if-none-match/)
})
