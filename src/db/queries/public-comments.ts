// The public comment list of an article: one statement for the article, the page of top-level
// comments, their replies and (page mode) the total, so the read costs one round trip and a
// public-facing instance never loads Prisma's query compiler for it (docs/performance.md).
import { isoUtc, Params } from './sql.ts'
import { isPublic } from './public-now.ts'
import { statementFamily, type Query } from './statement.ts'
import { keysetAfterSql, type SortKey } from '../keyset.ts'

export type PublicCommentRow = {
  id: string
  authorName: string
  content: string
  createdAt: string
  parentId: string | null
  likes: number
  featured: boolean
  isStaff: boolean
}

export interface PublicCommentsInput {
  slug: string
  now: Date
  limit: number
  /** page mode: rows to skip (the total is counted) */
  offset?: number
  /** cursor mode: the sort key of the previous page's last row, checked against `keys` */
  after?: Array<Date | string | number | boolean>
  keys: readonly SortKey[]
}

export interface PublicCommentsRows {
  /** null when the article is not public */
  article: { id: string; commentsEnabled: boolean; publishedAt: Date | null } | null
  /** `limit + 1` rows at most, in the list's order */
  top: PublicCommentRow[]
  /** the replies of the rows shown, oldest first */
  replies: PublicCommentRow[]
  total: number | null
}

const family = statementFamily('public_comments')

/** The article a reader may comment on, by slug: public now, with what decides whether its thread is open. */
export const commentableArticle = (slug: string, now: string) =>
  `SELECT a.id, a."commentsEnabled", a."publishedAt" FROM "Article" a WHERE a.slug = ${slug} AND ${isPublic('a', now)}`
const SQL_TYPE: Record<SortKey['type'], string> = { date: 'timestamptz', uuid: 'uuid', int: 'int', string: 'text', bool: 'boolean' }
const COLUMN: Record<string, string> = { createdAt: '"createdAt"', id: 'id', likes: 'likes', featured: 'featured' }

const fields = (c: string) => `json_build_object('id', ${c}.id, 'authorName', ${c}."authorName", 'content', ${c}.content,
  'createdAt', ${isoUtc(`${c}."createdAt"`)}, 'parentId', ${c}."parentId", 'likes', ${c}.likes, 'featured', ${c}.featured, 'isStaff', ${c}."isStaff")`

export async function listPublicComments(query: Query, input: PublicCommentsInput): Promise<PublicCommentsRows> {
  const p = new Params()
  const slug = p.add(input.slug, 'text')
  const now = p.add(input.now, 'timestamptz')
  const column = (k: SortKey, alias = 'c') => {
    const name = COLUMN[k.field]
    if (!name) throw new Error(`no comment column for the sort key ${k.field}`)
    return `${alias}.${name}`
  }
  const orderOf = (alias: string) => input.keys.map((k) => `${column(k, alias)} ${k.dir.toUpperCase()}`).join(', ')
  const order = orderOf('c')
  // approved and not hidden; a reply whose parent is not public stands alone at the top level
  const visible = `c."articleId" = (SELECT id FROM article) AND c.status = 'approved' AND NOT c.hidden`
  const listed = `${visible} AND (c."parentId" IS NULL OR NOT EXISTS (
      SELECT 1 FROM "Comment" pc WHERE pc.id = c."parentId" AND pc.status = 'approved' AND NOT pc.hidden))`
  let keyset = ''
  if (input.after) {
    const values = input.after.map((v, i) => p.add(v, SQL_TYPE[input.keys[i]!.type]))
    keyset = ` AND ${keysetAfterSql(input.keys, values, (k) => column(k))}`
  }
  const limit = p.add(input.limit, 'int')
  const offset = input.offset ? ` OFFSET ${p.add(input.offset, 'int')}` : ''
  const total = input.offset === undefined ? 'NULL::int' : `(SELECT count(*) FROM "Comment" c WHERE ${listed})::int`
  const text = `WITH article AS (${commentableArticle(slug, now)}),
    top AS MATERIALIZED (SELECT c.* FROM "Comment" c WHERE ${listed}${keyset} ORDER BY ${order} LIMIT ${limit} + 1${offset}),
    shown AS (SELECT t.id FROM top t ORDER BY ${orderOf('t')} LIMIT ${limit})
    SELECT (SELECT row_to_json(article) FROM article) AS article,
      (SELECT coalesce(json_agg(${fields('c')} ORDER BY ${order}), '[]') FROM top c) AS top,
      (SELECT coalesce(json_agg(${fields('c')} ORDER BY c."createdAt", c.id), '[]') FROM "Comment" c
        WHERE c."parentId" IN (SELECT id FROM shown) AND c.status = 'approved' AND NOT c.hidden) AS replies,
      ${total} AS total`
  const [row] = await query<{ article: { id: string; commentsEnabled: boolean; publishedAt: string | null } | null } & Omit<PublicCommentsRows, 'article'>>(
    family(text),
    p.values,
  )
  const article = row!.article && { ...row!.article, publishedAt: row!.article.publishedAt === null ? null : new Date(row!.article.publishedAt) }
  return { article, top: row!.top, replies: row!.replies, total: row!.total }
}
