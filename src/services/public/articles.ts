// Public articles: what readers see. Visibility is decided at read time with the clock; the SQL
// lives in db/queries/public-articles.ts and runs as named prepared statements on the shared pool.
import { findPublicArticle, listPublicArticles, type ArticleListInput } from '../../db/queries/public-articles.ts'
import { findStoredArticle } from '../../db/queries/article-render.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { dateRange } from '../../lib/date-range.ts'
import { BadRequestError, NotFoundError } from '../../lib/errors.ts'
import { digest, JsonText, type Versioned } from '../../lib/http-cache.ts'
import { articleKeys, listKeys } from '../../events/tags.ts'
import { badCursor, listMeta, pagingOf, type ListMeta, type Paging } from '../../lib/paging.ts'
import { searchWords } from '../../lib/vietnamese.ts'
import type { SiteUrls } from '../../lib/article-seo.ts'
import type { InlineMedia } from '../../lib/sanitize.ts'
import { finishDetail, serializeListMeta } from './article-render.ts'
import { MAX_QUERY_WORDS, type Article, type ArticleList, type ArticleListItem, type ArticleListQuery } from '../../schemas/articles.ts'

export interface PublicArticlesDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: () => Date
  /** MEDIA_PUBLIC_URL */
  mediaBase: string
  /** PUBLIC_SITE_URL and ARTICLE_URL_PATTERN, for the default canonical URL */
  site: SiteUrls
  /** LIST_TOTAL_CAP: page-mode lists count their total up to this many */
  totalCap: number
  /** LIST_TOTAL_CAP_FILTERED: the same with an author, organization, section or tag filter */
  linkedTotalCap: number
  /** the configuration stored texts must have been rendered for (article-render.ts), to be sent */
  renderedFor: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
// exactly what Date#toISOString writes: JavaScript would roll 2026-02-30 over to March, PostgreSQL refuse it
const isIsoInstant = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v

/** The distinct search words of a query; none when it has no letters or digits. */
export function queryWords(q: string | undefined): string[] {
  const words = [...new Set(searchWords(q ?? ''))]
  if (words.length > MAX_QUERY_WORDS) {
    throw new BadRequestError(`a search takes at most ${MAX_QUERY_WORDS} distinct words`, [
      { path: 'querystring/q', message: `must have at most ${MAX_QUERY_WORDS} distinct words` },
    ])
  }
  return words
}

/**
 * A list cursor is [publishedAt, id], plus the title-match rank when searching; a cursor from a
 * search used without one (or the reverse) is refused rather than silently misplaced.
 */
function keysetAfter(paging: Paging, searching: boolean): ArticleListInput['after'] {
  if (paging.kind !== 'cursor') return undefined
  const [publishedAt, id, rank, ...rest] = paging.cursor
  const ok =
    isIsoInstant(publishedAt) && typeof id === 'string' && UUID.test(id) && rest.length === 0 && (searching ? rank === 0 || rank === 1 : rank === undefined)
  if (!ok) throw badCursor()
  return { publishedAt: publishedAt as string, id: id as string, ...(searching ? { rank: rank as number } : {}) }
}

/** The distinct slugs of `tag=a,b` (the schema checked their form and number). */
const tagSlugsOf = (tag: string | undefined) => (tag === undefined ? undefined : [...new Set(tag.split(','))])

export function createPublicArticlesService({ db, clock, mediaBase, site, renderedFor, totalCap, linkedTotalCap }: PublicArticlesDeps) {
  // on a replica when one is fit: what an article response shows changes under these tags
  const read = routedReads(db.reads, ['articles', 'article'], { named: db.namedStatements })

  return {
    async list(input: ArticleListQuery): Promise<Versioned<ArticleList | JsonText> & { meta: ListMeta }> {
      const paging = pagingOf(input)
      const words = queryWords(input.q)
      const range = dateRange(input.from, input.to)
      const tagSlugs = tagSlugsOf(input.tag)
      const listInput: ArticleListInput = {
        now: clock(),
        limit: paging.limit,
        ...(paging.kind === 'page' ? { offset: (paging.page - 1) * paging.limit } : { after: keysetAfter(paging, words.length > 0) }),
        authorSlug: input.author,
        organizationSlug: input.organization,
        sectionSlug: input.section,
        tagSlugs,
        featured: input.featured,
        ...range,
        words,
        mediaBase,
        totalCap,
        linkedTotalCap,
      }
      // the texts rendered at write time, unless one of the page's is stale (a rename not yet
      // rendered again): then the page is built here, on the same server
      const rows = await read(async (query) => {
        const stored = await listPublicArticles<ArticleListItem>(query, { ...listInput, renderedFor })
        return stored.missing === 0 || stored.text === undefined ? stored : listPublicArticles<ArticleListItem>(query, listInput)
      })
      if (rows.authorFound === false) throw new NotFoundError(`no author with slug "${input.author}"`)
      if (rows.organizationFound === false) throw new NotFoundError(`no organization with slug "${input.organization}"`)
      if (rows.sectionFound === false) throw new NotFoundError(`no section with slug "${input.section}"`)
      if (tagSlugs && rows.tagsFound !== tagSlugs.length) throw new NotFoundError(`no tag with slug ${tagSlugs.map((t) => `"${t}"`).join(' or ')}`)
      const ids = rows.ids ?? rows.items.map((i) => i.id)
      const last = ids.length ? { id: ids.at(-1)!, publishedAt: rows.publishedAts?.at(-1) ?? rows.items.at(-1)!.publishedAt } : undefined
      const nextKey =
        rows.fetched > paging.limit && last ? (words.length ? [last.publishedAt, last.id, rows.lastRank ?? 0] : [last.publishedAt, last.id]) : undefined
      const meta: ArticleList['meta'] = listMeta(paging, rows.total ?? undefined, nextKey, rows.totalCap ?? undefined)
      if (rows.totalEstimated) meta.totalEstimated = true
      // everything the representation depends on: the request as understood, and the rows' state
      const version = digest(
        'articles',
        JSON.stringify([
          paging,
          words,
          input.author,
          input.organization,
          input.section,
          tagSlugs,
          input.featured,
          range.from?.getTime(),
          range.before?.getTime(),
        ]),
        rows.total,
        rows.fetched,
        rows.stamp,
      )
      const tags = listKeys(ids.map((id) => ({ id })))
      if (rows.ids) {
        // what the list schema would write: the stored items are its item serializer's text
        const body = new JsonText('{"data":[', rows.text ?? '', `],"meta":${serializeListMeta(meta)}}`)
        return { body, meta, version, tags }
      }
      return { body: { data: rows.items, meta }, meta, version, tags }
    },

    async get(slug: string): Promise<Versioned<Article | JsonText>> {
      const now = clock()
      const row = await read(async (query) => {
        const stored = await findStoredArticle(query, slug, now, renderedFor)
        if (!stored) return undefined
        if (!stored.stale) return { stored }
        // not rendered again yet since its last change: built here, as it will be stored
        return { fresh: await findPublicArticle<Article, InlineMedia>(query, slug, now, mediaBase) }
      })
      if (row?.stored) {
        const { text, stamp, keys } = row.stored
        return { body: new JsonText(text!), version: digest('article', 'stored', stamp), tags: keys ? keys.split(' ') : [] }
      }
      const fresh = row?.fresh
      if (!fresh) throw new NotFoundError(`no published article with slug "${slug}"`)
      const article = finishDetail(fresh, site)
      return { body: article, version: digest('article', fresh.stamp), tags: articleKeys(article) }
    },
  }
}

export type PublicArticlesService = ReturnType<typeof createPublicArticlesService>
