// An article's saved versions, newest first, each with who saved it.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { pageMeta, type PageMeta } from '../lib/paging.ts'
import type { Revision } from '../schemas/admin-articles.ts'

export async function listRevisions(prisma: PrismaClient, articleId: string, { page, limit }: { page: number; limit: number }): Promise<{ data: Revision[]; meta: PageMeta }> {
  const [rows, total] = await Promise.all([
    prisma.articleRevision.findMany({ where: { articleId }, orderBy: { version: 'desc' }, skip: (page - 1) * limit, take: limit }),
    prisma.articleRevision.count({ where: { articleId } }),
  ])
  // userId has no foreign key (a revision outlives its author's account), so users are looked up
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => id !== null))]
  const users = new Map((await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]))
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
