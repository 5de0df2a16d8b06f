// The sitemaps' reads: the months that have public, indexable articles, one month's articles a
// keyset page at a time (never the whole month in memory), the sections and organizations, and
// the last 48 hours for Google News. Months are Vietnam's calendar months (UTC+7, no daylight
// saving), the calendar of the dates in article URLs.
import { Params, epochMs, isoUtc } from './sql.ts'
import { isPublic, publicBranches } from './public-now.ts'
import { statement, statementFamily, type Query } from './statement.ts'

/** Vietnam's wall-clock time of a timestamptz column, as a timestamp without time zone. */
const vietnamTime = (column: string) => `((${column} AT TIME ZONE 'UTC') + interval '7 hours')`

// what an article's sitemap entry depends on: the article, its publication (a scheduled article
// becomes public without a write) and its primary section (the {section} of its URL)
const changedAt = `greatest(a."updatedAt", a."publishedAt", s."updatedAt")`

export interface SitemapMonth {
  /** yyyy-mm, Vietnam's calendar */
  month: string
  count: number
  /** ISO time of the newest change among its articles */
  lastmod: string
}

const monthsStatement = statement(
  'sitemap_months',
  `SELECT to_char(m.month, 'YYYY-MM') AS month, count(*)::int AS count, ${isoUtc('max(m.changed)')} AS lastmod
   FROM (SELECT date_trunc('month', ${vietnamTime('a."publishedAt"')}) AS month, ${changedAt} AS changed
         FROM "Article" a LEFT JOIN "Section" s ON s.id = a."sectionId"
         WHERE ${isPublic('a', '$1::timestamptz')} AND NOT a.noindex) m
   GROUP BY m.month ORDER BY m.month DESC`,
)

export async function listSitemapMonths(query: Query, now: Date): Promise<SitemapMonth[]> {
  return query<SitemapMonth>(monthsStatement, [now])
}

/** The UTC bounds of a Vietnamese calendar month: [from, to). */
export function monthBounds(year: number, month: number): { from: Date; to: Date } {
  const offset = 7 * 3600_000
  // setUTCFullYear, not Date.UTC, which reads the years 0–99 as 1900–1999
  const start = (y: number, m: number) => new Date(0).setUTCFullYear(y, m, 1) - offset
  return { from: new Date(start(year, month - 1)), to: new Date(start(year, month)) }
}

const monthStampStatement = statement(
  'sitemap_month_stamp',
  `SELECT count(*)::int AS count, coalesce(${epochMs(`max(${changedAt})`)}, 0)::text AS changed
   FROM "Article" a LEFT JOIN "Section" s ON s.id = a."sectionId"
   WHERE ${isPublic('a', '$1::timestamptz')} AND NOT a.noindex AND a."publishedAt" >= $2::timestamptz AND a."publishedAt" < $3::timestamptz`,
)

/** How many articles a month has and its newest change: the month's version, read before its rows. */
export async function sitemapMonthStamp(query: Query, now: Date, bounds: { from: Date; to: Date }): Promise<{ count: number; changed: string }> {
  const [row] = await query<{ count: number; changed: string }>(monthStampStatement, [now, bounds.from, bounds.to])
  return row!
}

export interface SitemapArticleRow {
  id: string
  slug: string
  publishedAt: Date
  sectionSlug: string | null
  lastmod: string
}

const pageStatement = statementFamily('sitemap_month_page')

/**
 * One page of a month's articles, oldest first: after the key `after`, or skipping `skip` rows
 * (the first page of a later part of a month). Each visibility branch is one range of the
 * (status, publishedAt, id) index, so a page costs `size` rows whatever its depth.
 */
