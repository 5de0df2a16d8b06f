// RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest public articles, site-wide or of one section,
// organization, author or tag (sections and organizations with everything below them). Entries
// carry the lead (as HTML-escaped text), not the body: a feed announces, the portal shows.
import { Feed, type Item } from 'feed'
import type { Database } from '../../db/index.ts'
import { listFeedArticles, type FeedItemRow, type FeedKind, type FeedRows } from '../../db/queries/public-feeds.ts'
import { routedReads } from '../../db/queries/statement.ts'
import { articleUrl } from '../../lib/article-url.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { digest } from '../../lib/http-cache.ts'
import type { Clock } from '../../lib/clock.ts'
import { mediaUrl, organizationUrl, sectionUrl } from '../../lib/site-urls.ts'
import { textAsHtml, xmlText } from '../../lib/xml.ts'
import { authorKey, listKeys, organizationKey, sectionKey, tagKey } from '../../events/tags.ts'
import type { SiteConfig } from '../../config.ts'

export const FEED_FORMATS = { 'rss.xml': 'rss', 'atom.xml': 'atom', 'feed.json': 'json' } as const
export type FeedFile = keyof typeof FEED_FORMATS
type Format = (typeof FEED_FORMATS)[FeedFile]

export const FEED_CONTENT_TYPES: Record<Format, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

export interface FeedDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: Clock
  site: SiteConfig
  /** MEDIA_PUBLIC_URL */
  mediaBase: string
  /** entries per feed (50) */
  limit?: number
}

export interface FeedDocument {
  body: string
  contentType: string
  version: string
  tags: string[]
}

const SCOPE_KEYS: Record<FeedKind, (id: string) => string> = { sections: sectionKey, organizations: organizationKey, authors: authorKey, tags: tagKey }
const DC = 'http://purl.org/dc/elements/1.1/'
// an entry's update time: a scheduled article's publication comes after its last edit (ISO strings compare as times)
const changedAt = (i: FeedItemRow) => [i.publishedAt, i.updatedAt].sort()[1]!

