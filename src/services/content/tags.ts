// Tags on the staff side: rename, merge into another, delete. Tags are created by article writes
// (article-taxonomy.ts); their identity is the folded slug (lib/tag-names.ts).
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors.ts'
import { tagName } from '../../lib/tag-names.ts'
import type { Clock } from '../../lib/clock.ts'
import { recordEvent } from '../../events/record.ts'
import type { StaffTag, TagPatch } from '../../schemas/tags.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'

type Tx = Prisma.TransactionClient
type Row = Prisma.TagGetPayload<object>

export interface TagServiceDeps {
  prisma: PrismaClient
  clock: Clock
}

const toTag = (t: Row): StaffTag => ({ id: t.id, slug: t.slug, name: t.name, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() })

/** The row, locked against a concurrent rename, merge or delete (and article writes' KEY SHARE). */
async function lockTag(tx: Tx, id: string): Promise<Row> {
  const [row] = await tx.$queryRaw<Row[]>`SELECT * FROM "Tag" WHERE id = ${id}::uuid FOR UPDATE`
  if (!row) throw new NotFoundError('no such tag')
  return row
}

export function createTagService({ prisma, clock }: TagServiceDeps) {
  async function rename(id: string, raw: string, by: AuditContext): Promise<StaffTag> {
    const named = tagName(raw)
    if ('problem' in named) throw new BadRequestError(`invalid body: body/name ${named.problem}`, [{ path: 'body/name', message: named.problem }])
    try {
      return await prisma.$transaction(async (tx) => {
        const current = await lockTag(tx, id)
        const other = await tx.tag.findUnique({ where: { slug: named.slug }, select: { id: true, name: true } })
        if (other && other.id !== id) {
          throw new ConflictError(`"${named.name}" is the tag "${other.name}" already; merge into it instead (mergeInto)`, { tagId: other.id })
        }
        const row = await tx.tag.update({ where: { id }, data: { name: named.name, slug: named.slug, updatedAt: clock() } })
        await recordEvent(tx, { type: 'tag.updated', entity: 'tag', entityId: id, at: row.updatedAt, data: { id, slug: row.slug, name: row.name } })
        await recordAudit(tx, { by, action: 'update', entity: 'tag', entityId: id, changes: changesOf(toTag(current), toTag(row)) })
        return toTag(row)
      })
    } catch (err) {
      // an article write created that slug meanwhile
      if (isUniqueViolation(err)) throw new ConflictError(`another tag is named "${named.name}" already`, { slug: named.slug })
      throw err
    }
  }

  async function merge(id: string, targetId: string, by: AuditContext): Promise<StaffTag> {
    if (id === targetId) throw new BadRequestError('a tag cannot be merged into itself', [{ path: 'body/mergeInto', message: 'must be another tag' }])
    return prisma.$transaction(async (tx) => {
      // both locked in one statement in slug order, the order article writes lock their tags in
      // (db/tags.ts): a merge and a write naming both tags wait for each other instead of deadlocking
      const rows = await tx.$queryRaw<Row[]>`SELECT * FROM "Tag" WHERE id IN (${id}::uuid, ${targetId}::uuid) ORDER BY slug FOR UPDATE`
      const source = rows.find((r) => r.id === id)
      if (!source) throw new NotFoundError('no such tag')
      if (!rows.some((r) => r.id === targetId)) throw new NotFoundError(`no tag ${targetId} to merge into`)
      const now = clock()
      // the target goes where the source stood in each article's list, unless the article has both
      await tx.$executeRaw`
        INSERT INTO "ArticleTag" ("articleId", "tagId", position)
        SELECT "articleId", ${targetId}::uuid, position FROM "ArticleTag" WHERE "tagId" = ${id}::uuid
        ON CONFLICT DO NOTHING`
      await tx.tag.delete({ where: { id } })
      // the target's article count changed, and its updatedAt is in the stamps of the articles that show it
      const target = await tx.tag.update({ where: { id: targetId }, data: { updatedAt: now } })
      await recordEvent(tx, {
        type: 'tag.deleted',
        entity: 'tag',
        entityId: id,
        at: now,
        data: { id, slug: source.slug, name: source.name, mergedInto: targetId },
      })
      await recordEvent(tx, { type: 'tag.updated', entity: 'tag', entityId: targetId, at: now, data: { id: targetId, slug: target.slug, name: target.name } })
      await recordAudit(tx, { by, action: 'merge', entity: 'tag', entityId: id, changes: { ...changesOf(toTag(source), null), mergedInto: [null, targetId] } })
      return toTag(target)
    })
  }

  return {
    /** `{ name }` renames; `{ mergeInto }` moves every article link to that tag and deletes this one. */
    async update(id: string, patch: TagPatch, by: AuditContext): Promise<StaffTag> {
      return 'name' in patch ? rename(id, patch.name, by) : merge(id, patch.mergeInto, by)
    },

    async remove(id: string, by: AuditContext): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const gone = await lockTag(tx, id)
        await tx.tag.delete({ where: { id } })
        await recordEvent(tx, { type: 'tag.deleted', entity: 'tag', entityId: id, at: clock(), data: { id, slug: gone.slug, name: gone.name } })
        await recordAudit(tx, { by, action: 'delete', entity: 'tag', entityId: id, changes: changesOf(toTag(gone), null) })
      })
    },
  }
}

export type TagService = ReturnType<typeof createTagService>
