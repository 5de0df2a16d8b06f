// Related articles: tags first, then the primary section, then organizations; newest first within
// each, every article once, never the article itself, only what is public now. The last test holds
// the bounded statement to a plain reference query on a table with tags of every size.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle, createAuthor, createOrganization, unique } from '../../fixtures/content.ts'
import { isPublic } from '../../../src/db/queries/public-now.ts'
import { SMALL_KEY, WALK } from '../../../src/db/queries/related-articles.ts'

// fixtures write straight to the database, past the change feed: no response cache here
const { app, db } = await build(t, { RESPONSE_CACHE: 'off' })
await app.ready()
const HOUR = 3_600_000
const ago = (hours: number) => new Date(Date.now() - hours * HOUR)

const section = (name: string) => db.prisma.section.create({ data: { name, slug: `chuyen-muc-${unique()}` } })
const tag = (name: string) => db.prisma.tag.create({ data: { name, slug: `the-${unique()}` } })

interface Links {
  tags?: string[]
  sectionId?: string
  organizationIds?: string[]
}
async function article(title: string, o: Parameters<typeof createArticle>[1] & Links) {
  const { tags = [], sectionId, ...rest } = o
  const a = await createArticle(db, { title, ...rest })
  if (sectionId) await db.prisma.article.update({ where: { id: a.id }, data: { sectionId, sections: { create: { sectionId } } } })
  if (tags.length) await db.prisma.articleTag.createMany({ data: tags.map((tagId, position) => ({ articleId: a.id, tagId, position })) })
  return a
}

const author = await createAuthor(db)
const [home, sport] = [await section('Thời sự'), await section('Thể thao')]
const [digital, reform, other] = [await tag('Chuyển đổi số'), await tag('Cải cách hành chính'), await tag('Bóng đá')]
const [cell, bloc] = [await createOrganization(db), await createOrganization(db)]

const source = await article('Bài gốc', {
  publishedAt: ago(10),
  tags: [digital.id, reform.id],
  sectionId: home.id,
  organizationIds: [cell.id],
  authorIds: [author.id],
})
// tier 1: a shared tag
const a1 = await article('Chung thẻ 1', { publishedAt: ago(9), tags: [digital.id] })
const a2 = await article('Chung hai thẻ', { publishedAt: ago(5), tags: [digital.id, reform.id] })
const a3 = await article('Chung thẻ 2', { publishedAt: ago(1), tags: [reform.id] })
const a4 = await article('Chung mọi thứ', { publishedAt: ago(3), tags: [digital.id], sectionId: home.id, organizationIds: [cell.id] })
const due = await article('Hẹn giờ đã đến', { status: 'scheduled', publishedAt: ago(7), tags: [digital.id] })
// tier 2: the same primary section
const b1 = await article('Cùng chuyên mục 1', { publishedAt: ago(2), sectionId: home.id })
const b2 = await article('Cùng chuyên mục 2', { publishedAt: ago(8), sectionId: home.id })
const b3 = await article('Cùng chuyên mục cũ', { publishedAt: ago(24 * 30), sectionId: home.id })
// tier 3: a shared organization
const c1 = await article('Cùng tổ chức 1', { publishedAt: ago(4), organizationIds: [cell.id], sectionId: sport.id })
const c2 = await article('Cùng tổ chức 2', { publishedAt: ago(6), organizationIds: [bloc.id, cell.id] })
// never: unrelated, or sharing everything but not public now
const stranger = await article('Không liên quan', { publishedAt: ago(0.5), tags: [other.id], sectionId: sport.id, organizationIds: [bloc.id] })
const hidden = { tags: [digital.id], sectionId: home.id, organizationIds: [cell.id] }
await article('Bản nháp', { status: 'draft', ...hidden })
await article('Hẹn giờ ngày mai', { status: 'scheduled', ...hidden })
await article('Đã lưu trữ', { status: 'archived', ...hidden })
await article('Đã gỡ', { publishedAt: ago(2), unpublishAt: ago(1), ...hidden })
const draftSource = await article('Nháp có thẻ', { status: 'draft', tags: [digital.id] })
const loner = await article('Bài lẻ loi', { publishedAt: ago(1) })

