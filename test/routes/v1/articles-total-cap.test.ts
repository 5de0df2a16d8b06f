// LIST_TOTAL_CAP: a page-mode article list counts its total only up to the cap, so a page of a
// deep archive costs what a page of a small one does; past the cap the meta says so and paging
// still reaches every article. A list filtered by author, tag, organization or section has a cap of
// its own (LIST_TOTAL_CAP_FILTERED) and is counted from the filter's link rows: each article once.
// A search narrowed by another filter counts its matches up to the same caps.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticles, createAuthor, createOrganization } from '../../fixtures/content.ts'
import { createSection, createTag, fileArticle } from '../../fixtures/feeds.ts'

const { app, db } = await build(t, { RESPONSE_CACHE: 'off', LIST_TOTAL_CAP: '7', LIST_TOTAL_CAP_FILTERED: '6' })
await app.ready()

const many = await createOrganization(db, { name: 'Đảng bộ Khối Doanh nghiệp' })
const seven = await createOrganization(db, { name: 'Chi bộ Văn phòng' })
const base = Date.now() - 86_400_000
// 12 public articles: 7 published in `seven`, 5 scheduled whose time has come in `many` only;
// a draft and a future scheduled one must not count
await createArticles(db, 12, (i) => ({
  title: `Bản tin cơ sở số ${i}`,
  status: i < 7 ? 'published' : 'scheduled',
  publishedAt: new Date(base + i * 60_000),
  organizationIds: i < 7 ? [seven.id, many.id] : [many.id],
}))
await createArticles(db, 2, (i) => ({
  title: `Chưa công bố ${i}`,
  status: i === 0 ? 'draft' : 'scheduled',
  publishedAt: i === 0 ? null : new Date(Date.now() + 86_400_000),
  organizationIds: [many.id],
}))

