// The search branch of the public article list: full-text prefix terms over the folded text
// (generated tsvector columns of its words, migration 20261201000000_search_vectors_of_words),
// ranked title matches first, then newest. Two bounded walks: the newest title matches, then the
// newest other matches, each cut at the rows the page needs, so a frequent word stops after a page's
// worth of the date index and a rare one reads its few rows from a GIN index (the statistics choose
// per walk, search-stats.ts; without them the planner does).
// docs/search-explain.md shows the plans and their cost from 2,000 to 1,000,000 articles.
import { prefixTsQuery, type Params } from './sql.ts'
import { isPublic, publicBranches } from './public-now.ts'

/** Page-mode totals above what the walks saw come from this many newest public articles. */
export const SEARCH_TOTAL_WINDOW = 250
/**
 * The sample's share of matches counts only from this many hits: one hit in 250 newest articles
 * scaled to a million made a word of 1,000 matches ≈4,000. With k hits the share is off by about
 * 1/√k (a third at 10); below that the walks' reach, which saw at least a page's matches, decides.
 */
export const SEARCH_ESTIMATE_MIN_HITS = 10

export interface SearchInput {
  now: string
  words: string[]
  /** ` AND …` filters on `a` besides visibility and the search */
  where: string
  /** any filter besides the words (author, organization, section, tags, featured, dates) */
  filtered: boolean
  /** filtered: the page-mode total counts at most this many + 1 matches */
  totalCap?: number
  /**
   * filtered by links (author, organization, section, tags): the page-mode total counted from the
   * first filter's link rows with `check` on each article (public-article-filters.ts linkedTotal)
   */
  linkedTotal?: (check: string, cap: string) => string
  limit: string
  offset?: string
  after?: { publishedAt: string; id: string; rank?: number }
  /** for tests: the sample that page-mode estimates come from */
  window?: number
  /** the words to ask each GIN index for (search-stats.ts); default every word */
  indexed?: { title: string[]; text: string[] }
  /** per column: a rare word is among them (search-stats.ts hasRareWord), so read every match from GIN */
  rare?: { title: boolean; text: boolean }
  /**
   * the statistics chose the shapes: a walk without a rare word then only walks the date index (the
   * words checked on each row, out of GIN's reach), so the plan never turns on the words' values
   */
  shaped?: boolean
  /**
   * the statement is named and runs on a generic plan: counts are written into its text
   * (Params.count). The words are a tsquery parameter either way, read once per execution
   */
  generic?: boolean
}

const none = 'SELECT NULL::uuid AS id, NULL::timestamptz AS "publishedAt" WHERE false'

/**
 * The `page` CTE (id, publishedAt, rank) of a search and, in page mode, its total: exact when the
 * walks saw every match, when filters narrow the list, or when the public articles fit in the
 * sample; otherwise an estimate (see below), flagged as one.
 */
