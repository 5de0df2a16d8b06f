// Party organizations on the staff side. The tree is kept twice, as parentId and as the closure
// table (db/organization-tree.ts), and both change in one transaction.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { conflictOnForeignKey } from '../../db/errors.ts'
import { isInSubtree, linkNewOrganization, moveOrganization } from '../../db/organization-tree.ts'
import { ConflictError, NotFoundError } from '../../lib/errors.ts'
import { textInput, type TextInput } from '../../lib/text-input.ts'
import { ORGANIZATION_LIMITS, type OrganizationCreate, type OrganizationPatch, type StaffOrganization } from '../../schemas/admin-organizations.ts'
import type { Clock } from '../../lib/clock.ts'
import { recordEvent } from '../../events/record.ts'
import { lockMediaRef } from './article-media.ts'
import { assertSlugFree, slugForNew, writeWithSlug, type SlugTable } from './slugs.ts'

type Tx = Prisma.TransactionClient
type Row = Prisma.OrganizationGetPayload<object>

export interface OrganizationServiceDeps {
  prisma: PrismaClient
  clock: Clock
}

const toOrganization = (o: Row): StaffOrganization => ({
  id: o.id,
  slug: o.slug,
  name: o.name,
  shortName: o.shortName,
  kind: o.kind,
  parentId: o.parentId,
  logoId: o.logoId,
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
})

const slugs: SlugTable = {
  kind: 'organization',
  fallback: 'to-chuc',
  taken: (tx, prefix) => tx.organization.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }),
  owner: (tx, slug) => tx.organization.findUnique({ where: { slug }, select: { id: true } }),
}

// structural changes take turns: two moves checked for cycles at once could still make one together
const lockTree = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('toasoan:organization-tree'))`

async function checkParent(tx: Tx, text: TextInput, parentId: string | null | undefined) {
  if (parentId && !(await tx.organization.findUnique({ where: { id: parentId }, select: { id: true } }))) {
    text.fail('body/parentId', `unknown organization ${parentId}`)
  }
}

import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'

export function createOrganizationService({ prisma, clock }: OrganizationServiceDeps) {
  return {
    async create(input: OrganizationCreate, by: AuditContext): Promise<StaffOrganization> {
      const text = textInput()
      const name = text.line('body/name', input.name, ORGANIZATION_LIMITS.name)
      const shortName = text.optionalLine('body/shortName', input.shortName, ORGANIZATION_LIMITS.shortName) ?? null
      const parentId = input.parentId ?? null
      return writeWithSlug(input.slug, () =>
        prisma.$transaction(async (tx) => {
          await lockTree(tx)
          await checkParent(tx, text, parentId)
          await lockMediaRef(tx, text, 'body/logoId', input.logoId)
          text.done()
          const slug = await slugForNew(tx, slugs, input.slug, name)
          const now = clock()
          const logoId = input.logoId ?? null
          const row = await tx.organization.create({ data: { slug, name, shortName, kind: input.kind, parentId, logoId, createdAt: now, updatedAt: now } })
          await linkNewOrganization(tx, row.id, parentId)
          await recordAudit(tx, { by, action: 'create', entity: 'organization', entityId: row.id, changes: changesOf(null, toOrganization(row)) })
          return toOrganization(row)
        }),
      )
    },

    async update(id: string, patch: OrganizationPatch, by: AuditContext): Promise<StaffOrganization> {
      const text = textInput()
      const name = patch.name === undefined ? undefined : text.line('body/name', patch.name, ORGANIZATION_LIMITS.name)
      const shortName = text.optionalLine('body/shortName', patch.shortName, ORGANIZATION_LIMITS.shortName)
      return prisma.$transaction(async (tx) => {
        await lockTree(tx)
        const current = await tx.organization.findUnique({ where: { id } })
        if (!current) throw new NotFoundError('no such organization')
        const moving = patch.parentId !== undefined && patch.parentId !== current.parentId
        if (moving) await checkParent(tx, text, patch.parentId)
        await lockMediaRef(tx, text, 'body/logoId', patch.logoId)
        text.done()
        if (moving && patch.parentId && (await isInSubtree(tx, id, patch.parentId))) {
          throw new ConflictError('an organization cannot be placed under itself or one of its own descendants', { parentId: patch.parentId })
        }
        const slug = patch.slug
        if (slug) await assertSlugFree(slug, () => slugs.owner(tx, slug), id)
        const row = await tx.organization.update({
          where: { id },
          data: { name, shortName, kind: patch.kind, slug: patch.slug, logoId: patch.logoId, ...(moving && { parentId: patch.parentId }), updatedAt: clock() },
        })
        if (moving) await moveOrganization(tx, id, patch.parentId ?? null)
        await recordEvent(tx, {
          type: 'organization.updated',
          entity: 'organization',
          entityId: id,
          at: row.updatedAt,
          data: { id, slug: row.slug, name: row.name },
        })
        await recordAudit(tx, { by, action: 'update', entity: 'organization', entityId: id, changes: changesOf(toOrganization(current), toOrganization(row)) })
        return toOrganization(row)
      })
    },

    async remove(id: string, by: AuditContext): Promise<void> {
      await conflictOnForeignKey(
        () =>
          prisma.$transaction(async (tx) => {
            await lockTree(tx)
            // an article write holds KEY SHARE on the organizations it names until it commits: this
            // waits for it, so the count below sees its link, and later writers wait for this delete
            const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Organization" WHERE id = ${id}::uuid FOR UPDATE`
            if (!locked.length) throw new NotFoundError('no such organization')
            const org = await tx.organization.findUniqueOrThrow({ where: { id }, select: { _count: { select: { children: true, articles: true } } } })
            const { children, articles } = org._count
            if (children || articles) {
              throw new ConflictError(`the organization still has ${children} child organization(s) and ${articles} article(s)`, {
                childCount: children,
                articleCount: articles,
              })
            }
            const gone = await tx.organization.delete({ where: { id } })
            await recordAudit(tx, { by, action: 'delete', entity: 'organization', entityId: id, changes: changesOf(toOrganization(gone), null) })
          }),
        'the organization was just given a child organization or an article',
      )
    },
  }
}

export type OrganizationService = ReturnType<typeof createOrganizationService>
