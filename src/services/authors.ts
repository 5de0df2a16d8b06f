// Author profiles (bylines) on the staff side.
import type { PrismaClient } from '../generated/prisma/client.ts'
import { ConflictError, NotFoundError } from '../lib/errors.ts'
import { textInput } from '../lib/text-input.ts'
import { AUTHOR_LIMITS, type AuthorCreate, type AuthorPatch, type StaffAuthor } from '../schemas/admin-authors.ts'
import type { Clock } from './index.ts'
import { deleteUnlessReferenced } from './still-referenced.ts'
import { assertSlugFree, freeSlugFrom, retryingSlugClash } from './slugs.ts'

export interface AuthorServiceDeps { prisma: PrismaClient; clock: Clock }

const toAuthor = (a: { id: string; slug: string; name: string; bio: string | null; avatarUrl: string | null; createdAt: Date; updatedAt: Date }): StaffAuthor =>
  ({ id: a.id, slug: a.slug, name: a.name, bio: a.bio, avatarUrl: a.avatarUrl, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() })

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
  const owner = (slug: string) => () => prisma.author.findUnique({ where: { slug }, select: { id: true } })

  return {
    async create(input: AuthorCreate): Promise<StaffAuthor> {
      const { name, bio, avatarUrl } = clean(input, true)
      const write = async () => {
        const slug = input.slug ?? await freeSlugFrom(name!, 'tac-gia', (prefix) => prisma.author.findMany({ where: { slug: { startsWith: prefix } }, select: { slug: true } }))
        if (input.slug) await assertSlugFree(slug, owner(slug))
        const now = clock()
        return toAuthor(await prisma.author.create({ data: { slug, name: name!, bio: bio ?? null, avatarUrl: avatarUrl ?? null, createdAt: now, updatedAt: now } }))
      }
      return input.slug ? write() : retryingSlugClash(write)
    },

    async update(id: string, patch: AuthorPatch): Promise<StaffAuthor> {
      const fields = clean(patch, false)
      if (!(await prisma.author.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('no such author')
      if (patch.slug) await assertSlugFree(patch.slug, owner(patch.slug), id)
      return toAuthor(await prisma.author.update({ where: { id }, data: { ...fields, slug: patch.slug, updatedAt: clock() } }))
    },

    async remove(id: string): Promise<void> {
      await deleteUnlessReferenced(() => prisma.$transaction(async (tx) => {
        const author = await tx.author.findUnique({ where: { id }, select: { _count: { select: { bylines: true } } } })
        if (!author) throw new NotFoundError('no such author')
        if (author._count.bylines > 0) {
          throw new ConflictError(`the author has ${author._count.bylines} article(s) in their byline; take them off those first`, { articleCount: author._count.bylines })
        }
        await tx.author.delete({ where: { id } })
      }), 'the author was just added to a byline')
    },
  }
}

export type AuthorService = ReturnType<typeof createAuthorService>
