// Sections (chuyên mục) on the staff side: a tree kept twice, as parentId and as the closure table
// (db/section-tree.ts), both changed in one transaction, exactly like organizations.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { conflictOnForeignKey } from '../../db/errors.ts'
import { sectionTree } from '../../db/section-tree.ts'
import { ConflictError, NotFoundError } from '../../lib/errors.ts'
import { textInput, type TextInput } from '../../lib/text-input.ts'
import { SECTION_LIMITS, type SectionCreate, type SectionPatch, type StaffSection } from '../../schemas/admin-sections.ts'
import type { Clock } from '../../lib/clock.ts'
import { recordEvent } from '../../events/record.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import { assertSlugFree, slugForNew, writeWithSlug, type SlugTable } from './slugs.ts'

type Tx = Prisma.TransactionClient
type Row = Prisma.SectionGetPayload<object>

export interface SectionServiceDeps {
  prisma: PrismaClient
  clock: Clock
}

const toSection = (s: Row): StaffSection => ({
  id: s.id,
  slug: s.slug,
  name: s.name,
  parentId: s.parentId,
  position: s.position,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
})

const slugs: SlugTable = {
  kind: 'section',
  fallback: 'chuyen-muc',
  taken: (tx, prefix) => tx.section.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }),
  owner: (tx, slug) => tx.section.findUnique({ where: { slug }, select: { id: true } }),
}

// structural changes take turns: two moves checked for cycles at once could still make one together
const lockTree = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('toasoan:section-tree'))`

async function checkParent(tx: Tx, text: TextInput, parentId: string | null | undefined) {
  if (parentId && !(await tx.section.findUnique({ where: { id: parentId }, select: { id: true } }))) {
    text.fail('body/parentId', `unknown section ${parentId}`)
  }
}

export function createSectionService({ prisma, clock }: SectionServiceDeps) {
  return {
    async create(input: SectionCreate, by: AuditContext): Promise<StaffSection> {
      const text = textInput()
      const name = text.line('body/name', input.name, SECTION_LIMITS.name)
      const parentId = input.parentId ?? null
      return writeWithSlug(input.slug, () =>
        prisma.$transaction(async (tx) => {
          await lockTree(tx)
          await checkParent(tx, text, parentId)
          text.done()
          const slug = await slugForNew(tx, slugs, input.slug, name)
          const now = clock()
          const row = await tx.section.create({ data: { slug, name, parentId, position: input.position ?? 0, createdAt: now, updatedAt: now } })
          await sectionTree.linkNew(tx, row.id, parentId)
          await recordAudit(tx, { by, action: 'create', entity: 'section', entityId: row.id, changes: changesOf(null, toSection(row)) })
          return toSection(row)
        }),
      )
    },

    async update(id: string, patch: SectionPatch, by: AuditContext): Promise<StaffSection> {
      const text = textInput()
      const name = patch.name === undefined ? undefined : text.line('body/name', patch.name, SECTION_LIMITS.name)
      return prisma.$transaction(async (tx) => {
        await lockTree(tx)
        const current = await tx.section.findUnique({ where: { id } })
        if (!current) throw new NotFoundError('no such section')
        const moving = patch.parentId !== undefined && patch.parentId !== current.parentId
        if (moving) await checkParent(tx, text, patch.parentId)
        text.done()
        if (moving && patch.parentId && (await sectionTree.isInSubtree(tx, id, patch.parentId))) {
          throw new ConflictError('a section cannot be placed under itself or one of its own descendants', { parentId: patch.parentId })
        }
        const slug = patch.slug
        if (slug) await assertSlugFree(slug, () => slugs.owner(tx, slug), id)
        const row = await tx.section.update({
          where: { id },
          data: { name, slug, position: patch.position, ...(moving && { parentId: patch.parentId }), updatedAt: clock() },
        })
        if (moving) await sectionTree.move(tx, id, patch.parentId ?? null)
        // the section's name and slug show inside articles (and their URLs): their responses carry its key
        await recordEvent(tx, { type: 'section.updated', entity: 'section', entityId: id, at: row.updatedAt, data: { id, slug: row.slug, name: row.name } })
        await recordAudit(tx, { by, action: 'update', entity: 'section', entityId: id, changes: changesOf(toSection(current), toSection(row)) })
        return toSection(row)
      })
    },

    async remove(id: string, by: AuditContext): Promise<void> {
      await conflictOnForeignKey(
        () =>
          prisma.$transaction(async (tx) => {
            await lockTree(tx)
            // an article write holds KEY SHARE on the sections it names until it commits: this waits
            // for it, so the counts below see its links, and later writers wait for this delete
            const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Section" WHERE id = ${id}::uuid FOR UPDATE`
            if (!locked.length) throw new NotFoundError('no such section')
            const s = await tx.section.findUniqueOrThrow({ where: { id }, select: { _count: { select: { children: true, articles: true, primaryOf: true } } } })
            const children = s._count.children
            const articles = Math.max(s._count.articles, s._count.primaryOf)
            if (children || articles) {
              throw new ConflictError(`the section still has ${children} child section(s) and ${articles} article(s)`, {
                childCount: children,
                articleCount: articles,
              })
            }
            const gone = await tx.section.delete({ where: { id } })
            await recordAudit(tx, { by, action: 'delete', entity: 'section', entityId: id, changes: changesOf(toSection(gone), null) })
          }),
        'the section was just given a child section or an article',
      )
    },
  }
}

export type SectionService = ReturnType<typeof createSectionService>
