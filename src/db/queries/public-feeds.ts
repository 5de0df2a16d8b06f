// The feeds' read: the newest public, indexable articles, site-wide or below one section,
// organization, author or tag, with what an entry shows (bylines, the lead image's file, the
// primary section's slug for the URL), as one statement built as JSON by PostgreSQL.
import { Params, epochMs, isoUtc } from './sql.ts'
import { publicBranches } from './public-now.ts'
import { statementFamily, type Query } from './statement.ts'

export const FEED_KINDS = ['sections', 'organizations', 'authors', 'tags'] as const
export type FeedKind = (typeof FEED_KINDS)[number]

export interface FeedItemRow {
  id: string
  slug: string
  title: string
  lead: string
  publishedAt: string
  updatedAt: string
  sectionSlug: string | null
  authors: Array<{ id: string; name: string }>
  organizations: Array<{ id: string }>
  /** the lead image's stored original: its key, type and size are the enclosure's */
  image: { key: string; mimeType: string; bytes: number; alt: string | null; articleKey: string | null } | null
}

export interface FeedRows {
  /** null without a scope; else the scope's row, or null in `scope` when its slug is unknown */
  scope: { id: string; name: string } | null
  items: FeedItemRow[]
  stamp: string
}

// how each kind reaches an article: its table, the article link, and the closure for subtrees
const KINDS: Record<FeedKind, { table: string; link: string; column: string; closure?: string }> = {
  sections: { table: 'Section', link: 'ArticleSection', column: 'sectionId', closure: 'SectionClosure' },
  organizations: { table: 'Organization', link: 'ArticleOrganization', column: 'organizationId', closure: 'OrganizationClosure' },
  authors: { table: 'Author', link: 'ArticleAuthor', column: 'authorId' },
  tags: { table: 'Tag', link: 'ArticleTag', column: 'tagId' },
}

/** The filter keeping the articles of one scope (its subtree for sections and organizations). */
function scopeFilter(kind: FeedKind, scopeId: string): string {
  const k = KINDS[kind]
  // a closure table holds every (ancestor, descendant) pair, the scope itself at depth 0
  return k.closure
    ? `EXISTS (SELECT 1 FROM "${k.link}" l JOIN "${k.closure}" c ON c."descendantId" = l."${k.column}"
        WHERE l."articleId" = a.id AND c."ancestorId" = ${scopeId})`
    : `EXISTS (SELECT 1 FROM "${k.link}" l WHERE l."articleId" = a.id AND l."${k.column}" = ${scopeId})`
}

const feedStatement = statementFamily('public_feed')

/** Newest first, at most `limit`; `noindex` articles are never in a feed. */
export async function listFeedArticles(query: Query, input: { now: Date; limit: number; kind?: FeedKind; slug?: string }): Promise<FeedRows> {
  const p = new Params()
  const now = p.add(input.now, 'timestamptz')
  const limit = p.add(input.limit, 'int')
  let filter = ''
  let scope = 'NULL::json'
  let scopeStamp = 'NULL::bigint'
  if (input.kind && input.slug !== undefined) {
    const table = KINDS[input.kind].table
    const slug = p.add(input.slug, 'text')
    filter = ` AND ${scopeFilter(input.kind, `(SELECT id FROM "${table}" WHERE slug = ${slug})`)}`
    scope = `(SELECT json_build_object('id', x.id, 'name', x.name) FROM "${table}" x WHERE x.slug = ${slug})`
    scopeStamp = `(SELECT ${epochMs('x."updatedAt"')} FROM "${table}" x WHERE x.slug = ${slug})`
  }
  const { published, scheduled } = publicBranches('a', now)
  // each branch is one range of the (status, publishedAt, id) index, read newest first and merged
  const branch = (visible: string) => `(SELECT a.id, a."publishedAt" FROM "Article" a
    WHERE ${visible} AND NOT a.noindex${filter} ORDER BY a."publishedAt" DESC, a.id DESC LIMIT ${limit})`
  const order = (t: string) => `${t}."publishedAt" DESC, ${t}.id DESC`
  const text = `WITH page AS MATERIALIZED (
      SELECT k.id, k."publishedAt" FROM (${branch(published)} UNION ALL ${branch(scheduled)}) k ORDER BY ${order('k')} LIMIT ${limit})
    SELECT ${scope} AS scope, coalesce(agg.items, '[]'::json) AS items, concat_ws('|', ${scopeStamp}, agg.stamp) AS stamp
    FROM (
      SELECT json_agg(json_build_object(
          'id', a.id, 'slug', a.slug, 'title', a.title, 'lead', a.lead,
          'publishedAt', ${isoUtc('a."publishedAt"')}, 'updatedAt', ${isoUtc('a."updatedAt"')}, 'sectionSlug', s.slug,
          'authors', coalesce(au.list, '[]'::json), 'organizations', coalesce(og.list, '[]'::json),
          'image', CASE WHEN li.id IS NULL THEN NULL ELSE json_build_object('key', li."originalKey", 'mimeType', li."mimeType",
            'bytes', li.bytes, 'alt', li.alt, 'articleKey', li.renditions->'article'->>'key') END
        ) ORDER BY ${order('p')}) AS items,
        string_agg(concat_ws(':', a.id, a.version, ${epochMs('greatest(a."updatedAt", au.changed, li."updatedAt", s."updatedAt")')}), ','
          ORDER BY ${order('p')}) AS stamp
      FROM page p JOIN "Article" a ON a.id = p.id
      LEFT JOIN "Media" li ON li.id = a."leadImageId"
      LEFT JOIN "Section" s ON s.id = a."sectionId"
      LEFT JOIN LATERAL (SELECT json_agg(json_build_object('id', x.id, 'name', x.name) ORDER BY aa.position, x.slug) AS list,
          max(x."updatedAt") AS changed
        FROM "ArticleAuthor" aa JOIN "Author" x ON x.id = aa."authorId" WHERE aa."articleId" = a.id) au ON true
      LEFT JOIN LATERAL (SELECT json_agg(json_build_object('id', ao."organizationId")) AS list
        FROM "ArticleOrganization" ao WHERE ao."articleId" = a.id) og ON true
    ) agg`
  const [row] = await query<FeedRows>(feedStatement(text), p.values)
  return row!
}
