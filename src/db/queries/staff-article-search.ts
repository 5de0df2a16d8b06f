// The staff article list's search: every folded word must start a word of the title, lead or body
// (the public search's rule), read from the full-text vector and its GIN index (migration
// 20261130120000_staff_search_vector). Prisma cannot filter on a tsvector, so this picks the page's
// ids and the total in the staff list's order (last changed first); the service loads those rows.
import { Params, prefixTsQuery } from './sql.ts'
import { authorFilter, organizationFilter } from './public-article-filters.ts'

export type RawQuery = <Row>(text: string, values: unknown[]) => Promise<Row[]>

export interface StaffSearchInput {
  /** search words (lib/vietnamese.ts searchWords), at least one */
  words: string[]
  status?: string
  authorSlug?: string
  /** that organization and every one below it */
  organizationSlug?: string
  /** a contributor's own byline: only the articles that carry it */
  bylineAuthorId?: string
  limit: number
  /** page mode: rows to skip (a total is counted) */
  offset?: number
  /** cursor mode: the sort key of the previous page's last row */
  after?: { updatedAt: Date; id: string }
}

/** The ids of up to `limit + 1` matches in list order and, in page mode, how many match in all. */
export async function searchStaffArticles(query: RawQuery, input: StaffSearchInput): Promise<{ ids: string[]; total: number | undefined }> {
  const p = new Params()
  const where = [`a."searchVector" @@ ${p.add(prefixTsQuery(input.words), 'tsquery')}`]
  if (input.status) where.push(`a.status = ${p.add(input.status, '"ArticleStatus"')}`)
  if (input.bylineAuthorId) {
    where.push(`EXISTS (SELECT 1 FROM "ArticleAuthor" aa WHERE aa."articleId" = a.id AND aa."authorId" = ${p.add(input.bylineAuthorId, 'uuid')})`)
  }
  // the same filter spellings as the public list's
  if (input.authorSlug) where.push(authorFilter(p.add(input.authorSlug, 'text')).exists)
  if (input.organizationSlug) where.push(organizationFilter(p.add(input.organizationSlug, 'text')).exists)
  const filter = where.join(' AND ')
  const values = [...p.values]
  const keyset = input.after ? ` AND (a."updatedAt", a.id) < (${p.add(input.after.updatedAt, 'timestamptz')}, ${p.add(input.after.id, 'uuid')})` : ''
  const skip = input.offset ? ` OFFSET ${p.add(input.offset, 'int')}` : ''
  const page = query<{ id: string }>(
    `SELECT a.id::text AS id FROM "Article" a WHERE ${filter}${keyset}
     ORDER BY a."updatedAt" DESC, a.id DESC LIMIT ${p.add(input.limit + 1, 'int')}${skip}`,
    p.values,
  )
  const total = input.offset === undefined ? undefined : query<{ n: number }>(`SELECT count(*)::int AS n FROM "Article" a WHERE ${filter}`, values)
  const [rows, counted] = await Promise.all([page, total])
  return { ids: rows.map((r) => r.id), total: counted?.[0]?.n }
}