const ids = (res: { json(): { data: Array<{ id: string }> } }) => res.json().data.map((a) => a.id)
const related = (slug: string, query = '', headers: Record<string, string> = {}) => app.inject({ url: `/v1/articles/${slug}/related${query}`, headers })

t.test('tags first, then the section, then organizations; newest first within each; each once, never itself', async (t) => {
  const all = await related(source.slug, '?limit=20')
  t.equal(all.statusCode, 200)
  t.same(ids(all), [a3.id, a4.id, a2.id, due.id, a1.id, b1.id, b2.id, b3.id, c1.id, c2.id])
  t.same(ids(await related(source.slug)), [a3.id, a4.id, a2.id, due.id, a1.id], 'five by default')
  t.same(ids(await related(source.slug, '?limit=7')), [a3.id, a4.id, a2.id, due.id, a1.id, b1.id, b2.id])
  t.same(ids(await related(source.slug, '?limit=1')), [a3.id])
  // from the other side: a3 shares only the second tag
  t.same(ids(await related(a3.slug, '?limit=20')), [a2.id, source.id], 'no section, no organization: its tag alone')
  t.same(ids(await related(c1.slug, '?limit=20')), [stranger.id, a4.id, c2.id, source.id], 'its section, then its organization')
  t.same(ids(await related(loner.slug)), [], 'nothing shared: an empty list')
})

t.test('items are the public list’s items', async (t) => {
  const item = (await related(a1.slug, '?limit=20')).json().data.find((a: { id: string }) => a.id === source.id)
  const listed = (await app.inject(`/v1/articles?author=${author.slug}`)).json().data[0]
  t.same(item, listed)
  t.same(Object.keys((await related(source.slug)).json()), ['data'])
})

t.test('an unknown slug, or one not public now, is a 404; a bad limit is a 400', async (t) => {
  t.equal((await related('khong-co-bai-nay')).statusCode, 404)
  t.equal((await related(draftSource.slug)).statusCode, 404)
  for (const q of ['?limit=0', '?limit=21', '?limit=abc', '?limit=2.5', '?page=2']) {
    const res = await related(source.slug, q)
    t.equal(res.statusCode, 400, q)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8', q)
  }
  t.equal((await related('Có Dấu')).statusCode, 400)
})

t.test('cacheable: an ETag that changes with the list, and the keys of the article and of every item', async (t) => {
  const res = await related(source.slug)
  const keys = String(res.headers['surrogate-key']).split(' ')
  for (const key of [`article-${source.id}`, 'articles', `article-${a3.id}`, `article-${a1.id}`]) t.ok(keys.includes(key), key)
  t.notOk(
    String((await related(a1.slug, '?limit=20')).headers['surrogate-key'])
      .split(' ')
      .includes(`author-${author.id}`),
    'not an item’s byline: a byline change names `articles` itself',
  )
  t.notOk(keys.includes(`article-${b1.id}`), 'only what it shows')
  const etag = res.headers.etag as string
  t.equal((await related(source.slug, '', { 'if-none-match': etag })).statusCode, 304)
  t.not((await related(source.slug, '?limit=6')).headers.etag, etag, 'another limit, another representation')
  await db.prisma.article.update({ where: { id: a1.id }, data: { title: 'Chung thẻ 1, sửa', version: { increment: 1 } } })
  const changed = await related(source.slug, '', { 'if-none-match': etag })
  t.equal(changed.statusCode, 200)
  t.equal(changed.json().data[4].title, 'Chung thẻ 1, sửa')
})

