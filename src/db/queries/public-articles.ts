// The public article reads: one statement per list page and one per article, each built as JSON
// by PostgreSQL (bylines and organizations included), so the round trips never grow with the page.
// The JSON's spellings live in article-items.ts.
import { Params, epochMs } from './sql.ts'
import { searchPage } from './public-article-search.ts'
import { hasRareWord, indexedWords, searchStats } from './search-stats.ts'
import { isPublic, publicBranches } from './public-now.ts'
import { statement, statementFamily, type Query } from './statement.ts'
import { builtItems, detailOf, itemFields, itemJoins, storedItems, versionStamp } from './article-items.ts'
import { authorFilter, linkedTotal, organizationFilter, sectionFilter, tagFilter, type LinkFilter } from './public-article-filters.ts'

export interface ArticleListInput {
  now: Date
  limit: number
  /** page mode: rows to skip */
  offset?: number
  /** cursor mode: the sort key of the previous page's last row (rank only with words) */
  after?: { publishedAt: string; id: string; rank?: number }
  authorSlug?: string
  organizationSlug?: string
  /** that section and every section below it */
  sectionSlug?: string
  /** articles carrying every one of these tags */
  tagSlugs?: string[]
  featured?: boolean
  from?: Date
  before?: Date
  /** folded search words; every one must start a word of the title, lead or body */
  words?: string[]
  /** MEDIA_PUBLIC_URL: rendition URLs start with it (default /media) */
  mediaBase?: string
  /** page mode without words: count at most this many + 1 (the caller reports a capped total) */
  totalCap?: number
  /** the same with an author, organization, section or tag filter */
  linkedTotalCap?: number
  /**
   * Send the items rendered at write time (ArticleRender) that were rendered for this
   * configuration, instead of building them: `text` then holds them, `items` is empty.
   */
  renderedFor?: string
  /** for tests: the sample behind estimated search totals (public-article-search.ts) */
  searchWindow?: number
}

export interface ArticleListRows<Item> {
  /** page mode only; at most `totalCap + 1` when counted up to a cap */
  total: number | null
  /** page mode: the cap the total was counted up to (past it, a lower bound); null when uncapped or estimated */
  totalCap: number | null
  /** page-mode search: true when the total is an estimate (null otherwise) */
  totalEstimated: boolean | null
  /** null when the filter was not asked for */
  authorFound: boolean | null
  organizationFound: boolean | null
  sectionFound: boolean | null
  /** how many of the distinct tag slugs asked for exist (null: no tag filter) */
  tagsFound: number | null
  /** rows read for the page: `limit + 1` means another page follows */
  fetched: number
  items: Item[]
  /** search only: the title-match rank of the last item, for the next cursor */
  lastRank: number | null
  /** what the page's representation depends on, for its ETag */
  stamp: string
  /** with `renderedFor`: the stored items, comma-separated, in order (null: an empty page) */
  text?: string | null
  /** with `renderedFor`: the shown items' ids and publication times, in order */
  ids?: string[]
  publishedAts?: string[]
  /** with `renderedFor`: items with no fresh stored text (the caller renders the page instead) */
  missing?: number
}

const listStatement = statementFamily('public_articles')

/**
 * Without words the page is read in index order: published and due-scheduled articles are two
 * ranges of the (status, publishedAt, id) index, merged (Merge Append) and cut at the limit, so
 * neither a deep keyset page nor the first page sorts the table. With words, public-article-search.ts
 * walks title matches, then the other matches, each newest first.
 */
