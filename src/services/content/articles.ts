// Articles on the staff side: list, create, read, change, delete, move through the workflow, and
// the revision written with every saved change. Row-level rules for contributors live here; the
// role each route admits is stated on the route (plugins/auth.ts).
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { conflictOnForeignKey } from '../../db/errors.ts'
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, PreconditionRequiredError } from '../../lib/errors.ts'
import { pagingOf } from '../../lib/paging.ts'
import { sanitizeBody } from '../../lib/sanitize.ts'
import { textInput, type TextInput } from '../../lib/text-input.ts'
import {
  LIMITS,
  type ArticleCreate,
  type ArticlePatch,
  type PublishBody,
  type RejectBody,
  type StaffArticle,
  type StaffArticleList,
  type StaffArticleListQuery,
} from '../../schemas/admin-articles.ts'
import type { AuthUser } from '../../schemas/auth.ts'
import { articleSearchColumns as searchColumns } from '../../lib/article-search.ts'
import { articleInclude, changedFields, columnsOf, refsOf, snapshotOf, toStaffArticle, type ArticleRow } from './article-records.ts'
import { checkTaxonomy, readTaxonomy, resolveTags, sectionLinks, syncLinks } from './article-taxonomy.ts'
import { listRevisions } from './article-revisions.ts'
import { listStaffArticles } from './article-list.ts'
import { planTransition, type WorkflowAction } from './article-workflow.ts'
import type { Clock } from '../../lib/clock.ts'
import { assertSlugFree, slugForNew, writeWithSlug, type SlugTable } from './slugs.ts'
import { articleEventData, recordEvent } from '../../events/record.ts'
import type { EventType } from '../../events/types.ts'
import { assertLeadImageDescribed, lockMedia, syncInlineMedia, type MediaRefs } from './article-media.ts'
import { inlineMediaIds } from '../../lib/sanitize.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'

type Tx = Prisma.TransactionClient

/** If-Match as the route read it: `*`, or the versions its ETags name (none: matches nothing). */
export type IfMatch = '*' | number[]

export interface ArticleServiceDeps {
  prisma: PrismaClient
  clock: Clock
  /** renders the public texts of these articles inside the transaction (services/public/article-render.ts) */
  render?: (tx: Tx, ids: string[]) => Promise<unknown>
}

const isOwn = (actor: AuthUser, a: ArticleRow) => actor.authorId !== null && a.bylines.some((b) => b.authorId === actor.authorId)

/** 404 for what a contributor may not see (another's article), as if it did not exist. */
function assertVisible(actor: AuthUser, a: ArticleRow | null): asserts a is ArticleRow {
  if (!a || (actor.role === 'contributor' && !isOwn(actor, a))) throw new NotFoundError('no such article')
}

function assertEditable(actor: AuthUser, a: ArticleRow) {
  if (actor.role === 'contributor' && a.status !== 'draft') throw new ForbiddenError('contributors may change their articles only while they are drafts')
}

/**
 * A contributor writes under their own byline and changes nobody else's place on one: a new
 * article names only them (an editor adds co-authors), and a change of `authorIds` keeps them and
 * every other author (reordering is all it can do). Editors and admins are not limited.
 */
function assertBylineAllowed(actor: AuthUser, next: string[] | undefined, current?: ArticleRow) {
  if (actor.role !== 'contributor' || next === undefined) return
  const own = actor.authorId
  if (!own) throw new ForbiddenError('your user has no author profile; ask an admin to link one')
  if (!next.includes(own)) throw new ForbiddenError('the byline must include your own author profile')
  const others = (ids: string[]) =>
    ids
      .filter((id) => id !== own)
      .sort()
      .join()
  if (!current && next.length > 1) throw new ForbiddenError('a contributor names only themselves on a new article; an editor adds co-authors')
  if (current && others(next) !== others(current.bylines.map((b) => b.authorId))) {
    throw new ForbiddenError('a contributor may not add or remove other authors on a byline; ask an editor')
  }
}

function checkIfMatch(ifMatch: IfMatch | undefined, a: ArticleRow) {
  if (ifMatch === undefined || ifMatch === '*' || ifMatch.includes(a.version)) return
  throw new PreconditionFailedError('the article has changed since that version; reload it and apply the change again', { currentVersion: a.version })
}

/**
 * Checks that the authors and organizations named exist, and holds SHARE on them until the write
 * commits: a concurrent delete of one waits for this write (and then finds it referenced), or this
 * waits for the delete and reports the row as unknown — never a half-checked insert. SHARE, not
 * KEY SHARE, so a rename waits too: its marking of the articles that show the row then sees the
 * bylines this write adds, and the text rendered here never keeps the old name.
 */
