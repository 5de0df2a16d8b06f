// Slugs for articles, authors and organizations: made from a name unless given; a made one takes the
// next free `-2`, `-3`, ... and always succeeds; only a given one that is taken is a 409.
import type { Prisma } from '../../generated/prisma/client.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { ConflictError } from '../../lib/errors.ts'
import { nextFreeSlug, slugify } from '../../lib/vietnamese.ts'

type Tx = Prisma.TransactionClient

export interface SlugTable {
  /** names the table in the lock key: writers of one base in one table take turns, nobody else waits */
  kind: 'article' | 'author' | 'organization' | 'section' | 'collection'
  /** a slug made from a name with no letters */
  fallback: string
  /** the slugs already used that start with `prefix` */
  taken: (tx: Tx, prefix: string) => Promise<Array<{ slug: string }>>
  /** the row holding `slug`, if any */
  owner: (tx: Tx, slug: string) => Promise<{ id: string } | null>
}

export async function assertSlugFree(slug: string, owner: () => Promise<{ id: string } | null>, selfId?: string): Promise<void> {
  const found = await owner()
  if (found && found.id !== selfId) throw new ConflictError(`the slug "${slug}" is taken`, { slug })
}

/**
 * The slug of a new row, inside the transaction that inserts it. A made one is picked under a
 * transaction-scoped lock on its base: concurrent writers of the same name take turns, and each
 * sees the slugs its predecessors committed (read committed: every statement a fresh snapshot).
 */
export async function slugForNew(tx: Tx, table: SlugTable, given: string | undefined, name: string): Promise<string> {
  if (given) {
    await assertSlugFree(given, () => table.owner(tx, given))
    return given
  }
  const base = slugify(name) || table.fallback
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`toasoan:slug:${table.kind}:${base}`}))`
  return nextFreeSlug(
    base,
    (await table.taken(tx, base)).map((r) => r.slug),
  )
}

/**
 * Runs the write of a new row. A made slug can still clash with one the lock does not cover (a
 * given slug, or another base such as the title "X 2" making `x-2`): the unique index refuses it,
 * and a fresh attempt picks the next free one. A given slug is never retried: its clash is the 409.
 */
export async function writeWithSlug<T>(given: string | undefined, write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write()
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      if (given) throw new ConflictError(`the slug "${given}" is taken`, { slug: given })
      if (i >= attempts) throw err
    }
  }
}
