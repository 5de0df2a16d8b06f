// Public bylines with their count of public articles, one statement per page or author.
import { Params, epochMs } from './sql.ts'
import { isPublic } from './public-now.ts'
import { statement, statementFamily, type Query } from './statement.ts'

export interface PublicAuthor {
  id: string
  slug: string
  name: string
  bio?: string
  avatarUrl?: string
  articleCount: number
}

export interface AuthorListRows { total: number | null; fetched: number; items: PublicAuthor[]; stamp: string }

// json_strip_nulls: an absent bio or avatar is left out, as the contract's `bio?` says
const authorJson = (alias: string, now: string) => `json_strip_nulls(json_build_object(
  'id', ${alias}.id, 'slug', ${alias}.slug, 'name', ${alias}.name, 'bio', ${alias}.bio, 'avatarUrl', ${alias}."avatarUrl",
  'articleCount', (SELECT count(*) FROM "ArticleAuthor" aa JOIN "Article" a ON a.id = aa."articleId"
                   WHERE aa."authorId" = ${alias}.id AND ${isPublic('a', now)})::int))`

const stampOf = (alias: string) => `concat_ws(':', ${alias}.id, ${epochMs(`${alias}."updatedAt"`)})`

const listStatement = statementFamily('public_authors')

/** Authors by slug (their folded name): page mode with `offset`, keyset mode with `afterSlug`. */
export async function listPublicAuthors(query: Query, input: { now: Date; limit: number; offset?: number; afterSlug?: string }): Promise<AuthorListRows> {
  const p = new Params()
  const now = p.add(input.now, 'timestamptz')
  const limit = p.add(input.limit, 'int')
  const offset = input.offset === undefined ? undefined : p.add(input.offset, 'int')
  const after = input.afterSlug === undefined ? '' : `WHERE au.slug > ${p.add(input.afterSlug, 'text')}`
  const text = `WITH page AS MATERIALIZED (
      SELECT au.id, au.slug, au.name, au.bio, au."avatarUrl", au."updatedAt" FROM "Author" au ${after}
      ORDER BY au.slug LIMIT ${limit} + 1${offset ? ` OFFSET ${offset}` : ''}
    ), shown AS (SELECT * FROM page ORDER BY slug LIMIT ${limit}),
    rendered AS (SELECT s.slug, ${authorJson('s', now)} AS item, ${stampOf('s')} AS stamp FROM shown s)
    SELECT ${offset ? '(SELECT count(*) FROM "Author")::int' : 'NULL::int'} AS total,
      (SELECT count(*) FROM page)::int AS fetched,
      coalesce(json_agg(r.item ORDER BY r.slug), '[]'::json) AS items,
      coalesce(string_agg(r.stamp || ':' || (r.item->>'articleCount'), ',' ORDER BY r.slug), '') AS stamp
    FROM rendered r`
  const [row] = await query<AuthorListRows>(listStatement(text), p.values)
  return row!
}

const detailStatement = statement('public_author', `
  SELECT ${authorJson('au', '$2::timestamptz')} AS author, ${stampOf('au')} AS stamp
  FROM "Author" au WHERE au.slug = $1::text`)

export async function findPublicAuthor(query: Query, slug: string, now: Date): Promise<{ author: PublicAuthor; stamp: string } | undefined> {
  const [row] = await query<{ author: PublicAuthor; stamp: string }>(detailStatement, [slug, now])
  return row
}