async function lockReferences(tx: Tx, text: TextInput, authorIds: string[] | undefined, organizationIds: string[] | undefined, media: MediaRefs = {}) {
  type Found = Array<{ id: string }>
  await lockMedia(tx, text, media)
  const authors = authorIds?.length ? await tx.$queryRaw<Found>`SELECT id::text FROM "Author" WHERE id = ANY(${authorIds}::uuid[]) FOR SHARE` : []
  const organizations = organizationIds?.length
    ? await tx.$queryRaw<Found>`SELECT id::text FROM "Organization" WHERE id = ANY(${organizationIds}::uuid[]) FOR SHARE`
    : []
  const knownAuthors = new Set(authors.map((a) => a.id))
  const knownOrganizations = new Set(organizations.map((o) => o.id))
  authorIds?.forEach((id, i) => {
    if (!knownAuthors.has(id)) text.fail(`body/authorIds/${i}`, `unknown author ${id}`)
  })
  organizationIds?.forEach((id, i) => {
    if (!knownOrganizations.has(id)) text.fail(`body/organizationIds/${i}`, `unknown organization ${id}`)
  })
}

const slugs: SlugTable = {
  kind: 'article',
  fallback: 'bai-viet',
  taken: (tx, prefix) => tx.article.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }),
  owner: (tx, slug) => tx.article.findUnique({ where: { slug }, select: { id: true } }),
}

// the safety net behind lockReferences: a foreign key refusing the write is a conflict, not a crash
const REFERENCE_GONE = 'an author, organization, section, tag or image named in the article was deleted meanwhile; reload them and try again'

/**
 * Why an article may no longer be deleted: once public (or scheduled), or once readers commented,
 * its moderation history and what readers saw must stay, so it is archived instead. Undefined
 * when nothing would be lost.
 */
async function historyOf(tx: Tx, a: ArticleRow): Promise<string | undefined> {
  if (a.publishedAt) return 'has been published or scheduled'
  const [comments, decisions] = await Promise.all([tx.comment.count({ where: { articleId: a.id } }), tx.moderationLog.count({ where: { articleId: a.id } })])
  if (comments || decisions) return 'has comments and moderation history'
  return undefined
}

/** The scheduler's columns a workflow move sets (src/events/record.ts reads them). */
interface EventMarks {
  publishedEventAt?: Date | null
}

/** Public at `now` by the one rule (db/queries/public-now.ts), for a row in hand. */
function publicAt(a: { status: string; publishedAt: Date | null; unpublishAt: Date | null }, now: Date): boolean {
  const live = a.status === 'published' ? a.publishedAt !== null : a.status === 'scheduled' && a.publishedAt !== null && a.publishedAt <= now
  return live && (a.unpublishAt === null || a.unpublishAt > now)
}

/** Which event a saved change records, if any (the scheduler records the timed ones). */
function eventOf(action: string, before: ArticleRow, after: ArticleRow, now: Date): EventType | undefined {
  if (action === 'publish') return after.status === 'scheduled' ? 'article.scheduled' : 'article.published'
  if (action === 'unpublish' || action === 'archive') return before.status === 'published' || before.status === 'scheduled' ? 'article.unpublished' : undefined
  const was = publicAt(before, now)
  const is = publicAt(after, now)
  if (was && !is) return 'article.unpublished'
  return was || is ? 'article.updated' : undefined
}

