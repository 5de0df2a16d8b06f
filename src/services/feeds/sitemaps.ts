// The sitemap index, one sitemap per month of public, indexable articles (split into numbered
// parts past 50,000 URLs), the sections' and organizations' sitemaps, and the Google News sitemap.
// A month is streamed a keyset page at a time; nothing reads all articles at once.
import type { Database } from '../../db/index.ts'
import {
  listNewsArticles,
  listSitemapEntities,
  listSitemapMonths,
  monthBounds,
  sitemapEntityStamp,
  sitemapMonthPage,
  sitemapMonthStamp,
  type SitemapArticleRow,
} from '../../db/queries/public-sitemaps.ts'
import { routedReads } from '../../db/queries/statement.ts'
import { articleUrl } from '../../lib/article-url.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { digest } from '../../lib/http-cache.ts'
import type { Clock } from '../../lib/clock.ts'
import { organizationUrl, sectionUrl } from '../../lib/site-urls.ts'
import { escapeXml } from '../../lib/xml.ts'
import { LIST_KEY } from '../../events/tags.ts'
import type { SiteConfig } from '../../config.ts'

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
/** the protocol's limits per file */
export const MAX_URLS = 50_000
export const MAX_BYTES = 50 * 1024 * 1024
// an entry's bytes besides its URL: tags, an ISO lastmod, indentation
const ENTRY_OVERHEAD = 80
// the longest URL an article can have: slugs and section slugs are at most 200 characters (ASCII)
const MAX_SLUG = 200

export interface SitemapDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: Clock
  site: SiteConfig
  /** URLs per file (50,000; tests lower it); lowered further if 50 MB could not hold that many */
  urlLimit?: number
  /** rows per keyset page of a month (1,000) */
  pageSize?: number
  /** the news sitemap: its window (48 hours) and size (1,000) */
  newsWindowMs?: number
  newsLimit?: number
}

export interface XmlDocument {
  version: string
  tags: string[]
}
export interface XmlString extends XmlDocument {
  body: string
}
export interface XmlStream extends XmlDocument {
  body: () => AsyncIterable<string>
}

const MONTH_FILE = /^articles-(\d{4})-(\d{2})(?:-([2-9]|[1-9]\d{1,5}))?\.xml$/