export async function sitemapMonthPage(
  query: Query,
  input: { now: Date; from: Date; to: Date; size: number; after?: { publishedAt: Date; id: string }; skip?: number },
): Promise<SitemapArticleRow[]> {
  const p = new Params()
  const now = p.add(input.now, 'timestamptz')
  const range = `a."publishedAt" >= ${p.add(input.from, 'timestamptz')} AND a."publishedAt" < ${p.add(input.to, 'timestamptz')}`
  const size = p.add(input.size, 'int')
  const keyset = input.after ? ` AND (a."publishedAt", a.id) > (${p.add(input.after.publishedAt, 'timestamptz')}, ${p.add(input.after.id, 'uuid')})` : ''
  const skip = input.skip ? p.add(input.skip, 'int') : undefined
  const take = skip ? `${size} + ${skip}` : size
  const { published, scheduled } = publicBranches('a', now)
  const branch = (visible: string) => `(SELECT a.id, a."publishedAt" FROM "Article" a
    WHERE ${visible} AND NOT a.noindex AND ${range}${keyset} ORDER BY a."publishedAt", a.id LIMIT ${take})`
  const text = `SELECT a.id, a.slug, a."publishedAt", s.slug AS "sectionSlug", ${isoUtc(changedAt)} AS lastmod
    FROM (SELECT k.id, k."publishedAt" FROM (${branch(published)} UNION ALL ${branch(scheduled)}) k
          ORDER BY k."publishedAt", k.id LIMIT ${size}${skip ? ` OFFSET ${skip}` : ''}) k
    JOIN "Article" a ON a.id = k.id LEFT JOIN "Section" s ON s.id = a."sectionId"
    ORDER BY k."publishedAt", k.id`
  return query<SitemapArticleRow>(pageStatement(text), p.values)
}

export interface SitemapEntityRow {
  slug: string
  lastmod: string
}

// sections and organizations number in the hundreds: one statement each, capped at a file's limit
const entityStatement = (table: 'Section' | 'Organization') =>
  statement(`sitemap_${table.toLowerCase()}`, `SELECT slug, ${isoUtc('"updatedAt"')} AS lastmod FROM "${table}" ORDER BY slug LIMIT $1::int`)
const entityStatements = { Section: entityStatement('Section'), Organization: entityStatement('Organization') }
const entityStampStatements = {
  Section: statement('sitemap_section_stamp', `SELECT count(*)::int AS count, ${isoUtc('max("updatedAt")')} AS lastmod FROM "Section"`),
  Organization: statement('sitemap_organization_stamp', `SELECT count(*)::int AS count, ${isoUtc('max("updatedAt")')} AS lastmod FROM "Organization"`),
}

export async function listSitemapEntities(query: Query, table: 'Section' | 'Organization', limit: number): Promise<SitemapEntityRow[]> {
  return query<SitemapEntityRow>(entityStatements[table], [limit])
}

export async function sitemapEntityStamp(query: Query, table: 'Section' | 'Organization'): Promise<{ count: number; lastmod: string | null }> {
  const [row] = await query<{ count: number; lastmod: string | null }>(entityStampStatements[table], [])
  return row!
}

export interface NewsRow {
  id: string
  slug: string
  title: string
  publishedAt: Date
  sectionSlug: string | null
  stamp: string
}

const newsStatement = statement(
  'sitemap_news',
  (() => {
    const { published, scheduled } = publicBranches('a', '$1::timestamptz')
    const window = `a."publishedAt" > $2::timestamptz AND a."publishedAt" <= $1::timestamptz`
    const branch = (visible: string) => `(SELECT a.id, a."publishedAt" FROM "Article" a
      WHERE ${visible} AND NOT a.noindex AND ${window} ORDER BY a."publishedAt" DESC, a.id DESC LIMIT $3::int)`
    return `SELECT a.id, a.slug, a.title, a."publishedAt", s.slug AS "sectionSlug",
        concat_ws(':', a.id, a.version, ${epochMs(changedAt)}) AS stamp
      FROM (SELECT k.id, k."publishedAt" FROM (${branch(published)} UNION ALL ${branch(scheduled)}) k
            ORDER BY k."publishedAt" DESC, k.id DESC LIMIT $3::int) k
      JOIN "Article" a ON a.id = k.id LEFT JOIN "Section" s ON s.id = a."sectionId"
      ORDER BY k."publishedAt" DESC, k.id DESC`
  })(),
)

/** Articles published after `since` (and by `now`), newest first, at most `limit`. */
export async function listNewsArticles(query: Query, input: { now: Date; since: Date; limit: number }): Promise<NewsRow[]> {
  return query<NewsRow>(newsStatement, [input.now, input.since, input.limit])
}