type Meta = { page?: number; total?: number; totalPages?: number; totalCapped?: boolean; nextCursor: string | null }
async function page(url: string): Promise<{ ids: string[]; meta: Meta; link: string | undefined }> {
  const res = await app.inject(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  const body = res.json() as { data: Array<{ id: string }>; meta: Meta }
  return { ids: body.data.map((a) => a.id), meta: body.meta, link: res.headers.link as string | undefined }
}

t.test('past the cap: total is the cap, totalCapped is set, and the Link follows the rows, not totalPages', async (t) => {
  const seen: string[] = []
  for (let n = 1; n <= 3; n++) {
    const { ids, meta, link } = await page(`/v1/articles?limit=5&page=${n}`)
    t.match(meta, { page: n, total: 7, totalPages: 2, totalCapped: true }, `page ${n}`)
    seen.push(...ids)
    if (n < 3) t.equal(link, `</v1/articles?limit=5&page=${n + 1}>; rel="next"`, `page ${n} links on, past totalPages`)
    else t.equal(link, undefined, 'the last page has no next')
  }
  t.equal(seen.length, 12, 'every public article is reached (the two branches, published and due-scheduled, both counted)')
  t.equal(new Set(seen).size, 12)
})

t.test('at or under the cap the total is exact and totalCapped is absent', async (t) => {
  const exact = await page(`/v1/articles?limit=5&page=1&to=${new Date(base + 6 * 60_000).toISOString()}`)
  t.match(exact.meta, { total: 7, totalPages: 2 })
  t.notOk('totalCapped' in exact.meta, 'exactly the cap is not capped')
  const filtered = await page(`/v1/articles?limit=5&page=2&organization=${many.slug}`)
  t.match(filtered.meta, { total: 6, totalCapped: true }, 'a filtered list is capped at its own cap')
  t.equal(filtered.ids.length, 5)
  const seven7 = await page(`/v1/articles?limit=5&page=1&organization=${seven.slug}`)
  t.match(seven7.meta, { total: 6, totalCapped: true }, 'seven articles, one past the filtered cap')
  const dated = await page(`/v1/articles?limit=5&page=1&to=${new Date(base + 3 * 60_000).toISOString()}`)
  t.match(dated.meta, { total: 4, totalPages: 1 })
  t.notOk('totalCapped' in dated.meta)
})

t.test('a search narrowed by another filter counts its matches up to the same caps; an unfiltered one is not capped', async (t) => {
  const seen: string[] = []
  for (let n = 1; n <= 3; n++) {
    const { ids, meta, link } = await page(`/v1/articles?q=ban+tin&limit=5&page=${n}&organization=${many.slug}`)
    t.match(meta, { page: n, total: 6, totalPages: 2, totalCapped: true }, `page ${n}: twelve matches, counted up to LIST_TOTAL_CAP_FILTERED`)
    seen.push(...ids)
    t.equal(link === undefined, n === 3, `page ${n}: the Link follows the rows`)
  }
  t.equal(new Set(seen).size, 12, 'paging reaches every match')
  const to = (i: number) => new Date(base + i * 60_000).toISOString()
  t.match((await page(`/v1/articles?q=ban+tin&limit=5&page=1&to=${to(9)}`)).meta, { total: 7, totalCapped: true }, 'dated: LIST_TOTAL_CAP')
  const dated = (await page(`/v1/articles?q=ban+tin&limit=5&page=1&to=${to(3)}`)).meta
  t.match(dated, { total: 4, totalPages: 1 }, 'under the cap: exact')
  t.notOk('totalCapped' in dated)
  const open = (await page('/v1/articles?q=ban+tin&limit=20&page=1')).meta
  t.match(open, { total: 12 }, 'unfiltered: every match, not capped')
  t.notOk('totalCapped' in open)
})

t.test('a filtered total counts each public article once, from the first filter, whatever the others', async (t) => {
  // a bloc with two cells: three articles linked to both cells, one to a cell, one to the bloc
  // itself, one draft, one withdrawn
  const bloc = await createOrganization(db, { name: 'Đảng bộ Khối Cơ quan' })
  const [cellA, cellB] = [await createOrganization(db, { parentId: bloc.id }), await createOrganization(db, { parentId: bloc.id })]
  const author = await createAuthor(db, { name: 'Lê Văn Tâm' })
  const tag = await createTag(db, 'Cải cách hành chính')
  const section = await createSection(db, 'Cơ sở Đảng')
  const child = await createSection(db, 'Chi bộ kiểu mẫu', section.id)
  const shown = await createArticles(db, 5, (i) => ({
    publishedAt: new Date(base + (20 + i) * 60_000),
    organizationIds: i < 3 ? [cellA!.id, cellB!.id] : i === 3 ? [cellA!.id] : [bloc.id],
    authorIds: i % 2 === 0 ? [author.id] : [],
  }))
  const hidden = await createArticles(db, 2, (i) => ({
    status: i === 0 ? 'draft' : 'published',
    publishedAt: i === 0 ? null : new Date(base),
    unpublishAt: i === 0 ? null : new Date(base + 60_000),
    organizationIds: [cellA!.id, cellB!.id],
    authorIds: [author.id],
  }))
  for (const [i, a] of [...shown, ...hidden].entries()) {
    await fileArticle(db, a.id, { tagIds: i !== 1 ? [tag.id] : [], sectionId: child.id, otherSectionIds: i < 2 ? [section.id] : [] })
  }
  const total = async (query: string) => (await page(`/v1/articles?limit=2&page=1&${query}`)).meta
  t.match(await total(`organization=${bloc.slug}`), { total: 5, totalPages: 3 }, 'linked to two cells of the bloc: counted once')
  t.notOk('totalCapped' in (await total(`organization=${bloc.slug}`)))
  t.match(await total(`organization=${cellA!.slug}`), { total: 4 })
  t.match(await total(`section=${section.slug}`), { total: 5 }, 'a section and the one below it, filed in both: once')
  t.match(await total(`author=${author.slug}`), { total: 3 }, 'not the draft, not the withdrawn one')
  t.match(await total(`tag=${tag.slug}`), { total: 4 })
  t.match(await total(`author=${author.slug}&organization=${cellB!.slug}`), { total: 2 }, 'the first filter counts, the others probe')
  t.match(await total(`tag=${tag.slug}&section=${child.slug}&organization=${bloc.slug}`), { total: 4 })
  t.match(await total(`organization=${bloc.slug}&to=${new Date(base + 22 * 60_000).toISOString()}`), { total: 3 }, 'with a date filter')
  // a search narrowed by links counts from the same link rows, with its words checked on each article
  const searched = async (query: string) => total(`q=bai+viet&${query}`)
  t.match(await searched(`organization=${bloc.slug}`), { total: 5, totalPages: 3 }, 'a search: each match once too')
  t.match(await searched(`section=${section.slug}`), { total: 5 })
  t.match(await searched(`author=${author.slug}&organization=${cellB!.slug}`), { total: 2 }, 'a search: the first filter counts, the others probe')
  t.match(await searched(`tag=${tag.slug}&organization=${bloc.slug}&to=${new Date(base + 22 * 60_000).toISOString()}`), { total: 2 })
  // past the page (more matches than limit + 1), the total is the linked count: the words checked there
  const other = await createOrganization(db, { name: 'Đảng bộ Khối Doanh nghiệp tỉnh' })
  await createArticles(db, 7, (i) => ({
    title: i < 3 ? `Hội nghị sơ kết số ${i}` : undefined,
    publishedAt: new Date(base + (40 + i) * 60_000),
    organizationIds: [other.id],
  }))
  t.match(await total(`q=hoi+nghi&organization=${other.slug}`), { total: 3, totalPages: 2 }, 'the words are checked on each counted article')
  const listed = (await page(`/v1/articles?limit=100&organization=${bloc.slug}`)).ids
  t.same(new Set(listed), new Set(shown.map((a) => a.id)), 'the total is what the list shows')
})

t.test('cursor mode carries no totals at all', async (t) => {
  const first = await page('/v1/articles?limit=5')
  t.ok(first.meta.nextCursor)
  const next = await page(`/v1/articles?limit=5&cursor=${first.meta.nextCursor}`)
  t.notOk('total' in next.meta)
  t.notOk('totalCapped' in next.meta)
})

t.test('the cap is a checked setting', async (t) => {
  await t.rejects(build(t, { LIST_TOTAL_CAP: '0' }), /LIST_TOTAL_CAP/)
  await t.rejects(build(t, { LIST_TOTAL_CAP_FILTERED: 'many' }), /LIST_TOTAL_CAP_FILTERED/)
})
