// Curated collections on the staff side. A collection's articles are replaced whole, in one
// transaction, under If-Match: two editors reordering from the same version cannot both win.
// Drafts may be placed (an editor prepares tomorrow's headline); readers see an article only while
// it is public now, so the public read leaves the others out.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { publicWhere } from '../../db/queries/public-now.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { BadRequestError, ConflictError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, type FieldError } from '../../lib/errors.ts'
import { pagingOf } from '../../lib/paging.ts'
import { textInput } from '../../lib/text-input.ts'
import type { Clock } from '../../lib/clock.ts'
import { recordEvent } from '../../events/record.ts'
import type { EventType } from '../../events/types.ts'
import {
  COLLECTION_LIMITS,
  type CollectionArticles,
  type CollectionCreate,
  type CollectionPatch,
  type StaffCollection,
  type StaffCollectionList,
  type StaffCollectionSummary,
} from '../../schemas/admin-collections.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import { assertSlugFree, slugForNew, writeWithSlug, type SlugTable } from './slugs.ts'
import type { IfMatch } from './articles.ts'

type Tx = Prisma.TransactionClient
type Client = PrismaClient | Tx
type Row = Prisma.CollectionGetPayload<{ include: { items: { select: { articleId: true } } } }>

export interface CollectionServiceDeps {
  prisma: PrismaClient
  clock: Clock
}

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]

const withItems = { items: { select: { articleId: true }, orderBy: { position: 'asc' } } } as const

const slugs: SlugTable = {
  kind: 'collection',
  fallback: 'bo-suu-tap',
  taken: (tx, prefix) => tx.collection.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }),
  owner: (tx, slug) => tx.collection.findUnique({ where: { slug }, select: { id: true } }),
}

const toSummary = (c: Omit<Row, 'items'>, itemCount: number): StaffCollectionSummary => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  maxItems: c.maxItems,
  itemCount,
  version: c.version,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
})

/** What the audit log keeps of a collection: its fields and its order. */
const auditedFields = (c: Row) => ({ slug: c.slug, name: c.name, maxItems: c.maxItems, articleIds: c.items.map((i) => i.articleId) })

const eventData = (c: Row) => ({ id: c.id, slug: c.slug, name: c.name, version: c.version, articleIds: c.items.map((i) => i.articleId) })

function checkIfMatch(ifMatch: IfMatch | undefined, c: Row) {
  if (ifMatch === undefined || ifMatch === '*' || ifMatch.includes(c.version)) return
  throw new PreconditionFailedError('the collection has changed since that version; reload it and apply the change again', { currentVersion: c.version })
}

/**
 * The order asked for, checked: each id once (compared as PostgreSQL compares uuids, without case)
 * and no more than the collection holds. Returns the ids in lower case.
 */
function checkOrder(articleIds: string[], maxItems: number): string[] {
  const ids = articleIds.map((id) => id.toLowerCase())
  const errors: FieldError[] = []
  const first = new Map<string, number>()
  ids.forEach((id, i) => {
    const at = first.get(id)
    if (at === undefined) first.set(id, i)
    else errors.push({ path: `body/articleIds/${i}`, message: `duplicate of item ${at} (${id})` })
  })
  if (ids.length > maxItems) errors.push({ path: 'body/articleIds', message: `must NOT have more than ${maxItems} items (the collection's maxItems)` })
  if (errors.length) throw new BadRequestError('the order names an article twice or holds more than the collection may', errors)
  return ids
}

