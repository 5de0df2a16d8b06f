// Party organizations on the staff side. The tree is kept twice, as parentId and as the closure
// table (db/organization-tree.ts), and both change in one transaction.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { isInSubtree, linkNewOrganization, moveOrganization } from '../db/organization-tree.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { textInput, type TextInput } from '../lib/text-input.ts'
import {
  ORGANIZATION_LIMITS, type OrganizationCreate, type OrganizationPatch, type StaffOrganization,
} from '../schemas/admin-organizations.ts'
import type { Clock } from './index.ts'
import { assertSlugFree, freeSlugFrom, retryingSlugClash } from './slugs.ts'
import { deleteUnlessReferenced } from './still-referenced.ts'

type Tx = Prisma.TransactionClient
type Row = Prisma.OrganizationGetPayload<object>

export interface OrganizationServiceDeps { prisma: PrismaClient; clock: Clock }

const toOrganization = (o: Row): StaffOrganization => ({
  id: o.id, slug: o.slug, name: o.name, shortName: o.shortName, kind: o.kind, parentId: o.parentId,
  createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString(),
})

// structural changes take turns: two moves checked for cycles at once could still make one together
const lockTree = (tx: Tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('toasoan:organization-tree'))`

async function checkParent(tx: Tx, text: TextInput, parentId: string | null | undefined) {
  if (parentId && !(await tx.organization.findUnique({ where: { id: parentId }, select: { id: true } }))) {
    text.fail('body/parentId', `unknown organization ${parentId}`)
  }
}

export function createOrganizationService({ prisma, clock }: OrganizationServiceDeps) {
  const owner = (tx: Tx, slug: string) => () => tx.organization.findUnique({ where: { slug }, select: { id: true } })

  return {
    async create(input: OrganizationCreate): Promise<StaffOrganization> {
      const text = textInput()
      const name = text.line('body/name', input.name, ORGANIZATION_LIMITS.name)
      const shortName = text.optionalLine('body/shortName', input.shortName, ORGANIZATION_LIMITS.shortName) ?? null
      const parentId = input.parentId ?? null
      const write = () => prisma.$transaction(async (tx) => {
        await lockTree(tx)
        await checkParent(tx, text, parentId)
        text.done()
        const slug = input.slug ?? await freeSlugFrom(name, 'to-chuc', (prefix) => tx.organization.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }))
        if (input.slug) await assertSlugFree(slug, owner(tx, slug))
        const now = clock()
        const row = await tx.organization.create({ data: { slug, name, shortName, kind: input.kind, parentId, createdAt: now, updatedAt: now } })
        await linkNewOrganization(tx, row.id, parentId)
        return toOrganization(row)
      })
      return input.slug ? write() : retryingSlugClash(write)
    },

    async update(id: string, patch: OrganizationPatch): Promise<StaffOrganization> {
      const text = textInput()
      const name = patch.name === undefined ? undefined : text.line('body/name', patch.name, ORGANIZATION_LIMITS.name)
      const shortName = text.optionalLine('body/shortName', patch.shortName, ORGANIZATION_LIMITS.shortName)
      return prisma.$transaction(async (tx) => {
        await lockTree(tx)
        const current = await tx.organization.findUnique({ where: { id } })
        if (!current) throw new NotFoundError('no such organization')
        const moving = patch.parentId !== undefined && patch.parentId !== current.parentId
        if (moving) await checkParent(tx, text, patch.parentId)
        text.done()
        if (moving && patch.parentId && (await isInSubtree(tx, id, patch.parentId))) {
          throw new ConflictError('an organization cannot be placed under itself or one of its own descendants', { parentId: patch.parentId })
        }
        if (patch.slug) await assertSlugFree(patch.slug, owner(tx, patch.slug), id)
        const row = await tx.organization.update({
          where: { id },
          data: { name, shortName, kind: patch.kind, slug: patch.slug, ...(moving && { parentId: patch.parentId }), updatedAt: clock() },
        })
        if (moving) await moveOrganization(tx, id, patch.parentId ?? null)
        return toOrganization(row)
      })
    },

    async remove(id: string): Promise<void> {
      await deleteUnlessReferenced(() => prisma.$transaction(async (tx) => {
        await lockTree(tx)
        const org = await tx.organization.findUnique({ where: { id }, select: { _count: { select: { children: true, articles: true } } } })
        if (!org) throw new NotFoundError('no such organization')
        const { children, articles } = org._count
        if (children || articles) {
          throw new ConflictError(`the organization still has ${children} child organization(s) and ${articles} article(s)`, { childCount: children, articleCount: articles })
        }
        await tx.organization.delete({ where: { id } })
      }), 'the organization was just given a child organization or an article')
    },
  }
}

export type OrganizationService = ReturnType<typeof createOrganizationService>
