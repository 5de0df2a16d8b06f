// Related articles: public articles sharing a tag with the given one, then its primary section,
// then an organization; newest first within a tier. One statement, whose cost does not grow with
// the table: each tier reads at most `limit` candidates, and taking `limit` per tier is enough,
// since a tier's candidates that an earlier tier already showed are at most the ones shown.
//
// A tag (or an organization) can have thousands of articles, and its links carry no date, so
// "its newest articles" cannot be read in index order from the link table. Two ways stay bounded:
// - a key with at most SMALL_KEY articles: read them all through the link index, keep the newest;
// - a bigger key: walk the newest public articles (the status index, newest first) and probe the
//   link's primary key, stopping at `limit` matches or after WALK articles. A key with more than
//   SMALL_KEY articles is common enough to be met early in the walk; one that is not (big, but
//   unused lately) is then read whole, as a small one is: exact, and the only unbounded case.
import { itemFields, itemJoins, versionStamp } from './article-items.ts'
import { isPublic, publicBranches } from './public-now.ts'
import { statement, type Query } from './statement.ts'

/** A key (tag, organization) with at most this many articles is read whole. */
export const SMALL_KEY = 1000
/** How many of the newest public articles the walk for the bigger keys looks at. */
export const WALK = 5000

const NOW = '$2::timestamptz'
const LIMIT = '$3::int'
const { published, scheduled } = publicBranches('a', NOW)
const newest = 'ORDER BY a."publishedAt" DESC, a.id DESC'

/** Public articles other than the source whose ids `ids` yields, newest `limit`; `gate` false: none, unread. */
const newestAmong = (ids: string, gate: string) => `
  SELECT a.id, a."publishedAt" FROM "Article" a
  WHERE ${gate} AND a.id IN (${ids}) AND ${isPublic('a', NOW)} AND a.id <> (SELECT id FROM src)
  ${newest} LIMIT ${LIMIT}`

/**
 * The CTEs of one shared-key tier, `<name>_small`, `<name>_walk`, `<name>_rest`, over a link table.
 * `needed`: whether the earlier tiers left room (a tier they filled is not read at all).
 */
function sharedKeyTier(name: string, link: string, key: string, needed: string): string {
  const keys = (big: boolean) => `SELECT key FROM ${name}_keys WHERE ${big ? '' : 'NOT '}big`
  const bigOnes = `${needed} AND EXISTS (SELECT 1 FROM ${name}_keys WHERE big)`
  const linked = (big: boolean) => `SELECT y."articleId" FROM "${link}" y WHERE y."${key}" IN (${keys(big)})`
  return `
  ${name}_keys AS MATERIALIZED (
    SELECT l."${key}" AS key,
      (SELECT count(*) FROM (SELECT 1 FROM "${link}" y WHERE y."${key}" = l."${key}" LIMIT ${SMALL_KEY + 1}) c) > ${SMALL_KEY} AS big
    FROM "${link}" l WHERE ${needed} AND l."articleId" = (SELECT id FROM src)
  ),
  ${name}_small AS MATERIALIZED (${newestAmong(linked(false), needed)}),
  ${name}_walk AS MATERIALIZED (
    SELECT n.id, n."publishedAt" FROM (
      SELECT k.id, k."publishedAt" FROM (
        (SELECT a.id, a."publishedAt" FROM "Article" a WHERE ${published} ${newest} LIMIT ${WALK})
        UNION ALL
        (SELECT a.id, a."publishedAt" FROM "Article" a WHERE ${scheduled} ${newest} LIMIT ${WALK})
      ) k ORDER BY k."publishedAt" DESC, k.id DESC LIMIT ${WALK}
    ) n
    WHERE ${bigOnes} AND n.id <> (SELECT id FROM src)
      AND EXISTS (SELECT 1 FROM "${link}" y WHERE y."articleId" = n.id AND y."${key}" IN (${keys(true)}))
    LIMIT ${LIMIT}
  ),
  ${name}_rest AS MATERIALIZED (${newestAmong(linked(true), `${bigOnes} AND (SELECT count(*) FROM ${name}_walk) < ${LIMIT}`)})`
}

const sectionTier = (needed: string) => {
  const branch = (visible: string) => `(SELECT a.id, a."publishedAt" FROM "Article" a
        WHERE ${needed} AND a."sectionId" = (SELECT "sectionId" FROM src) AND ${visible} AND a.id <> (SELECT id FROM src) ${newest} LIMIT ${LIMIT})`
  return `
  by_section AS MATERIALIZED (
    SELECT k.id, k."publishedAt" FROM (${branch(published)} UNION ALL ${branch(scheduled)}) k
  )`
}

const TAG_CTES = ['by_tag_small', 'by_tag_walk', 'by_tag_rest']
const ORG_CTES = ['by_org_small', 'by_org_walk', 'by_org_rest']
const tiered = (tier: number, ctes: string[]) => ctes.map((c) => `SELECT id, "publishedAt", ${tier} AS tier FROM ${c}`).join(' UNION ALL ')
// a later tier is read only while the earlier ones found fewer than `limit` distinct articles
const roomAfter = (ctes: string[]) => `(SELECT count(*) FROM (${ctes.map((c) => `SELECT id FROM ${c}`).join(' UNION ')}) e) < ${LIMIT}`

const relatedStatement = statement(
  'related_articles',
  `WITH src AS MATERIALIZED (
    SELECT a.id, a."sectionId" FROM "Article" a WHERE a.slug = $1::text AND ${isPublic('a', NOW)}
  ),
  ${sharedKeyTier('by_tag', 'ArticleTag', 'tagId', 'true')},
  ${sectionTier(roomAfter(TAG_CTES))},
  ${sharedKeyTier('by_org', 'ArticleOrganization', 'organizationId', roomAfter([...TAG_CTES, 'by_section']))},
  picked AS MATERIALIZED (
    SELECT id, min(tier) AS tier, max("publishedAt") AS "publishedAt" FROM (
      ${tiered(1, TAG_CTES)}
      UNION ALL ${tiered(2, ['by_section'])}
      UNION ALL ${tiered(3, ORG_CTES)}
    ) c
    GROUP BY id ORDER BY tier, "publishedAt" DESC, id DESC LIMIT ${LIMIT}
  )
  SELECT (SELECT id FROM src) AS "sourceId",
    coalesce(json_agg(json_build_object(${itemFields('$4::text')}) ORDER BY p.tier, p."publishedAt" DESC, p.id DESC), '[]'::json) AS items,
    coalesce(string_agg(${versionStamp()}, ',' ORDER BY p.tier, p."publishedAt" DESC, p.id DESC), '') AS stamp
  FROM picked p JOIN "Article" a ON a.id = p.id
  ${itemJoins}`,
)

export interface RelatedRows<Item> {
  /** null: no public article has that slug */
  sourceId: string | null
  /** tags first, then section, then organizations; newest first within each */
  items: Item[]
  stamp: string
}

export async function findRelatedArticles<Item>(query: Query, slug: string, now: Date, limit: number, mediaBase: string): Promise<RelatedRows<Item>> {
  const [row] = await query<RelatedRows<Item>>(relatedStatement, [slug, now, limit, mediaBase])
  return row!
}

/** The statement's text, for plan checks. */
export const RELATED_SQL = relatedStatement.text
