// Closure-table maintenance for a hierarchy kept twice, as parentId and as a closure table
// (organizations, sections). Every writer of such rows (services, the demo seed, test fixtures)
// goes through these so the closure stays exact.
import { Prisma } from '../generated/prisma/client.ts'

type Tx = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>

export type ClosureTable = 'OrganizationClosure' | 'SectionClosure'

export function closureTree(table: ClosureTable) {
  const t = Prisma.raw(`"${table}"`)
  return {
    /** Closure rows for a new node: itself at depth 0, and one row per ancestor of its parent. */
    async linkNew(tx: Tx, id: string, parentId: string | null): Promise<void> {
      await tx.$executeRaw`
        INSERT INTO ${t} ("ancestorId", "descendantId", "depth")
        SELECT ${id}::uuid, ${id}::uuid, 0
        UNION ALL
        SELECT "ancestorId", ${id}::uuid, "depth" + 1 FROM ${t} WHERE "descendantId" = ${parentId}::uuid`
    },

    /**
     * Moves a subtree under a new parent (null: a root). The caller has checked that the new parent
     * is not inside the subtree (that would be a cycle).
     */
    async move(tx: Tx, id: string, newParentId: string | null): Promise<void> {
      // detach: drop links from the subtree to its former ancestors
      await tx.$executeRaw`
        DELETE FROM ${t} c
        USING ${t} sub, ${t} up
        WHERE sub."ancestorId" = ${id}::uuid AND c."descendantId" = sub."descendantId"
          AND up."descendantId" = ${id}::uuid AND up."depth" > 0 AND c."ancestorId" = up."ancestorId"`
      if (newParentId === null) return
      // attach: every ancestor of the new parent (itself included) above every node of the subtree
      await tx.$executeRaw`
        INSERT INTO ${t} ("ancestorId", "descendantId", "depth")
        SELECT up."ancestorId", sub."descendantId", up."depth" + sub."depth" + 1
        FROM ${t} up, ${t} sub
        WHERE up."descendantId" = ${newParentId}::uuid AND sub."ancestorId" = ${id}::uuid`
    },

    /** True when `candidateId` is `id` itself or lies below it. */
    async isInSubtree(tx: Tx, id: string, candidateId: string): Promise<boolean> {
      const rows = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM ${t} WHERE "ancestorId" = ${id}::uuid AND "descendantId" = ${candidateId}::uuid`
      return rows.length > 0
    },
  }
}
