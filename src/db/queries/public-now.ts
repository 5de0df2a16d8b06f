// "Public now": the one rule for which articles the public sees, in SQL for the hot reads and as a
// Prisma filter for the services; test/db/public-now.test.ts holds the two to the same rows.
// Decided at read time with the service's clock, so a scheduled article appears on time without a
// job flipping its status. A published article always has a publication time; one without could
// not be placed in the newest-first order, so it is left out rather than shown at the top.
import type { Prisma } from '../../generated/prisma/client.ts'

/**
 * The two ranges of public articles. Each is one range of the (status, publishedAt, id) index, so a
 * newest-first read walks both and merges them instead of filtering the whole table.
 */
export function publicBranches(alias: string, now: string): { published: string; scheduled: string } {
  // an embargo end or takedown time (unpublishAt) that has come takes it out again
  const notYetUnpublished = `(${alias}."unpublishAt" IS NULL OR ${alias}."unpublishAt" > ${now})`
  return {
    published: `${alias}.status = 'published' AND ${alias}."publishedAt" IS NOT NULL AND ${notYetUnpublished}`,
    scheduled: `${alias}.status = 'scheduled' AND ${alias}."publishedAt" <= ${now} AND ${notYetUnpublished}`,
  }
}

export function isPublic(alias: string, now: string): string {
  const { published, scheduled } = publicBranches(alias, now)
  return `(${published} OR ${scheduled})`
}

export function publicWhere(now: Date): Prisma.ArticleWhereInput {
  const notYetUnpublished: Prisma.ArticleWhereInput = { OR: [{ unpublishAt: null }, { unpublishAt: { gt: now } }] }
  return {
    OR: [
      { status: 'published', publishedAt: { not: null }, AND: [notYetUnpublished] },
      { status: 'scheduled', publishedAt: { lte: now }, AND: [notYetUnpublished] },
    ],
  }
}
