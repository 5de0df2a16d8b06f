// An article's saved versions, newest first, each with who saved it: name and role for every
// reader of the article's history, the login e-mail only for admins (who manage the accounts).
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { ListMeta, Paging } from '../../lib/paging.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import type { Revision } from '../../schemas/admin-articles.ts'
import type { AuthUser } from '../../schemas/auth.ts'

const NEWEST_FIRST: SortKey[] = [{ field: 'version', dir: 'desc', type: 'int' }]

export function listRevisions(prisma: PrismaClient, articleId: string, paging: Paging, viewer: AuthUser): Promise<{ data: Revision[]; meta: ListMeta }> {
  return prismaPage(
    paging,
    NEWEST_FIRST,
    (w) => prisma.articleRevision.findMany({ ...w, where: { AND: [{ articleId }, w.where] } }),
    () => prisma.articleRevision.count({ where: { articleId } }),
    (rows) => present(prisma, rows, viewer),
  )
}

type RevisionRow = Awaited<ReturnType<PrismaClient['articleRevision']['findMany']>>[number]

async function present(prisma: PrismaClient, rows: RevisionRow[], viewer: AuthUser): Promise<Revision[]> {
  // userId has no foreign key (a revision outlives its author's account), so users are looked up
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))]
  const showEmail = viewer.role === 'admin'
  const found = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, role: true, email: showEmail } })
  const users = new Map(found.map(({ email, ...u }) => [u.id, showEmail ? { ...u, email } : u]))
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    action: r.action,
    user: (r.userId && users.get(r.userId)) || null,
    changes: r.changes,
    snapshot: r.snapshot as Revision['snapshot'],
    createdAt: r.createdAt.toISOString(),
  }))
}
