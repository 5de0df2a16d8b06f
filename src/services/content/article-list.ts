// The staff article list: filters, the search, paging. A search is picked in SQL over the
// full-text vector (db/queries/staff-article-search.ts) and its rows loaded here; the rest is a
// Prisma query. Both read in one order, last changed first, and page alike.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { cursorKey, prismaPage, sortKeyOf, type SortKey } from '../../db/keyset.ts'
import { searchStaffArticles } from '../../db/queries/staff-article-search.ts'
import { listMeta, pagingOf } from '../../lib/paging.ts'
import { searchWords } from '../../lib/vietnamese.ts'
import type { StaffArticleList, StaffArticleListQuery } from '../../schemas/admin-articles.ts'
import type { AuthUser } from '../../schemas/auth.ts'
import { articleInclude, toSummary } from './article-records.ts'

const LAST_CHANGED_FIRST: SortKey[] = [
  { field: 'updatedAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]

function listWhere(query: StaffArticleListQuery, actor: AuthUser): Prisma.ArticleWhereInput {
  const and: Prisma.ArticleWhereInput[] = []
  if (actor.role === 'contributor') and.push({ bylines: { some: { authorId: actor.authorId ?? undefined } } })
  if (query.status) and.push({ status: query.status })
  if (query.author) and.push({ bylines: { some: { author: { slug: query.author } } } })
  if (query.organization) and.push({ organizations: { some: { organization: { ancestorLinks: { some: { ancestor: { slug: query.organization } } } } } } })
  return { AND: and }
}

/** One page of the staff list; a contributor sees only the articles with their byline. */
export async function listStaffArticles(prisma: PrismaClient, query: StaffArticleListQuery, actor: AuthUser): Promise<StaffArticleList> {
  const paging = pagingOf(query)
  if (actor.role === 'contributor' && !actor.authorId) return { data: [], meta: listMeta(paging, 0, undefined) }
  const words = [...new Set(searchWords(query.q ?? ''))]
  if (words.length === 0) {
    const where = listWhere(query, actor)
    return prismaPage(
      paging,
      LAST_CHANGED_FIRST,
      (w) => prisma.article.findMany({ ...w, where: { AND: [where, w.where] }, include: articleInclude }),
      () => prisma.article.count({ where }),
      (rows) => rows.map(toSummary),
    )
  }
  const after = paging.kind === 'cursor' ? cursorKey(paging, LAST_CHANGED_FIRST) : undefined
  const { ids, total } = await searchStaffArticles(<Row>(text: string, values: unknown[]) => prisma.$queryRawUnsafe<Row[]>(text, ...values), {
    words,
    status: query.status,
    authorSlug: query.author,
    organizationSlug: query.organization,
    bylineAuthorId: actor.role === 'contributor' ? actor.authorId! : undefined,
    limit: paging.limit,
    ...(paging.kind === 'page' ? { offset: (paging.page - 1) * paging.limit } : { after: { updatedAt: after![0] as Date, id: after![1] as string } }),
  })
  const shownIds = ids.slice(0, paging.limit)
  const rows = await prisma.article.findMany({ where: { id: { in: shownIds } }, include: articleInclude })
  const byId = new Map(rows.map((r) => [r.id, r]))
  // an article deleted between the two reads is left out
  const shown = shownIds.flatMap((id) => byId.get(id) ?? [])
  const last = shown.at(-1)
  return { data: shown.map(toSummary), meta: listMeta(paging, total, ids.length > paging.limit && last ? sortKeyOf(last, LAST_CHANGED_FIRST) : undefined) }
}
