// Public bylines with their count of public articles, one statement per page or author.
import { Params, epochMs } from './sql.ts'
import { isPublic } from './public-now.ts'
import { statement, statementFamily, type Query } from './statement.ts'
import { mediaJson } from './media-json.ts'

/** `Media`: the public media shape (schemas/media.ts PublicMedia), named by the caller as for articles */
export interface PublicAuthor<Media = unknown> {
  id: string
  slug: string
  name: string
  bio?: string
  avatarUrl?: string
  articleCount: number
  avatar: Media | null
}

export interface AuthorListRows<Media> {
  total: number | null
  fetched: number
  items: PublicAuthor<Media>[]
  stamp: string
}

// jsonb_strip_nulls: an absent bio or avatarUrl is left out, as the contract's `bio?` says; the
// avatar is added after the strip, as null or whole (its own null alt or caption are kept)
const authorJson = (alias: string, now: string, base: string) => `(jsonb_strip_nulls(jsonb_build_object(
  'id', ${alias}.id, 'slug', ${alias}.slug, 'name', ${alias}.name, 'bio', ${alias}.bio, 'avatarUrl', ${alias}."avatarUrl",
  'articleCount', (SELECT count(*) FROM "ArticleAuthor" aa JOIN "Article" a ON a.id = aa."articleId"
                   WHERE aa."authorId" = ${alias}.id AND ${isPublic('a', now)})::int))
  || jsonb_build_object('avatar', (SELECT ${mediaJson('av', base)} FROM "Media" av WHERE av.id = ${alias}."avatarId")))`

// a new alt text or focal point of the avatar changes the author without touching its row
const stampOf = (alias: string) => `concat_ws(':', ${alias}.id, ${epochMs(`${alias}."updatedAt"`)},
  (SELECT ${epochMs('av."updatedAt"')} FROM "Media" av WHERE av.id = ${alias}."avatarId"))`

const listStatement = statementFamily('public_authors')

/** Authors by slug (their folded name): page mode with `offset`, keyset mode with `afterSlug`. */
export async function listPublicAuthors<Media>(
  query: Query,
  input: { now: Date; limit: number; offset?: number; afterSlug?: string; mediaBase: string },
): Promise<AuthorListRows<Media>> {
  const p = new Params()
  const now = p.add(input.now, 'timestamptz')
  const base = p.add(input.mediaBase, 'text')
  const limit = p.add(input.limit, 'int')
  const offset = input.offset === undefined ? undefined : p.add(input.offset, 'int')
  const after = input.afterSlug === undefined ? '' : `WHERE au.slug > ${p.add(input.afterSlug, 'text')}`
  const text = `WITH page AS MATERIALIZED (
      SELECT au.id, au.slug, au.name, au.bio, au."avatarUrl", au."avatarId", au."updatedAt" FROM "Author" au ${after}
      ORDER BY au.slug LIMIT ${limit} + 1${offset ? ` OFFSET ${offset}` : ''}
    ), shown AS (SELECT * FROM page ORDER BY slug LIMIT ${limit}),
    rendered AS (SELECT s.slug, ${authorJson('s', now, base)} AS item, ${stampOf('s')} AS stamp FROM shown s)
    SELECT ${offset ? '(SELECT count(*) FROM "Author")::int' : 'NULL::int'} AS total,
      (SELECT count(*) FROM page)::int AS fetched,
      coalesce(json_agg(r.item ORDER BY r.slug), '[]'::json) AS items,
      coalesce(string_agg(r.stamp || ':' || (r.item->>'articleCount'), ',' ORDER BY r.slug), '') AS stamp
    FROM rendered r`
  const [row] = await query<AuthorListRows<Media>>(listStatement(text), p.values)
  return row!
}

const detailStatement = statement(
  'public_author',
  `
  SELECT ${authorJson('au', '$2::timestamptz', '$3::text')} AS author, ${stampOf('au')} AS stamp
  FROM "Author" au WHERE au.slug = $1::text`,
)

export async function findPublicAuthor<Media>(
  query: Query,
  slug: string,
  now: Date,
  mediaBase: string,
): Promise<{ author: PublicAuthor<Media>; stamp: string } | undefined> {
  const [row] = await query<{ author: PublicAuthor<Media>; stamp: string }>(detailStatement, [slug, now, mediaBase])
  return row
}