export function createFeedService({ db, clock, site, mediaBase, limit = 50 }: FeedDeps) {
  const read = routedReads(db.reads, ['articles'], { named: db.namedStatements })
  // the configuration is part of every document: a new site address or URL pattern is a new ETag
  const siteStamp = digest(site.url, site.articleUrlPattern, site.name, mediaBase)

  async function feed(file: FeedFile, scope?: { kind: FeedKind; slug: string }): Promise<FeedDocument> {
    const format = FEED_FORMATS[file]
    const rows = await read((query) => listFeedArticles(query, { now: clock(), limit, ...scope }))
    if (scope && !rows.scope) throw new NotFoundError(`no ${scope.kind.replace(/s$/, '')} with slug "${scope.slug}"`)
    const body = render(format, rows, scope)
    const tags = listKeys(rows.items)
    if (scope && rows.scope) tags.push(SCOPE_KEYS[scope.kind](rows.scope.id))
    return { body, contentType: FEED_CONTENT_TYPES[format], version: digest('feed', file, scope?.kind, scope?.slug, limit, siteStamp, rows.stamp), tags }
  }

  function render(format: Format, rows: FeedRows, scope?: { kind: FeedKind; slug: string }): string {
    const selfBase = scope ? `${site.url}/feeds/${scope.kind}/${encodeURIComponent(scope.slug)}` : `${site.url}/feeds`
    const name = xmlText(site.name)
    const scopeName = rows.scope ? xmlText(rows.scope.name) : undefined
    const home =
      scope?.kind === 'sections' ? sectionUrl(site.url, scope.slug) : scope?.kind === 'organizations' ? organizationUrl(site.url, scope.slug) : `${site.url}/`
    const newest = rows.items.reduce<string | undefined>((m, i) => (m === undefined || changedAt(i) > m ? changedAt(i) : m), undefined)
    const title = scopeName ? `${scopeName} – ${name}` : name
    const f = new Feed({
      id: `${selfBase}/atom.xml`,
      // Atom's title is type="text" here: the library writes it as element text, escaped
      title,
      description: scopeName ? `Tin mới nhất: ${scopeName} – ${name}` : `Tin mới nhất của ${name}`,
      link: home,
      language: 'vi',
      // the newest entry's change, so the same articles give the same bytes (the empty feed: now)
      updated: newest ? new Date(newest) : clock(),
      generator: 'Tòa Soạn',
      // Atom wants an author for every entry: the publication stands in for an entry without a byline
      author: { name },
      feedLinks: { rss: `${selfBase}/rss.xml`, atom: `${selfBase}/atom.xml`, json: `${selfBase}/feed.json` },
    })
    for (const item of rows.items) f.addItem(entry(format, item))
    if (format === 'rss') return withRootAttribute(f.rss2(), '<rss version="2.0"', `xmlns:dc="${DC}"`)
    if (format === 'atom') return fixEnclosureTypes(withRootAttribute(f.atom1(), '<feed xmlns="http://www.w3.org/2005/Atom"', 'xml:lang="vi"'), rows.items)
    return jsonFeed11(f.json1(), rows.items)
  }

  function imageOf(item: FeedItemRow) {
    if (!item.image) return undefined
    return { url: mediaUrl(site.url, mediaBase, item.image.key), type: item.image.mimeType, length: item.image.bytes }
  }

  function entry(format: Format, item: FeedItemRow): Item {
    const link = articleUrl(site.url, site.articleUrlPattern, item)
    const authors = item.authors.map((a) => ({ name: xmlText(a.name) }))
    // the library puts titles and summaries in CDATA and splits only the first "]]>": Atom's
    // (type="html") and RSS's description are HTML, so escaped text has none; RSS's title is
    // plain text, where a "]]>" is written as "]]&gt;"
    const lead = textAsHtml(item.lead)
    const image = imageOf(item)
    return {
      id: `urn:uuid:${item.id}`,
      title: format === 'atom' ? textAsHtml(item.title) : format === 'rss' ? xmlText(item.title).replaceAll(']]>', ']]&gt;') : xmlText(item.title),
      link,
      date: new Date(changedAt(item)),
      published: new Date(item.publishedAt),
      description: lead,
      ...(image ? { enclosure: image } : {}),
      // RSS's <author> must be an e-mail address: bylines go to dc:creator there
      ...(format === 'rss'
        ? { extensions: [{ name: 'dc:creator', objects: authors.map((a) => ({ _text: a.name })) as unknown as Record<string, unknown> }] }
        : format === 'atom'
          ? { author: authors }
          : {}), // JSON Feed 1.1's `authors` are added by jsonFeed11 (the library writes 1.0's single author)
    }
  }

  /** JSON Feed 1.1 from the library's 1.0 output: `authors` arrays, `language`, attachments. */
  function jsonFeed11(json: string, items: FeedItemRow[]): string {
    const doc = JSON.parse(json) as { version: string; items: Array<Record<string, unknown>>; [k: string]: unknown }
    const out: Record<string, unknown> = { version: 'https://jsonfeed.org/version/1.1', language: 'vi' }
    for (const [k, v] of Object.entries(doc)) if (k !== 'version' && k !== 'items' && k !== 'author') out[k] = v
    out.authors = [{ name: xmlText(site.name) }]
    out.items = doc.items.map((it, i) => {
      const row = items[i]!
      const image = imageOf(row)
      return {
        ...it,
        summary: xmlText(row.lead),
        authors: row.authors.map((a) => ({ name: xmlText(a.name) })),
        ...(image
          ? {
              image: row.image?.articleKey ? mediaUrl(site.url, mediaBase, row.image.articleKey) : image.url,
              attachments: [{ url: image.url, mime_type: image.type, size_in_bytes: image.length }],
            }
          : {}),
      }
    })
    return JSON.stringify(out)
  }

  return {
    site: (file: FeedFile) => feed(file),
    scoped: (file: FeedFile, kind: FeedKind, slug: string) => feed(file, { kind, slug }),
  }
}

/** Adds an attribute to the root element the library wrote: `start` must be found exactly once. */
function withRootAttribute(xml: string, start: string, attribute: string): string {
  const at = xml.indexOf(start)
  if (at === -1 || xml.indexOf(start, at + 1) !== -1) throw new Error(`the feed library's output changed: ${start} not found once`)
  return `${xml.slice(0, at + start.length)} ${attribute}${xml.slice(at + start.length)}`
}

/**
 * The library derives an Atom enclosure's type from the URL's extension ("image/jpg"); the
 * media row knows it ("image/jpeg"). Each enclosure link is rewritten as a whole, found by its URL.
 */
function fixEnclosureTypes(xml: string, items: FeedItemRow[]): string {
  let out = xml
  for (const item of items) {
    if (!item.image) continue
    const ext = item.image.key.split('.').at(-1)
    const wrong = `" type="image/${ext}" length="${item.image.bytes}"/>`
    const right = `" type="${item.image.mimeType}" length="${item.image.bytes}"/>`
    if (wrong !== right) out = out.replaceAll(wrong, right)
  }
  return out
}

export type FeedService = ReturnType<typeof createFeedService>
