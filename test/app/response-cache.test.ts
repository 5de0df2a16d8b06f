// The response cache: hits, 304s from the cache, no caching with credentials, bounded staleness,
// and invalidation on writes — here at once, and on another instance through LISTEN/NOTIFY.
import t from 'tap'
import { build, usingPostgres } from '../helper.ts'
import { buildApp, serverOptions } from '../../src/app.ts'
import { prepare } from '../../src/bootstrap.ts'
import { createResponseCache } from '../../src/lib/response-cache.ts'
import { cacheKey } from '../../src/plugins/response-cache.ts'
import { createArticle, createAuthor, createOrganization } from '../fixtures/content.ts'
import { tokenFor } from '../fixtures/users.ts'
import { newDraft, act } from '../fixtures/editorial.ts'
import { securityHeaders } from '../../src/plugins/security.ts'

const ctx = await build(t, { CAPTCHA: 'off' })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const moderator = await tokenFor(ctx, 'moderator')
const author = await createAuthor(db)
const article = await createArticle(db, { status: 'published', title: 'Bài được lưu đệm', authorIds: [author.id] })

t.test('public responses carry Surrogate-Key and Cache-Tag from the events vocabulary, on a miss and on a hit', async (t) => {
  const parent = await createOrganization(db)
  const org = await createOrganization(db, { parentId: parent.id })
  const tagged = await createArticle(db, { status: 'published', title: 'Bài có khóa bộ đệm', authorIds: [author.id], organizationIds: [org.id] })
  const keysOf = async (url: string, cache: string) => {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.equal(res.headers['x-cache'], cache, `${url}: ${cache}`)
    const keys = String(res.headers['surrogate-key']).split(' ')
    t.same(String(res.headers['cache-tag']).split(','), keys, `${url}: Cache-Tag names the same keys`)
    return keys
  }
  for (const cache of ['miss', 'hit']) {
    const list = await keysOf(`/v1/articles?limit=100&author=${author.slug}`, cache)
    t.ok(list.includes('articles') && list.includes(`article-${tagged.id}`), 'list: `articles` and each item')
    // a byline or organization change names `articles` itself (changeKeys), so a list need not carry their keys
    t.notOk(list.includes(`author-${author.id}`) || list.includes(`organization-${org.id}`), 'list: no key of what the items show')
    t.same(
      (await keysOf(`/v1/articles/${tagged.slug}`, cache)).sort(),
      [`article-${tagged.id}`, `author-${author.id}`, `organization-${org.id}`].sort(),
      'detail',
    )
    t.same(await keysOf(`/v1/authors/${author.slug}`, cache), [`author-${author.id}`], 'author')
    t.ok((await keysOf('/v1/authors?limit=100', cache)).includes('articles'), 'author list')
    t.same(
      (await keysOf(`/v1/organizations/${org.slug}`, cache)).sort(),
      [`organization-${org.id}`, `organization-${parent.id}`].sort(),
      'organization and its ancestors',
    )
    t.same(await keysOf(`/v1/articles/${tagged.slug}/comments`, cache), [`comments-${tagged.id}`, `article-${tagged.id}`], 'comments')
  }
  const etag = (await app.inject(`/v1/articles/${tagged.slug}`)).headers.etag as string
  const revalidated = await app.inject({ url: `/v1/articles/${tagged.slug}`, headers: { 'if-none-match': etag } })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.headers['x-cache'], 'hit')
  t.match(revalidated.headers['surrogate-key'], `article-${tagged.id}`, 'a 304 from the cache keeps the keys')
})

t.test('cache keys ignore the order of query parameters', async (t) => {
  t.equal(cacheKey('/v1/articles?limit=5&page=2'), cacheKey('/v1/articles?page=2&limit=5'))
  t.not(cacheKey('/v1/articles?page=2'), cacheKey('/v1/articles?page=3'))
  t.equal(cacheKey('/v1/articles'), '/v1/articles')
})

