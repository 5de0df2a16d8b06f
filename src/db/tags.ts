// Tags made on the fly by article writes. Two writers naming the same new tag at once must end
// with one row and no error: the insert skips a slug that exists (waiting for a concurrent
// inserter to commit or roll back), and a second statement, with a fresh snapshot under READ
// COMMITTED, reads every row, the other writer's included.
import type { Prisma } from '../generated/prisma/client.ts'

type Tx = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>

export interface TagRow {
  id: string
  slug: string
  name: string
}

/**
 * The tags of `names` (already cleaned, distinct slugs), created where missing, in the given
 * order, KEY SHARE-locked until the write commits (a concurrent merge or delete waits for it).
 */
export async function ensureTags(tx: Tx, names: Array<{ name: string; slug: string }>, now: Date): Promise<TagRow[]> {
  if (!names.length) return []
  const slugs = names.map((n) => n.slug)
  // in slug order, so two writers inserting overlapping sets wait on each other instead of deadlocking
  await tx.$executeRaw`
    INSERT INTO "Tag" (slug, name, "createdAt", "updatedAt")
    SELECT t.slug, t.name, ${now}, ${now} FROM unnest(${slugs}::text[], ${names.map((n) => n.name)}::text[]) AS t(slug, name)
    ORDER BY t.slug
    ON CONFLICT (slug) DO NOTHING`
  const rows = await tx.$queryRaw<TagRow[]>`
    SELECT id::text, slug, name FROM "Tag" WHERE slug = ANY(${slugs}::text[]) ORDER BY slug FOR KEY SHARE`
  const bySlug = new Map(rows.map((r) => [r.slug, r]))
  // a tag merged or deleted between the two statements: the caller's foreign key turns it into a 409
  return slugs.flatMap((s) => bySlug.get(s) ?? [])
}