export async function listPublicArticles<Item>(query: Query, input: ArticleListInput): Promise<ArticleListRows<Item>> {
  const p = new Params()
  const now = p.add(input.now, 'timestamptz')
  const words = input.words ?? []
  const search = words.length > 0
  const stats = search ? await searchStats(query) : undefined
  // A first page (or a cursor page) without link filters is a named statement with its row counts
  // written in (Params.count), planned once. A search's walk of common words only walks the date index
  // and a rare word's walk reads GIN through article_search_matches (public-article-search.ts), so one
  // plan serves every such search, where planning each search cost 6–11 ms of PostgreSQL's CPU (R3 at
  // 2,000 articles: 107–139 → 356 searches a second). Bound row counts kept the lists and searches
  // planned on every request from 100,000 articles (their generic plans, costed blind, lost to the
  // custom ones). Without statistics a search's shapes cannot be chosen, and deeper pages would make a
  // statement per page: those are planned with their values, as link-filtered lists are (their generic
  // plan, blind to the limit and the slug, hashed the whole subtree for a page of 20: 1.5 s at a
  // million articles, against 25 ms).
  const shaped = stats !== undefined && stats.title.length > 0 && stats.text.length > 0
  const indexed = stats && { title: indexedWords(stats.title, words), text: indexedWords(stats.text, words) }
  const rare = stats && indexed && { title: hasRareWord(stats.title, indexed.title), text: hasRareWord(stats.text, indexed.text) }
  const linkFiltered = Boolean(input.authorSlug || input.organizationSlug || input.sectionSlug || input.tagSlugs?.length)
  const plannedOnce = (search ? shaped : true) && !linkFiltered && !input.offset && Number.isSafeInteger(input.limit)
  const limit = p.count(input.limit, plannedOnce)
  const offset = input.offset === undefined ? undefined : plannedOnce ? '0' : p.add(input.offset, 'int')
  const stored = input.renderedFor === undefined ? undefined : p.add(input.renderedFor, 'text')
  // stored items hold their URLs already
  const base = stored ? '' : p.add(input.mediaBase ?? '/media', 'text')

  const author = input.authorSlug === undefined ? undefined : p.add(input.authorSlug, 'text')
  const organization = input.organizationSlug === undefined ? undefined : p.add(input.organizationSlug, 'text')
  const section = input.sectionSlug === undefined ? undefined : p.add(input.sectionSlug, 'text')
  const tagSlugs = input.tagSlugs?.length ? input.tagSlugs.map((t) => p.add(t, 'text')) : undefined
  // the finer filters first: a total counts from the first one's link rows
  const linked = [
    ...(author ? [authorFilter(author)] : []),
    ...(tagSlugs ?? []).map(tagFilter),
    ...(organization ? [organizationFilter(organization)] : []),
    ...(section ? [sectionFilter(section)] : []),
  ]
  const columns: string[] = []
  if (input.featured !== undefined) columns.push(input.featured ? 'a.featured' : 'NOT a.featured')
  if (input.from) columns.push(`a."publishedAt" >= ${p.add(input.from, 'timestamptz')}`)
  if (input.before) columns.push(`a."publishedAt" < ${p.add(input.before, 'timestamptz')}`)
  const and = (list: string[]) => list.map((f) => ` AND ${f}`).join('')
  const where = and([...linked.map((f) => f.exists), ...columns])
  const [firstLink, ...otherLinks] = linked
  /** a link-filtered total, from the first filter's link rows; `also`: more checks on each article */
  const countLinked = (first: LinkFilter, also: string[], cap: string) =>
    linkedTotal(first, and([...otherLinks.map((f) => f.exists), ...columns, ...also]), isPublic('a', now), cap)
  // page-mode totals stop counting past a cap, so a page's cost does not grow with the archive: a
  // list's, and a search's narrowed by another filter (each counted row a check of the words); an
  // unfiltered search estimates instead (public-article-search.ts)
  const totalCap = input.offset === undefined || (search && where === '') ? null : ((linked.length ? input.linkedTotalCap : input.totalCap) ?? null)

  let keyset = ''
  if (input.after && !search) {
    keyset = ` AND (a."publishedAt", a.id) < (${p.add(input.after.publishedAt, 'timestamptz')}, ${p.add(input.after.id, 'uuid')})`
  }

  const orderBy = (t: string) => `${search ? `${t}.rank DESC, ` : ''}${t}."publishedAt" DESC, ${t}.id DESC`
  const cut = `LIMIT ${limit} + 1${offset ? ` OFFSET ${offset}` : ''}`
  let ctes: string
  // planned with its values each time (see Statement.prepared and above)
  const unnamed = (search && !plannedOnce) || linked.length > 0
  let total = 'NULL::int'
  let estimated = 'NULL::boolean'
  if (indexed && rare) {
    ;({ ctes, total, estimated } = searchPage(p, {
      indexed,
      rare,
      shaped,
      generic: plannedOnce,
      now,
      words,
      where,
      filtered: where !== '',
      totalCap: totalCap ?? undefined,
      linkedTotal: firstLink && ((check, cap) => countLinked(firstLink, [check], cap)),
      limit,
      offset,
      after: input.after,
      window: input.searchWindow,
    }))
  } else {
    // the per-branch limit must cover the rows skipped by OFFSET as well
    const take = `LIMIT ${limit} + 1${offset ? ` + ${offset}` : ''}`
    const branch = (visible: string) => `(SELECT a.id, a."publishedAt" FROM "Article" a
        WHERE ${visible}${where}${keyset} ORDER BY a."publishedAt" DESC, a.id DESC ${take})`
    const { published, scheduled } = publicBranches('a', now)
    ctes = `page AS MATERIALIZED (
      SELECT k.id, k."publishedAt", 0 AS rank FROM (${branch(published)} UNION ALL ${branch(scheduled)}) k
      ORDER BY k."publishedAt" DESC, k.id DESC ${cut})`
    if (offset) {
      // counting stops past the cap: a page's cost must not grow with the archive. Unfiltered, two
      // index-only range counts; filtered by links, from the first filter's link rows, up to its own cap
      const cap = p.count(totalCap ?? 1_000_000_000, plannedOnce)
      if (firstLink) {
        total = countLinked(firstLink, [], cap)
      } else {
        // counted in the date index's order: the id-led visibility index holds the same entries at the
        // same cost to the planner, but in uuid order each one is a random heap page whose visibility-map
        // page must be fetched again (8,575 buffers for 10,001 entries at a million articles, against 75)
        const upTo = (visible: string) => `(SELECT count(*) FROM (SELECT FROM "Article" a WHERE ${visible}${where}
          ORDER BY a."publishedAt" DESC, a.id DESC LIMIT ${cap} + 1) c)`
        total = `least(${upTo(published)} + ${upTo(scheduled)}, ${cap} + 1)::int`
      }
    }
  }

  const text = `WITH ${ctes},
    shown AS (SELECT p.id, p."publishedAt", p.rank FROM page p ORDER BY ${orderBy('p')} LIMIT ${limit})
    SELECT ${total} AS total, ${estimated} AS "totalEstimated",
      ${author ? `EXISTS (SELECT 1 FROM "Author" WHERE slug = ${author})` : 'NULL::boolean'} AS "authorFound",
      ${organization ? `EXISTS (SELECT 1 FROM "Organization" WHERE slug = ${organization})` : 'NULL::boolean'} AS "organizationFound",
      ${section ? `EXISTS (SELECT 1 FROM "Section" WHERE slug = ${section})` : 'NULL::boolean'} AS "sectionFound",
      ${tagSlugs ? `(SELECT count(*) FROM "Tag" WHERE slug IN (${tagSlugs.join(', ')}))::int` : 'NULL::int'} AS "tagsFound",
      (SELECT count(*) FROM page)::int AS fetched,
      ${search ? '(SELECT rank FROM shown ORDER BY rank, "publishedAt", id LIMIT 1)' : 'NULL::int'} AS "lastRank",
      agg.*
    FROM (${stored ? storedItems(orderBy('s'), stored) : builtItems(orderBy('s'), base)}) agg`
  const named = listStatement(text)
  const [row] = await query<ArticleListRows<Item> & { ids?: string | string[]; publishedAts?: string | string[] }>(
    unnamed ? { ...named, prepared: false } : named,
    p.values,
  )
  // sent comma-joined: pg parses a text[] a character at a time (35 KB of garbage a page)
  const split = (list: string) => (list === '' ? [] : list.split(','))
  if (typeof row!.ids === 'string') row!.ids = split(row!.ids)
  if (typeof row!.publishedAts === 'string') row!.publishedAts = split(row!.publishedAts)
  // set on the row, not a copy of it: this is every list request
  row!.totalCap = totalCap
  return row as ArticleListRows<Item>
}

