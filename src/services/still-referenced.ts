// A delete that lost a race: a row added meanwhile still points at the one being deleted, and the
// foreign key (ON DELETE RESTRICT) refused. That is a conflict for the client, not a crash.
import { ConflictError } from '../lib/errors.ts'

function isForeignKeyViolation(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    if (e.code === 'P2003' || e.code === '23503') return true
    e = e.cause as Record<string, unknown> | undefined
  }
  return false
}

export async function deleteUnlessReferenced<T>(remove: () => Promise<T>, detail: string): Promise<T> {
  try {
    return await remove()
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new ConflictError(detail)
    throw err
  }
}