t.test('a second identical GET is a hit; If-None-Match on a hit is a 304', async (t) => {
  const first = await app.inject('/v1/articles?limit=5')
  t.equal(first.headers['x-cache'], 'miss')
  const second = await app.inject('/v1/articles?limit=5')
  t.equal(second.headers['x-cache'], 'hit')
  t.equal(second.body, first.body)
  t.equal(second.headers.etag, first.headers.etag)
  t.equal(second.headers['cache-control'], first.headers['cache-control'])
  t.equal(second.headers['x-request-id'] !== undefined, true)
  for (const [name, value] of Object.entries(securityHeaders())) t.equal(second.headers[name], value, `a hit carries ${name}`)
  const revalidated = await app.inject({ url: '/v1/articles?limit=5', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.headers['x-cache'], 'hit')
  t.equal(revalidated.body, '')
})

t.test('requests with credentials are never answered from the cache', async (t) => {
  await app.inject('/v1/articles?limit=6')
  const withToken = await app.inject({ url: '/v1/articles?limit=6', headers: editor.headers })
  t.not(withToken.headers['x-cache'], 'hit')
  const staff = await app.inject({ url: '/v1/admin/articles', headers: editor.headers })
  t.equal(staff.headers['cache-control'], 'no-store')
  t.notOk(staff.headers['x-cache'])
})

t.test('publishing drops cached lists at once', async (t) => {
  const before = await app.inject('/v1/articles?limit=100')
  t.equal((await app.inject('/v1/articles?limit=100')).headers['x-cache'], 'hit')
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], title: 'Tin nóng vừa xuất bản' })
  t.equal((await act(app, editor.headers, draft.id, 'publish')).statusCode, 200)
  const after = await app.inject('/v1/articles?limit=100')
  t.equal(after.headers['x-cache'], 'miss')
  t.equal(after.json().data.length, before.json().data.length + 1)
  t.equal(after.json().data[0].id, draft.id)
})

t.test('an approved comment reaches the cached article and comment list at once', async (t) => {
  const detail = await app.inject(`/v1/articles/${article.slug}`)
  await app.inject(`/v1/articles/${article.slug}/comments`)
  t.equal((await app.inject(`/v1/articles/${article.slug}`)).headers['x-cache'], 'hit')
  const sent = await app.inject({ method: 'POST', url: `/v1/articles/${article.slug}/comments`, payload: { authorName: 'An', content: 'Rất hay' } })
  t.equal((await app.inject(`/v1/articles/${article.slug}`)).headers['x-cache'], 'hit', 'a pending comment changes nothing public')
  const decided = await app.inject({
    method: 'POST',
    url: `/v1/moderation/comments/${sent.json().id}/decision`,
    headers: moderator.headers,
    payload: { action: 'approve' },
  })
  t.equal(decided.statusCode, 200)
  const after = await app.inject(`/v1/articles/${article.slug}`)
  t.equal(after.json().commentCount, detail.json().commentCount + 1)
  t.not(after.headers.etag, detail.headers.etag)
  const comments = await app.inject(`/v1/articles/${article.slug}/comments`)
  t.equal(comments.json().data.length, 1)
})

t.test('entries older than RESPONSE_CACHE_TTL_MS are not served; RESPONSE_CACHE=off serves none', async (t) => {
  const short = await build(t, { RESPONSE_CACHE_TTL_MS: '40' })
  await short.app.inject('/v1/authors')
  t.equal((await short.app.inject('/v1/authors')).headers['x-cache'], 'hit')
  await new Promise((r) => setTimeout(r, 80))
  t.equal((await short.app.inject('/v1/authors')).headers['x-cache'], 'miss')
  const off = await build(t, { RESPONSE_CACHE: 'off' })
  await off.app.inject('/v1/authors')
  t.notOk((await off.app.inject('/v1/authors')).headers['x-cache'])
})

