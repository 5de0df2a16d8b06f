// An article's saved versions, newest first, each with who saved it: name and role for every
// reader of the article's history, the login e-mail only for admins (who manage the accounts).
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { pageMeta, type PageMeta } from '../../lib/paging.ts'
import type { Revision } from '../../schemas/admin-articles.ts'
import type { AuthUser } from '../../schemas/auth.ts'

export async function listRevisions(prisma: PrismaClient, articleId: string, { page, limit }: { page: number; limit: number }, viewer: AuthUser): Promise<{ data: Revision[]; meta: PageMeta }> {
  const [rows, total] = await Promise.all([
    prisma.articleRevision.findMany({ where: { articleId }, orderBy: { version: 'desc' }, skip: (page - 1) * limit, take: limit }),
    prisma.articleRevision.count({ where: { articleId } }),
  ])
  // userId has no foreign key (a revision outlives its author's account), so users are looked up
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))]
  const showEmail = viewer.role === 'admin'
  const found = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, role: true, email: showEmail } })
  const users = new Map(found.map(({ email, ...u }) => [u.id, showEmail ? { ...u, email } : u]))
  const data = rows.map((r) => ({
    id: r.id,
    version: r.version,
    action: r.action,
    user: (r.userId && users.get(r.userId)) || null,
    changes: r.changes,
    snapshot: r.snapshot as Revision['snapshot'],
    createdAt: r.createdAt.toISOString(),
  }))
  return { data, meta: pageMeta(page, limit, total) }
}