export function createArticleService({ prisma, clock, render }: ArticleServiceDeps) {
  const load = (tx: Tx | PrismaClient, id: string) => tx.article.findUnique({ where: { id }, include: articleInclude })

  /**
   * Saves one version: the row (guarded on the version read, so a concurrent save cannot be lost),
   * the byline and organization lists when they changed, and the revision. Nothing changed: no
   * version, no revision.
   */
  async function commit(
    tx: Tx,
    current: ArticleRow,
    actor: AuthUser,
    action: string,
    next: Partial<ReturnType<typeof snapshotOf>>,
    marks: EventMarks = {},
  ): Promise<ArticleRow> {
    const before = snapshotOf(current)
    const after = { ...before, ...next }
    const changes = changedFields(before, after)
    if (!changes.length) return current
    const now = clock()
    const saved = await tx.article.updateMany({
      where: { id: current.id, version: current.version },
      data: {
        ...columnsOf(after),
        // a new takedown time fires again when it comes
        ...(changes.includes('unpublishAt') ? { unpublishedEventAt: null } : {}),
        ...marks,
        ...searchColumns(after),
        version: { increment: 1 },
        updatedById: actor.id,
        updatedAt: now,
      },
    })
    if (saved.count !== 1) throw new PreconditionFailedError('the article was changed by someone else meanwhile; reload it and try again')
    await syncLinks(tx, current.id, after, changes)
    if (changes.includes('body')) await syncInlineMedia(tx, current.id, after.body)
    await tx.articleRevision.create({
      data: { articleId: current.id, version: current.version + 1, action, userId: actor.id, changes, snapshot: after, createdAt: now },
    })
    const saved2 = (await load(tx, current.id))!
    const type = eventOf(action, current, saved2, now)
    if (type) await recordEvent(tx, { type, entity: 'article', entityId: saved2.id, data: articleEventData(saved2), at: now, article: refsOf(saved2) })
    // a takedown time set in the past took it out now: the scheduler has nothing left to fire
    if (type === 'article.unpublished' && action === 'update') await tx.article.update({ where: { id: saved2.id }, data: { unpublishedEventAt: now } })
    // last: every change of this transaction has marked the stored texts stale by now
    await render?.(tx, [saved2.id])
    return saved2
  }

  /** The audit entry of a saved change (last in its transaction). */
  async function audited(tx: Tx, by: AuditContext, action: string, before: ArticleRow, after: ArticleRow): Promise<StaffArticle> {
    await recordAudit(tx, { by, action, entity: 'article', entityId: after.id, changes: changesOf(snapshotOf(before), snapshotOf(after)) })
    return toStaffArticle(after)
  }

  return {
    list: (query: StaffArticleListQuery, actor: AuthUser): Promise<StaffArticleList> => listStaffArticles(prisma, query, actor),

    async get(id: string, actor: AuthUser): Promise<StaffArticle> {
      const article = await load(prisma, id)
      assertVisible(actor, article)
      return toStaffArticle(article)
    },

    async create(input: ArticleCreate, actor: AuthUser, by: AuditContext): Promise<StaffArticle> {
      assertBylineAllowed(actor, input.authorIds)
      const text = textInput()
      const title = text.line('body/title', input.title, LIMITS.title)
      const lead = text.optionalLine('body/lead', input.lead, LIMITS.lead) ?? ''
      const source = text.optionalLine('body/source', input.source, LIMITS.source) ?? null
      const body = sanitizeBody(input.body)
      const taxonomy = readTaxonomy(text, input)
      return writeWithSlug(input.slug, () =>
        conflictOnForeignKey(
          () =>
            prisma.$transaction(async (tx) => {
              await lockReferences(tx, text, input.authorIds, input.organizationIds, { leadImageId: input.leadImageId, body })
              const { sectionId = null, sectionIds = [], ...seo } = await checkTaxonomy(tx, text, taxonomy)
              text.done()
              const slug = await slugForNew(tx, slugs, input.slug, title)
              const now = clock()
              const tagIds = (await resolveTags(tx, taxonomy, now)) ?? []
              const fields = columnsOf({
                slug,
                title,
                lead,
                body,
                source,
                status: 'draft' as const,
                publishedAt: null,
                commentsEnabled: input.commentsEnabled ?? true,
                rejectionReason: null,
                leadImageId: input.leadImageId ?? null,
                unpublishAt: input.unpublishAt ? new Date(input.unpublishAt).toISOString() : null,
                sectionId,
                featured: seo.featured ?? false,
                metaTitle: seo.metaTitle ?? null,
                metaDescription: seo.metaDescription ?? null,
                canonicalUrl: seo.canonicalUrl ?? null,
                ogImageId: seo.ogImageId ?? null,
                noindex: seo.noindex ?? false,
              })
              const row = await tx.article.create({
                data: {
                  ...fields,
                  ...searchColumns(fields),
                  createdById: actor.id,
                  updatedById: actor.id,
                  createdAt: now,
                  updatedAt: now,
                  bylines: { create: input.authorIds.map((authorId, position) => ({ authorId, position })) },
                  organizations: { create: input.organizationIds.map((organizationId, position) => ({ organizationId, position })) },
                  inlineMedia: { create: inlineMediaIds(body).map((mediaId) => ({ mediaId })) },
                  sections: { create: sectionLinks({ sectionId, sectionIds }).map((id, position) => ({ sectionId: id, position })) },
                  tags: { create: tagIds.map((tagId, position) => ({ tagId, position })) },
                },
                include: articleInclude,
              })
              const snapshot = snapshotOf(row)
              await tx.articleRevision.create({
                data: { articleId: row.id, version: row.version, action: 'create', userId: actor.id, changes: Object.keys(snapshot), snapshot, createdAt: now },
              })
              await recordAudit(tx, { by, action: 'create', entity: 'article', entityId: row.id, changes: changesOf(null, snapshot) })
              return toStaffArticle(row)
            }),
          REFERENCE_GONE,
        ),
      )
    },

    async update(id: string, patch: ArticlePatch, actor: AuthUser, ifMatch: IfMatch | undefined, by: AuditContext): Promise<StaffArticle> {
      const text = textInput()
      const next: Partial<ReturnType<typeof snapshotOf>> = {
        title: patch.title === undefined ? undefined : text.line('body/title', patch.title, LIMITS.title),
        lead: patch.lead === undefined ? undefined : (text.optionalLine('body/lead', patch.lead, LIMITS.lead) ?? ''),
        source: text.optionalLine('body/source', patch.source, LIMITS.source),
        body: patch.body === undefined ? undefined : sanitizeBody(patch.body),
        slug: patch.slug,
        commentsEnabled: patch.commentsEnabled,
        authorIds: patch.authorIds,
        organizationIds: patch.organizationIds,
        unpublishAt: patch.unpublishAt === undefined ? undefined : patch.unpublishAt && new Date(patch.unpublishAt).toISOString(),
        leadImageId: patch.leadImageId,
      }
      const taxonomy = readTaxonomy(text, patch)
      for (const key of Object.keys(next) as Array<keyof typeof next>) if (next[key] === undefined) delete next[key]
      return conflictOnForeignKey(
        () =>
          prisma.$transaction(async (tx) => {
            const current = await load(tx, id)
            assertVisible(actor, current)
            if (ifMatch === undefined) throw new PreconditionRequiredError('send If-Match with the ETag of the version you are changing')
            checkIfMatch(ifMatch, current)
            assertEditable(actor, current)
            assertBylineAllowed(actor, patch.authorIds, current)
            await lockReferences(tx, text, patch.authorIds, patch.organizationIds, { leadImageId: patch.leadImageId, body: next.body })
            Object.assign(next, await checkTaxonomy(tx, text, taxonomy, current))
            text.done()
            const slug = patch.slug
            if (slug && slug !== current.slug) await assertSlugFree(slug, () => slugs.owner(tx, slug), id)
            const tagIds = await resolveTags(tx, taxonomy, clock())
            if (tagIds) next.tagIds = tagIds
            return audited(tx, by, 'update', current, await commit(tx, current, actor, 'update', next))
          }),
        REFERENCE_GONE,
      )
    },

    async remove(id: string, actor: AuthUser, ifMatch: IfMatch | undefined, by: AuditContext): Promise<void> {
      await prisma.$transaction(async (tx) => {
        // a concurrent publish, comment or decision waits for this (or this for it): the history is current
        await tx.$queryRaw`SELECT 1 FROM "Article" WHERE id = ${id}::uuid FOR UPDATE`
        const current = await load(tx, id)
        assertVisible(actor, current)
        checkIfMatch(ifMatch, current)
        if (actor.role !== 'admin' && current.status !== 'draft')
          throw new ForbiddenError('only an admin may delete an article that is not a draft; archive it instead')
        const history = await historyOf(tx, current)
        if (history) {
          throw new ConflictError(`the article ${history}; archive it instead (POST /v1/admin/articles/${id}/archive)`, { currentStatus: current.status })
        }
        await tx.article.delete({ where: { id } })
        await recordAudit(tx, { by, action: 'delete', entity: 'article', entityId: id, changes: changesOf(snapshotOf(current), null) })
      })
    },

    async transition(
      action: WorkflowAction,
      id: string,
      actor: AuthUser,
      input: PublishBody & Partial<RejectBody>,
      ifMatch: IfMatch | undefined,
      by: AuditContext,
    ): Promise<StaffArticle> {
      const text = textInput()
      const reason = input.reason === undefined ? undefined : text.line('body/reason', input.reason, LIMITS.reason)
      text.done()
      return prisma.$transaction(async (tx) => {
        const current = await load(tx, id)
        assertVisible(actor, current)
        checkIfMatch(ifMatch, current)
        const plan = planTransition(action, current, { reason, publishAt: input.publishAt ? new Date(input.publishAt) : undefined }, clock())
        if (plan.status === 'published' || plan.status === 'scheduled') await assertLeadImageDescribed(tx, current.leadImageId)
        const next = { status: plan.status, rejectionReason: plan.rejectionReason, publishedAt: plan.publishedAt?.toISOString() ?? null }
        // publishing now records article.published here; a schedule leaves it to the scheduler; leaving public view re-arms it
        const marks: EventMarks =
          plan.status === 'published'
            ? { publishedEventAt: clock() }
            : plan.status === 'scheduled' || current.status === 'published' || current.status === 'scheduled'
              ? { publishedEventAt: null }
              : {}
        return audited(tx, by, action, current, await commit(tx, current, actor, action, next, marks))
      })
    },

    async revisions(id: string, actor: AuthUser, query: { page?: number; cursor?: string; limit?: number }) {
      assertVisible(actor, await load(prisma, id))
      return listRevisions(prisma, id, pagingOf(query), actor)
    },
  }
}

export type ArticleService = ReturnType<typeof createArticleService>