t.test('LRU by bytes: the least recently used entries go first', async (t) => {
  let now = 0
  const cache = createResponseCache({ maxBytes: 4000, maxAgeMs: 1000, now: () => now })
  const put = (k: string) => cache.set(k, { body: 'x'.repeat(700), etag: k, headers: {}, tags: ['t', `k:${k}`] })
  for (const k of ['a', 'b', 'c', 'd']) put(k)
  cache.get('a')
  put('e')
  t.ok(cache.get('a'), 'recently used survives')
  t.notOk(cache.get('b'), 'least recently used was evicted')
  t.ok(cache.bytes <= 4000)
  cache.invalidate(['k:c'])
  t.notOk(cache.get('c'))
  t.ok(cache.get('d'))
  now = 2000
  t.notOk(cache.get('d'), 'too old')
  cache.set('big', { body: 'x'.repeat(2000), etag: 'big', headers: {}, tags: [] })
  t.notOk(cache.get('big'), 'one response larger than a quarter of the cache is not kept')
})

t.test('sweep drops what is too old to be served, and only that', async (t) => {
  let now = 0
  const cache = createResponseCache({ maxBytes: 100_000, maxAgeMs: 1000, now: () => now })
  const put = (k: string) => cache.set(k, { body: 'x'.repeat(700), etag: k, headers: {}, tags: ['t'] })
  put('old')
  put('hit')
  now = 600
  put('young')
  cache.get('hit') // a hit moves an entry behind younger ones: not in age order any more
  now = 1001
  t.equal(cache.sweep(), 2, 'both entries stored at 0')
  t.equal(cache.size, 1)
  t.ok(cache.get('young'), 'stored at 600: still served')
  t.equal(cache.bytes, 700 + 'young'.length + 256, 'their bytes are given back')
  t.equal(cache.stats.expired, 2)
  t.equal(cache.sweep(), 0, 'nothing more to drop')
  cache.invalidate(['t'])
  t.equal(cache.size, 0, 'the tag index no longer names the swept keys')

  for (const k of ['a', 'b', 'c']) cache.set(k, { body: 'x', etag: k, headers: {}, tags: [`k:${k}`] })
  cache.get('a') // least recently used first: b, c, a
  now = 3000
  t.equal(cache.sweep(2), 2, 'at most the budget in one sweep')
  cache.invalidate(['k:c'])
  t.equal(cache.size, 0, 'c was left: the two stored first went, a hit notwithstanding')
})

t.test('the running cache sweeps on its own, every RESPONSE_CACHE_TTL_MS', async (t) => {
  const other = await prepare({ ...ctx.config, responseCacheTtlMs: 1000 }, { info() {}, warn() {} })
  const swept = await buildApp({ config: other.config, db: other.db }, serverOptions(other.config))
  t.teardown(async () => {
    await swept.close()
    await other.db.close()
  })
  await swept.ready()
  t.equal((await swept.inject(`/v1/articles/${article.slug}`)).statusCode, 200)
  t.equal(swept.responseCache!.size, 1)
  // stale after 1 s, swept by the next tick (at most 2 s after it was stored): waited for with room
  // for a loaded machine's late timers
  const deadline = Date.now() + 6000
  while (swept.responseCache!.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  t.equal(swept.responseCache!.size, 0, 'dropped without a request for it')
})

t.test('another instance drops its entries when this one writes', { skip: !usingPostgres && 'LISTEN/NOTIFY needs PostgreSQL' }, async (t) => {
  const other = await prepare(ctx.config, { info() {}, warn() {} })
  const app2 = await buildApp({ config: other.config, db: other.db }, serverOptions(other.config))
  t.teardown(async () => {
    await app2.close()
    await other.db.close()
  })
  await app2.ready()
  await new Promise((r) => setTimeout(r, 300)) // let its LISTEN connection settle
  const before = await app2.inject('/v1/articles?limit=100')
  t.equal((await app2.inject('/v1/articles?limit=100')).headers['x-cache'], 'hit')
  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], title: 'Tin từ phiên bản khác' })
  await act(app, editor.headers, draft.id, 'publish')
  let seen = false
  for (let i = 0; i < 40 && !seen; i++) {
    const res = await app2.inject('/v1/articles?limit=100')
    seen = res.json().data.length === before.json().data.length + 1
    if (!seen) await new Promise((r) => setTimeout(r, 25))
  }
  t.ok(seen, 'the other instance shows the new article within a second')
})