export function createCollectionService({ prisma, clock }: CollectionServiceDeps) {
  /** The staff view: the order, and for each article whether readers see it now (the one public rule). */
  async function present(client: Client, c: Row): Promise<StaffCollection> {
    const ids = c.items.map((i) => i.articleId)
    // one after the other: inside a transaction both would queue on its one connection anyway
    const articles = await client.article.findMany({ where: { id: { in: ids } }, select: { id: true, title: true, status: true } })
    const visible = await client.article.findMany({ where: { AND: [{ id: { in: ids } }, publicWhere(clock())] }, select: { id: true } })
    const byId = new Map(articles.map((a) => [a.id, a]))
    const open = new Set(visible.map((a) => a.id))
    return {
      ...toSummary(c, ids.length),
      articleIds: ids,
      articles: ids.flatMap((id) => {
        const a = byId.get(id)
        return a ? [{ id, title: a.title, status: a.status, publicNow: open.has(id) }] : []
      }),
    }
  }

  /** The row, locked until the transaction ends: writers of one collection take turns. */
  async function lock(tx: Tx, id: string): Promise<Row> {
    const found = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Collection" WHERE id = ${id}::uuid FOR UPDATE`
    if (!found.length) throw new NotFoundError('no such collection')
    return tx.collection.findUniqueOrThrow({ where: { id }, include: withItems })
  }

  /** Saves a new version of the collection, then its event and audit entry, last, in the same transaction. */
  async function saved(tx: Tx, by: AuditContext, type: EventType, before: Row, data: Prisma.CollectionUpdateInput): Promise<Row> {
    const row = await tx.collection.update({ where: { id: before.id }, data: { ...data, version: { increment: 1 }, updatedAt: clock() }, include: withItems })
    await recordEvent(tx, { type, entity: 'collection', entityId: row.id, at: row.updatedAt, data: eventData(row) })
    await recordAudit(tx, { by, action: 'update', entity: 'collection', entityId: row.id, changes: changesOf(auditedFields(before), auditedFields(row)) })
    return row
  }

  return {
    async list(query: { page?: number; cursor?: string; limit?: number }): Promise<StaffCollectionList> {
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.collection.findMany({ ...w, include: { _count: { select: { items: true } } } }),
        () => prisma.collection.count(),
        (rows) => rows.map((r) => toSummary(r, r._count.items)),
      )
    },

    async get(id: string): Promise<StaffCollection> {
      const row = await prisma.collection.findUnique({ where: { id }, include: withItems })
      if (!row) throw new NotFoundError('no such collection')
      return present(prisma, row)
    },

    async create(input: CollectionCreate, by: AuditContext): Promise<StaffCollection> {
      const text = textInput()
      const name = text.line('body/name', input.name, COLLECTION_LIMITS.name)
      text.done()
      return writeWithSlug(input.slug, () =>
        prisma.$transaction(async (tx) => {
          const slug = await slugForNew(tx, slugs, input.slug, name)
          const now = clock()
          const maxItems = input.maxItems ?? COLLECTION_LIMITS.defaultMaxItems
          const row = await tx.collection.create({ data: { slug, name, maxItems, createdAt: now, updatedAt: now }, include: withItems })
          await recordEvent(tx, { type: 'collection.created', entity: 'collection', entityId: row.id, at: now, data: eventData(row) })
          await recordAudit(tx, { by, action: 'create', entity: 'collection', entityId: row.id, changes: changesOf(null, auditedFields(row)) })
          return present(tx, row)
        }),
      )
    },

    async update(id: string, patch: CollectionPatch, ifMatch: IfMatch | undefined, by: AuditContext): Promise<StaffCollection> {
      const text = textInput()
      const name = patch.name === undefined ? undefined : text.line('body/name', patch.name, COLLECTION_LIMITS.name)
      text.done()
      return writeWithSlug(patch.slug, () =>
        prisma.$transaction(async (tx) => {
          const current = await lock(tx, id)
          checkIfMatch(ifMatch, current)
          if (patch.maxItems !== undefined && patch.maxItems < current.items.length) {
            throw new ConflictError(`the collection holds ${current.items.length} articles, more than ${patch.maxItems}; take some out first`, {
              itemCount: current.items.length,
            })
          }
          const slug = patch.slug
          if (slug && slug !== current.slug) await assertSlugFree(slug, () => slugs.owner(tx, slug), id)
          return present(tx, await saved(tx, by, 'collection.updated', current, { name, slug, maxItems: patch.maxItems }))
        }),
      )
    },

    async replaceArticles(id: string, input: CollectionArticles, ifMatch: IfMatch | undefined, by: AuditContext): Promise<StaffCollection> {
      return prisma.$transaction(async (tx) => {
        const current = await lock(tx, id)
        if (ifMatch === undefined) throw new PreconditionRequiredError('send If-Match with the ETag of the collection you are reordering')
        checkIfMatch(ifMatch, current)
        const ids = checkOrder(input.articleIds, current.maxItems)
        // KEY SHARE until the commit: an article deleted meanwhile either waits for this or is reported unknown
        const found = ids.length ? await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM "Article" WHERE id = ANY(${ids}::uuid[]) FOR KEY SHARE` : []
        const known = new Set(found.map((a) => a.id))
        const unknown = ids.filter((articleId) => !known.has(articleId))
        if (unknown.length) {
          throw new BadRequestError(
            `no article with id ${unknown.join(', ')}`,
            ids.flatMap((articleId, i) => (known.has(articleId) ? [] : [{ path: `body/articleIds/${i}`, message: `unknown article ${articleId}` }])),
          )
        }
        await tx.collectionItem.deleteMany({ where: { collectionId: id } })
        await tx.collectionItem.createMany({ data: ids.map((articleId, position) => ({ collectionId: id, articleId, position })) })
        return present(tx, await saved(tx, by, 'collection.updated', current, {}))
      })
    },

    async remove(id: string, ifMatch: IfMatch | undefined, by: AuditContext): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const current = await lock(tx, id)
        checkIfMatch(ifMatch, current)
        await tx.collection.delete({ where: { id } })
        await recordEvent(tx, { type: 'collection.deleted', entity: 'collection', entityId: id, at: clock(), data: eventData(current) })
        await recordAudit(tx, { by, action: 'delete', entity: 'collection', entityId: id, changes: changesOf(auditedFields(current), null) })
      })
    },
  }
}

export type CollectionService = ReturnType<typeof createCollectionService>
