// How an article is loaded, shown to staff, and recorded in a revision (the snapshot and the list
// of fields a change touched).
import type { Prisma } from '../../generated/prisma/client.ts'
import type { Revision, StaffArticle, StaffArticleSummary } from '../../schemas/admin-articles.ts'

const ref = { select: { id: true, slug: true, name: true } } as const

export const articleInclude = {
  bylines: { orderBy: { position: 'asc' }, include: { author: ref } },
  organizations: { orderBy: { position: 'asc' }, include: { organization: ref } },
  sections: { orderBy: { position: 'asc' }, select: { sectionId: true } },
  tags: { orderBy: { position: 'asc' }, include: { tag: ref } },
} as const satisfies Prisma.ArticleInclude

export type ArticleRow = Prisma.ArticleGetPayload<{ include: typeof articleInclude }>
export type Snapshot = Revision['snapshot']

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toSummary(a: ArticleRow): StaffArticleSummary {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    lead: a.lead,
    source: a.source,
    status: a.status,
    publishedAt: iso(a.publishedAt),
    unpublishAt: iso(a.unpublishAt),
    version: a.version,
    commentsEnabled: a.commentsEnabled,
    commentCount: a.commentCount,
    rejectionReason: a.rejectionReason,
    leadImageId: a.leadImageId,
    authors: a.bylines.map((b) => b.author),
    organizations: a.organizations.map((o) => o.organization),
    sectionId: a.sectionId,
    sectionIds: otherSections(a),
    tags: a.tags.map((t) => t.tag),
    featured: a.featured,
    metaTitle: a.metaTitle,
    metaDescription: a.metaDescription,
    canonicalUrl: a.canonicalUrl,
    ogImageId: a.ogImageId,
    noindex: a.noindex,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  }
}

export function toStaffArticle(a: ArticleRow): StaffArticle {
  return { ...toSummary(a), body: a.body, createdById: a.createdById, updatedById: a.updatedById }
}

export function snapshotOf(a: ArticleRow): Required<Snapshot> {
  return {
    slug: a.slug,
    title: a.title,
    lead: a.lead,
    body: a.body,
    source: a.source,
    status: a.status,
    publishedAt: iso(a.publishedAt),
    commentsEnabled: a.commentsEnabled,
    rejectionReason: a.rejectionReason,
    unpublishAt: iso(a.unpublishAt),
    authorIds: a.bylines.map((b) => b.authorId),
    organizationIds: a.organizations.map((o) => o.organizationId),
    leadImageId: a.leadImageId,
    sectionId: a.sectionId,
    sectionIds: otherSections(a),
    tagIds: a.tags.map((t) => t.tagId),
    featured: a.featured,
    metaTitle: a.metaTitle,
    metaDescription: a.metaDescription,
    canonicalUrl: a.canonicalUrl,
    ogImageId: a.ogImageId,
    noindex: a.noindex,
  }
}

/** The sections besides the primary one (ArticleSection lists the primary too, first). */
const otherSections = (a: ArticleRow) => a.sections.map((s) => s.sectionId).filter((id) => id !== a.sectionId)

/** What a shown article touches, for its cache keys (events/tags.ts). */
export const refsOf = (a: ArticleRow) => ({
  id: a.id,
  authors: a.bylines.map((b) => ({ id: b.authorId })),
  organizations: a.organizations.map((o) => ({ id: o.organizationId })),
  section: a.sectionId ? { id: a.sectionId } : null,
  tags: a.tags.map((t) => ({ id: t.tagId })),
})

/** The article's own columns as a snapshot holds them, for a create or an update. */
export function columnsOf(s: Omit<Required<Snapshot>, 'authorIds' | 'organizationIds' | 'sectionIds' | 'tagIds'>) {
  return {
    slug: s.slug,
    title: s.title,
    lead: s.lead,
    body: s.body,
    source: s.source,
    status: s.status,
    commentsEnabled: s.commentsEnabled,
    rejectionReason: s.rejectionReason,
    publishedAt: s.publishedAt === null ? null : new Date(s.publishedAt),
    unpublishAt: s.unpublishAt === null ? null : new Date(s.unpublishAt),
    leadImageId: s.leadImageId,
    sectionId: s.sectionId,
    featured: s.featured,
    metaTitle: s.metaTitle,
    metaDescription: s.metaDescription,
    canonicalUrl: s.canonicalUrl,
    ogImageId: s.ogImageId,
    noindex: s.noindex,
  }
}

/** The names of the snapshot fields that differ (arrays compared in order: byline order matters). */
export function changedFields(before: Snapshot, after: Snapshot): string[] {
  return (Object.keys(after) as Array<keyof Snapshot>).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
}