/**
 * One public article by slug, or undefined when there is none (or it is not public). `media`
 * holds the body's library images by id (public media JSON), for renderInlineMedia to fill in.
 */
export async function findPublicArticle<Detail, Media>(
  query: Query,
  slug: string,
  now: Date,
  mediaBase: string,
): Promise<{ article: Detail; media: Record<string, Media> | null; stamp: string } | undefined> {
  const [row] = await query<{ article: Detail; media: Record<string, Media> | null; stamp: string }>(detailStatement, [slug, now, mediaBase])
  return row
}

const detailStatement = statement(
  'public_article',
  detailOf(
    `concat_ws(':', ${versionStamp(', ogi."updatedAt"')}, ${epochMs('im.changed')}) AS stamp`,
    `a.slug = $1::text AND ${isPublic('a', '$2::timestamptz')}`,
    '$3::text',
  ),
)

/**
 * One article by id in ANY status, in the public detail's shape, with its preview version (which
 * the caller checks against the token's): a draft preview, so not public-now filtered.
 */
export async function findPreviewArticle<Detail, Media>(
  query: Query,
  id: string,
  mediaBase: string,
): Promise<{ article: Detail; media: Record<string, Media> | null; previewVersion: number } | undefined> {
  const [row] = await query<{ article: Detail; media: Record<string, Media> | null; previewVersion: number }>(previewStatement, [id, mediaBase])
  return row
}

const previewStatement = statement('preview_article', detailOf('a."previewVersion" AS "previewVersion"', 'a.id = $1::uuid', '$2::text'))

const itemByIdStatement = statement(
  'public_article_item',
  `
  SELECT json_build_object(${itemFields('$3::text')}) AS article
  FROM "Article" a
  ${itemJoins}
  WHERE a.id = $1::uuid AND ${isPublic('a', '$2::timestamptz')}`,
)

/** One public article as a list item, by id (webhook payloads), or undefined when not public now. */
export async function findPublicArticleItem<Item>(query: Query, id: string, now: Date, mediaBase: string): Promise<Item | undefined> {
  const [row] = await query<{ article: Item }>(itemByIdStatement, [id, now, mediaBase])
  return row?.article
}
