// Author profiles (bylines) on the staff side.
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { conflictOnForeignKey } from '../../db/errors.ts'
import { ConflictError, NotFoundError } from '../../lib/errors.ts'
import { textInput } from '../../lib/text-input.ts'
import { lockMediaRef } from './article-media.ts'
import { AUTHOR_LIMITS, type AuthorCreate, type AuthorPatch, type StaffAuthor } from '../../schemas/admin-authors.ts'
import type { Clock } from '../../lib/clock.ts'
import { recordEvent } from '../../events/record.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import { assertSlugFree, slugForNew, writeWithSlug, type SlugTable } from './slugs.ts'

export interface AuthorServiceDeps {
  prisma: PrismaClient
  clock: Clock
}

type AuthorRow = {
  id: string
  slug: string
  name: string
  bio: string | null
  avatarUrl: string | null
  avatarId: string | null
  createdAt: Date
  updatedAt: Date
}
const toAuthor = (a: AuthorRow): StaffAuthor => ({
  id: a.id,
  slug: a.slug,
  name: a.name,
  bio: a.bio,
  avatarUrl: a.avatarUrl,
  avatarId: a.avatarId,
  createdAt: a.createdAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
})

/** The avatar must be a library image; locked until the write commits, so a media delete sees it. */
async function checkAvatar(tx: Prisma.TransactionClient, avatarId: string | null | undefined) {
  const text = textInput()
  await lockMediaRef(tx, text, 'body/avatarId', avatarId)
  text.done()
}

const slugs: SlugTable = {
  kind: 'author',
  fallback: 'tac-gia',
  taken: (tx, prefix) => tx.author.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }),
  owner: (tx, slug) => tx.author.findUnique({ where: { slug }, select: { id: true } }),
}

function clean(input: AuthorPatch, required: boolean) {
  const text = textInput()
  const out = {
    name: input.name === undefined && !required ? undefined : text.line('body/name', input.name ?? '', AUTHOR_LIMITS.name),
    bio: text.optionalLine('body/bio', input.bio, AUTHOR_LIMITS.bio),
    avatarUrl: text.optionalUrl('body/avatarUrl', input.avatarUrl, AUTHOR_LIMITS.avatarUrl),
  }
  text.done()
  return out
}

export function createAuthorService({ prisma, clock }: AuthorServiceDeps) {
  return {
    async create(input: AuthorCreate, by: AuditContext): Promise<StaffAuthor> {
      const { name, bio, avatarUrl } = clean(input, true)
      return writeWithSlug(input.slug, () =>
        prisma.$transaction(async (tx) => {
          await checkAvatar(tx, input.avatarId)
          const slug = await slugForNew(tx, slugs, input.slug, name!)
          const now = clock()
          const avatarId = input.avatarId ?? null
          const row = toAuthor(
            await tx.author.create({ data: { slug, name: name!, bio: bio ?? null, avatarUrl: avatarUrl ?? null, avatarId, createdAt: now, updatedAt: now } }),
          )
          await recordAudit(tx, { by, action: 'create', entity: 'author', entityId: row.id, changes: changesOf(null, row) })
          return row
        }),
      )
    },

    async update(id: string, patch: AuthorPatch, by: AuditContext): Promise<StaffAuthor> {
      const fields = clean(patch, false)
      if (!(await prisma.author.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('no such author')
      const slug = patch.slug
      if (slug) await assertSlugFree(slug, () => slugs.owner(prisma, slug), id)
      return prisma.$transaction(async (tx) => {
        const before = await tx.author.findUnique({ where: { id } })
        if (!before) throw new NotFoundError('no such author')
        await checkAvatar(tx, patch.avatarId)
        const row = await tx.author.update({ where: { id }, data: { ...fields, avatarId: patch.avatarId, slug: patch.slug, updatedAt: clock() } })
        await recordEvent(tx, { type: 'author.updated', entity: 'author', entityId: id, at: row.updatedAt, data: { id, slug: row.slug, name: row.name } })
        await recordAudit(tx, { by, action: 'update', entity: 'author', entityId: id, changes: changesOf(toAuthor(before), toAuthor(row)) })
        return toAuthor(row)
      })
    },

    async remove(id: string, by: AuditContext): Promise<void> {
      await conflictOnForeignKey(
        () =>
          prisma.$transaction(async (tx) => {
            // an article write holds KEY SHARE on the authors it names until it commits: this waits for
            // it, so the count below sees its byline, and later writers wait for this delete
            const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Author" WHERE id = ${id}::uuid FOR UPDATE`
            if (!locked.length) throw new NotFoundError('no such author')
            const author = await tx.author.findUniqueOrThrow({ where: { id }, select: { _count: { select: { bylines: true } } } })
            if (author._count.bylines > 0) {
              throw new ConflictError(`the author has ${author._count.bylines} article(s) in their byline; take them off those first`, {
                articleCount: author._count.bylines,
              })
            }
            const gone = await tx.author.delete({ where: { id } })
            await recordAudit(tx, { by, action: 'delete', entity: 'author', entityId: id, changes: changesOf(toAuthor(gone), null) })
          }),
        'the author was just added to a byline',
      )
    },
  }
}

export type AuthorService = ReturnType<typeof createAuthorService>
