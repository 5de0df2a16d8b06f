// Public tags with their count of public articles. A tag shows once a public article carries it:
// one named only by drafts or embargoed articles would tell what is coming.
import { Params, epochMs } from './sql.ts'
import { isPublic } from './public-now.ts'
import { statement, statementFamily, type Query } from './statement.ts'

export interface PublicTag {
  id: string
  slug: string
  name: string
  articleCount: number
}

export interface TagListRows {
  total: number | null
  fetched: number
  items: PublicTag[]
  stamp: string
}

const publicArticles = (tag: string, now: string) => `FROM "ArticleTag" at JOIN "Article" a ON a.id = at."articleId"
  WHERE at."tagId" = ${tag}.id AND ${isPublic('a', now)}`
const tagJson = (t: string, now: string) => `json_build_object('id', ${t}.id, 'slug', ${t}.slug, 'name', ${t}.name,
  'articleCount', (SELECT count(*) ${publicArticles(t, now)})::int)`
const stampOf = (t: string) => `concat_ws(':', ${t}.id, ${epochMs(`${t}."updatedAt"`)})`

/** `LIKE` pattern for slugs starting with `prefix` (a slug has no `%` or `_`, but escape anyway). */
const prefixPattern = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

const listStatement = statementFamily('public_tags')

/**
 * Tags by slug: page mode with `offset`, keyset mode with `afterSlug`. `prefix`: a folded slug
 * prefix ("chuyen" finds "chuyen-doi-so"), served by the trigram index on the slug.
 */
export async function listPublicTags(
  query: Query,
  input: { now: Date; limit: number; offset?: number; afterSlug?: string; prefix?: string },
): Promise<TagListRows> {
  const p = new Params()
  const now = p.add(input.now, 'timestamptz')
  const limit = p.add(input.limit, 'int')
  const offset = input.offset === undefined ? undefined : p.add(input.offset, 'int')
  const filters = [`EXISTS (SELECT 1 ${publicArticles('t', now)})`]
  if (input.prefix) filters.push(`t.slug LIKE ${p.add(prefixPattern(input.prefix), 'text')}`)
  const where = filters.join(' AND ')
  const after = input.afterSlug === undefined ? '' : ` AND t.slug > ${p.add(input.afterSlug, 'text')}`
  const text = `WITH page AS MATERIALIZED (
      SELECT t.id, t.slug, t.name, t."updatedAt" FROM "Tag" t WHERE ${where}${after}
      ORDER BY t.slug LIMIT ${limit} + 1${offset ? ` OFFSET ${offset}` : ''}
    ), shown AS (SELECT * FROM page ORDER BY slug LIMIT ${limit}),
    rendered AS (SELECT s.slug, ${tagJson('s', now)} AS item, ${stampOf('s')} AS stamp FROM shown s)
    SELECT ${offset === undefined ? 'NULL::int' : `(SELECT count(*) FROM "Tag" t WHERE ${where})::int`} AS total,
      (SELECT count(*) FROM page)::int AS fetched,
      coalesce(json_agg(r.item ORDER BY r.slug), '[]'::json) AS items,
      coalesce(string_agg(r.stamp || ':' || (r.item->>'articleCount'), ',' ORDER BY r.slug), '') AS stamp
    FROM rendered r`
  const [row] = await query<TagListRows>(listStatement(text), p.values)
  return row!
}

const detailStatement = statement(
  'public_tag',
  `SELECT ${tagJson('t', '$2::timestamptz')} AS tag, ${stampOf('t')} AS stamp
   FROM "Tag" t WHERE t.slug = $1::text AND EXISTS (SELECT 1 ${publicArticles('t', '$2::timestamptz')})`,
)

export async function findPublicTag(query: Query, slug: string, now: Date): Promise<{ tag: PublicTag; stamp: string } | undefined> {
  const [row] = await query<{ tag: PublicTag; stamp: string }>(detailStatement, [slug, now])
  return row
}