t.test('the bounded statement agrees with a plain query, for tags and organizations small, big and big-but-old', async (t) => {
  // WALK newer articles than the old tag's: its walk finds nothing, and it is read whole
  const filler = WALK + 200
  const big = SMALL_KEY + 100
  const [hot, old, rare] = [await tag('Nóng'), await tag('Cũ'), await tag('Hiếm')]
  const [busy, quiet] = [await createOrganization(db), await createOrganization(db)]
  await db.prisma.$executeRawUnsafe(`
    INSERT INTO "Article" (slug, title, lead, body, status, "publishedAt", "sectionId")
    SELECT 'so-sanh-' || g, 'So sánh ' || g, '', '',
      (CASE WHEN g % 10 = 0 THEN 'draft' WHEN g % 17 = 0 THEN 'scheduled' ELSE 'published' END)::"ArticleStatus",
      CASE WHEN g % 10 = 0 THEN NULL WHEN g % 34 = 0 THEN now() + interval '1 day' ELSE now() - g * interval '1 minute' END,
      CASE WHEN g % 7 = 0 THEN '${sport.id}'::uuid END
    FROM generate_series(1, ${filler + 2 * big}) g`)
  const n = `(substring(a.slug from 9))::int`
  await db.prisma.$executeRawUnsafe(`
    INSERT INTO "ArticleTag" ("articleId", "tagId")
    SELECT a.id, CASE WHEN ${n} > ${filler + big} THEN '${old.id}'::uuid WHEN ${n} % 4 = 0 THEN '${hot.id}'::uuid ELSE '${rare.id}'::uuid END
    FROM "Article" a WHERE a.slug LIKE 'so-sanh-%' AND (${n} > ${filler + big} OR ${n} % 4 = 0 OR ${n} % 997 = 0)`)
  await db.prisma.$executeRawUnsafe(`
    INSERT INTO "ArticleOrganization" ("articleId", "organizationId")
    SELECT a.id, CASE WHEN ${n} % 3 = 0 THEN '${busy.id}'::uuid ELSE '${quiet.id}'::uuid END
    FROM "Article" a WHERE a.slug LIKE 'so-sanh-%' AND (${n} % 3 = 0 OR ${n} % 1009 = 0)`)
  await db.prisma.$executeRawUnsafe('ANALYZE')
  const counts = await db.prisma.$queryRaw<Array<{ id: string; n: bigint }>>`SELECT "tagId"::text AS id, count(*) AS n FROM "ArticleTag" GROUP BY 1`
  const size = (id: string) => Number(counts.find((c) => c.id === id)?.n ?? 0)
  t.ok(size(hot.id) > SMALL_KEY && size(old.id) > SMALL_KEY && size(rare.id) <= SMALL_KEY, 'a big tag, a big old one and a small one')

  const reference = async (slug: string, limit: number) => {
    const now = new Date()
    const rows = await db.pool.query<{ id: string }>(
      `WITH s AS (SELECT id, "sectionId" FROM "Article" WHERE slug = $1),
      c AS (
        SELECT a.id, a."publishedAt", CASE
          WHEN EXISTS (SELECT 1 FROM "ArticleTag" x JOIN "ArticleTag" y ON y."tagId" = x."tagId" WHERE x."articleId" = s.id AND y."articleId" = a.id) THEN 1
          WHEN a."sectionId" = s."sectionId" THEN 2
          WHEN EXISTS (SELECT 1 FROM "ArticleOrganization" x JOIN "ArticleOrganization" y ON y."organizationId" = x."organizationId"
                       WHERE x."articleId" = s.id AND y."articleId" = a.id) THEN 3 END AS tier
        FROM "Article" a, s WHERE a.id <> s.id AND ${isPublic('a', '$2::timestamptz')}
      )
      SELECT id FROM c WHERE tier IS NOT NULL ORDER BY tier, "publishedAt" DESC, id DESC LIMIT $3`,
      [slug, now, limit],
    )
    return rows.rows.map((r) => r.id)
  }
  // sources: one per kind of key, and a few of every sort
  const sources = await db.pool.query<{ slug: string }>(
    `SELECT slug FROM "Article" a WHERE a.slug LIKE 'so-sanh-%' AND a.status = 'published' AND (substring(a.slug from 9))::int IN
      (4, 8, 5, 997, 1994, 3, 9, 1009, 7, 14, 21, ${filler + 1}, ${filler + big + 1}, ${filler + big + 2}, ${filler + 2 * big - 1})`,
  )
  t.ok(sources.rows.length >= 12)
  for (const { slug } of sources.rows) {
    for (const limit of [1, 5, 20]) {
      const got = await related(slug, `?limit=${limit}`)
      t.equal(got.statusCode, 200)
      t.same(ids(got), await reference(slug, limit), `${slug}, limit ${limit}`)
    }
  }
})