export function searchPage(p: Params, input: SearchInput): { ctes: string; total: string; estimated: string } {
  const { published, scheduled } = publicBranches('a', input.now)
  const q = p.add(prefixTsQuery(input.words), 'tsquery')
  // what GIN is asked for: the indexed words, with the whole search checked on each row found when
  // they are fewer (`check`), else the whole search (no check)
  const lookup = (indexed: string[] | undefined) =>
    indexed && indexed.length < input.words.length ? { index: p.add(prefixTsQuery(indexed), 'tsquery'), check: q } : { index: q, check: undefined }
  const matches = (column: string, indexed: string[] | undefined) => {
    const { index, check } = lookup(indexed)
    return `${column} @@ ${index}${check ? ` AND ts_match_vq(${column}, ${check})` : ''}`
  }
  const need = `(${input.limit} + 1${input.offset ? ` + ${input.offset}` : ''})`
  const newest = 'ORDER BY a."publishedAt" DESC, a.id DESC'
  // every limit is the plain `need`, so the planner weighs the date index against GIN for that many
  // rows (a computed limit is planned as a tenth of the rows, which favoured walking the date index
  // for rare words); the other walk runs only when the title walk left room (a one-time filter)
  // with a rare word the matches are read whole from GIN by article_search_matches (migration
  // 20261130140000), checked for visibility row by row and the few of them sorted: one read, as the
  // two visibility ranges would each be ANDed with the GIN bitmap (the due-scheduled range is a bitmap
  // of every scheduled article, ~50,000 rows at 1,000,000 articles, 30–60 ms a search). Behind the
  // function the read's plan no longer turns on the words, so this statement is planned once too.
  const walk = (match: () => string, keyset: string, only = '', rareRead?: string) => {
    const also = only ? ` AND ${only}` : ''
    if (rareRead) {
      return `SELECT a.id, a."publishedAt" FROM ${rareRead} a
        WHERE ${isPublic('a', input.now)}${input.where}${keyset}${also} ${newest} LIMIT ${need}`
    }
    const words = match()
    const branch = (visible: string) => `(SELECT a.id, a."publishedAt" FROM "Article" a
        WHERE ${visible}${input.where} AND ${words}${keyset} ${newest} LIMIT ${need})`
    return `SELECT k.id, k."publishedAt" FROM (${branch(published)} UNION ALL ${branch(scheduled)}) k WHERE true${also}
      ORDER BY k."publishedAt" DESC, k.id DESC LIMIT ${need}`
  }
  const rareRead = (inTitle: boolean, rare: boolean | undefined, indexed: string[] | undefined) => {
    if (!rare) return undefined
    const { index, check } = lookup(indexed)
    return `article_search_matches(${inTitle}, ${index}, ${check ?? 'NULL'})`
  }
  let titleKeyset = ''
  let otherKeyset = ''
  if (input.after) {
    const keyset = ` AND (a."publishedAt", a.id) < (${p.add(input.after.publishedAt, 'timestamptz')}, ${p.add(input.after.id, 'uuid')})`
    if (input.after.rank === 1) titleKeyset = keyset
    else otherKeyset = keyset
  }
  // (each spelling made once, where it is used: an unused parameter has no type to infer)
  let inTextSql: string | undefined
  const inText = () => (inTextSql ??= matches('a."searchVector"', input.indexed?.text))
  // a walk of the date index checks the words on each row it meets: with the statistics' shapes its
  // words are common (each at least RARE_SHARE of the articles, so a page is found within
  // need / RARE_SHARE rows), and a plan that read them from GIN instead would gather every match
  const walked = (column: string, rare: boolean | undefined) => (input.shaped && !rare ? `ts_match_vq(${column}, ${q})` : null)
  const titleMatch = () => walked('a."searchTitleVector"', input.rare?.title) ?? matches('a."searchTitleVector"', input.indexed?.title)
  const textMatch = () => `${walked('a."searchVector"', input.rare?.text) ?? inText()} AND NOT ts_match_vq(a."searchTitleVector", ${q})`
  const titled = input.after && input.after.rank !== 1 ? none : walk(titleMatch, titleKeyset, '', rareRead(true, input.rare?.title, input.indexed?.title))
  // a title match is a text match too (searchText starts with the title): the rest is text minus title
  // (article_search_matches, the migration's SQL, spells the same for a rare word's read)
  const other = walk(textMatch, otherKeyset, `(SELECT count(*) FROM titled) < ${need}`, rareRead(false, input.rare?.text, input.indexed?.text))
  let ctes = `titled AS MATERIALIZED (${titled}),
    other AS MATERIALIZED (${other}),
    page AS MATERIALIZED (SELECT m.id, m."publishedAt", m.rank FROM (
        SELECT id, "publishedAt", 1 AS rank FROM titled UNION ALL SELECT id, "publishedAt", 0 FROM other) m
      ORDER BY m.rank DESC, m."publishedAt" DESC, m.id DESC LIMIT ${input.limit} + 1${input.offset ? ` OFFSET ${input.offset}` : ''})`
  if (input.offset === undefined) return { ctes, total: 'NULL::int', estimated: 'NULL::boolean' }

  const seen = '((SELECT count(*) FROM titled) + (SELECT count(*) FROM other))'
  let rest: string
  let estimated: string
  if (input.filtered) {
    const cap = p.count(input.totalCap ?? 1_000_000_000, input.generic === true)
    // a link filter's EXISTS, counted from the articles, became a semi join that gathered every link of
    // the subtree before the first count (297,209 rows, 277 ms for an organization at a million
    // articles); from the link rows the count stops at the cap
    rest = input.linkedTotal
      ? input.linkedTotal(inText(), cap)
      : `(SELECT count(*) FROM (SELECT FROM "Article" a WHERE ((${published}) OR (${scheduled}))${input.where} AND ${inText()} LIMIT ${cap} + 1) c)`
    estimated = 'false'
  } else {
    // written in on a kept plan, as the limits are (Params.count: the search was planned again on
    // every request from 100,000 articles)
    const w = p.count(input.window ?? SEARCH_TOTAL_WINDOW, input.generic === true)
    const sample = (visible: string) => `(SELECT a."publishedAt", a.id, ts_match_vq(a."searchVector", ${q}) AS hit FROM "Article" a
        WHERE ${visible} ${newest} LIMIT ${w})`
    ctes += `,
    sample AS MATERIALIZED (SELECT count(*) AS n, count(*) FILTER (WHERE s.hit) AS hits FROM (
      SELECT k.hit FROM (${sample(published)} UNION ALL ${sample(scheduled)}) k ORDER BY k."publishedAt" DESC, k.id DESC LIMIT ${w}) s)`
    // Two estimates, the larger kept. Dense matches: their share of the sample times the table's row
    // estimate (reltuples counts drafts and archived articles too), once the sample holds enough of
    // them to trust the share. Sparse ones, which the sample misses or holds a few of: the walk read
    // `need` matches back to some date, scaled to the whole publishing span.
    const seconds = (since: string) => `greatest(extract(epoch FROM ${input.now} - ${since}), 1)`
    const oldest = `(SELECT min(a."publishedAt") FROM "Article" a WHERE a.status = 'published' AND a."publishedAt" IS NOT NULL)`
    const reach = '(SELECT coalesce((SELECT min("publishedAt") FROM other), (SELECT min("publishedAt") FROM titled)))'
    rest = `(SELECT CASE WHEN s.n < ${w} THEN s.hits
        ELSE greatest(${need},
          CASE WHEN s.hits >= ${SEARCH_ESTIMATE_MIN_HITS}
            THEN round(s.hits::numeric / s.n * (SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = '"Article"'::regclass)) END,
          round(${need} * ${seconds(oldest)} / ${seconds(reach)})) END
      FROM sample s)`
    estimated = `(${seen} >= ${need} AND (SELECT n >= ${w} FROM sample))`
  }
  ctes += `,
    tally AS MATERIALIZED (SELECT CASE WHEN ${seen} < ${need} THEN ${seen} ELSE ${rest} END::int AS total,
      coalesce(${estimated}, false) AS estimated)`
  return { ctes, total: '(SELECT total FROM tally)', estimated: '(SELECT estimated FROM tally)' }
}
