// Slugs for articles, authors and organizations: made from a name unless given; a made one takes the
// next free `-2`, `-3`, ...; a given one must be free (409 otherwise).
import { prismaErrorStatus } from '../db/errors.ts'
import { ConflictError } from '../lib/errors.ts'
import { nextFreeSlug, slugify } from '../lib/vietnamese.ts'

/** The slugs already used that start with `prefix`. */
export type TakenSlugs = (prefix: string) => Promise<Array<{ slug: string }>>

export async function freeSlugFrom(name: string, fallback: string, taken: TakenSlugs): Promise<string> {
  const base = slugify(name) || fallback
  return nextFreeSlug(base, (await taken(base)).map((r) => r.slug))
}

export async function assertSlugFree(slug: string, owner: () => Promise<{ id: string } | null>, selfId?: string): Promise<void> {
  const found = await owner()
  if (found && found.id !== selfId) throw new ConflictError(`the slug "${slug}" is taken`, { slug })
}

/**
 * Runs a write whose made-up slug another writer may take between our check and our insert: the
 * unique index refuses ours, and a fresh attempt picks the next free one.
 */
export async function retryingSlugClash<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await write()
    } catch (err) {
      if (i >= attempts || prismaErrorStatus(err) !== 409) throw err
    }
  }
}