export function createSitemapService({ db, clock, site, urlLimit = MAX_URLS, pageSize = 1000, newsWindowMs = 48 * 3600_000, newsLimit = 1000 }: SitemapDeps) {
  const read = routedReads(db.reads, ['articles'], { named: db.namedStatements })
  // the configuration is part of every document: a new site address or URL pattern is a new ETag
  const siteStamp = digest(site.url, site.articleUrlPattern, site.name)
  // pattern placeholders expand to at most a slug, a section slug, a uuid and a date each
  const longestUrl = site.url.length + site.articleUrlPattern.length + 2 * MAX_SLUG + 36
  const perFile = Math.min(urlLimit, MAX_URLS, Math.floor((MAX_BYTES - 1024) / (longestUrl + ENTRY_OVERHEAD)))
  const url = (row: Pick<SitemapArticleRow, 'id' | 'slug' | 'sectionSlug' | 'publishedAt'>) => articleUrl(site.url, site.articleUrlPattern, row)
  const entry = (loc: string, lastmod: string | null) => `<url><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>\n`

  return {
    /** files per month past `perFile` URLs: part 1 keeps the plain name, the rest are -2, -3, … */
    perFile,

    async index(): Promise<XmlString> {
      const [months, sections, organizations] = await read((query) =>
        Promise.all([listSitemapMonths(query, clock()), sitemapEntityStamp(query, 'Section'), sitemapEntityStamp(query, 'Organization')]),
      )
      const lines: string[] = []
      const sitemap = (file: string, lastmod: string | null) =>
        lines.push(`<sitemap><loc>${escapeXml(`${site.url}/sitemaps/${file}`)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</sitemap>\n`)
      if (sections.count > 0) sitemap('sections.xml', sections.lastmod)
      if (organizations.count > 0) sitemap('organizations.xml', organizations.lastmod)
      for (const m of months) {
        const parts = Math.ceil(m.count / perFile)
        // every part carries its month's newest change
        for (let n = 1; n <= parts; n++) sitemap(`articles-${m.month}${n === 1 ? '' : `-${n}`}.xml`, m.lastmod)
      }
      return {
        body: `${DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${lines.join('')}</sitemapindex>\n`,
        version: digest('sitemap-index', perFile, siteStamp, JSON.stringify(months), JSON.stringify(sections), JSON.stringify(organizations)),
        tags: [LIST_KEY],
      }
    },

    /** `articles-yyyy-mm.xml` or `articles-yyyy-mm-n.xml`; an unknown name, month or part is a 404. */
    async month(file: string): Promise<XmlStream> {
      const m = MONTH_FILE.exec(file)
      const month = m ? Number(m[2]) : 0
      if (!m || month < 1 || month > 12) throw new NotFoundError(`no sitemap named "${file}"`)
      const part = m[3] ? Number(m[3]) : 1
      const bounds = monthBounds(Number(m[1]), month)
      const now = clock()
      const stamp = await read((query) => sitemapMonthStamp(query, now, bounds))
      if (stamp.count <= (part - 1) * perFile) throw new NotFoundError(`no sitemap named "${file}"`)
      const total = Math.min(perFile, stamp.count - (part - 1) * perFile)
      async function* body() {
        yield `${DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n`
        let written = 0
        let after: SitemapArticleRow | undefined
        while (written < total) {
          const size = Math.min(pageSize, total - written)
          const skip = after ? undefined : (part - 1) * perFile
          const rows = await read((query) => sitemapMonthPage(query, { now, ...bounds, size, after, skip }))
          if (rows.length === 0) break
          yield rows.map((r) => entry(url(r), r.lastmod)).join('')
          written += rows.length
          after = rows.at(-1)
          if (rows.length < size) break
        }
        yield '</urlset>\n'
      }
      return { body: body, version: digest('sitemap-month', file, perFile, siteStamp, stamp.count, stamp.changed), tags: [LIST_KEY] }
    },

    async entities(kind: 'sections' | 'organizations'): Promise<XmlString> {
      const table = kind === 'sections' ? 'Section' : 'Organization'
      const pageOf = kind === 'sections' ? sectionUrl : organizationUrl
      const rows = await read((query) => listSitemapEntities(query, table, perFile))
      // a urlset must hold at least one url: the index leaves an empty one out
      if (rows.length === 0) throw new NotFoundError(`there are no ${kind} yet`)
      return {
        body: `${DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n${rows.map((r) => entry(pageOf(site.url, r.slug), r.lastmod)).join('')}</urlset>\n`,
        version: digest('sitemap', kind, perFile, siteStamp, rows.map((r) => `${r.slug}:${r.lastmod}`).join(',')),
        tags: [LIST_KEY],
      }
    },

    async news(): Promise<XmlString> {
      const now = clock()
      const rows = await read((query) => listNewsArticles(query, { now, since: new Date(now.getTime() - newsWindowMs), limit: newsLimit }))
      const publication = `<news:publication><news:name>${escapeXml(site.name)}</news:name><news:language>vi</news:language></news:publication>`
      const items = rows.map(
        (r) =>
          `<url><loc>${escapeXml(url(r))}</loc><news:news>${publication}` +
          `<news:publication_date>${r.publishedAt.toISOString()}</news:publication_date><news:title>${escapeXml(r.title)}</news:title></news:news></url>\n`,
      )
      return {
        body: `${DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${items.join('')}</urlset>\n`,
        version: digest('sitemap-news', newsLimit, siteStamp, rows.map((r) => r.stamp).join(',')),
        tags: [LIST_KEY],
      }
    },
  }
}

export type SitemapService = ReturnType<typeof createSitemapService>
