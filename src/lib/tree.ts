// The public trees (organizations, sections) as their lists show them: nested from flat rows, and
// whole, so paging a tree is refused rather than cutting children off their parents.
import { BadRequestError } from './errors.ts'

export type Nested<T> = T & { children: Nested<T>[] }

/** Nests flat rows under their parents, keeping the rows' order; a row whose parent is not among them is a top node. */
export function nestTree<T extends { id: string; parentId: string | null }>(rows: T[]): Nested<T>[] {
  const nodes = new Map<string, Nested<T>>(rows.map((r) => [r.id, { ...r, children: [] }]))
  const top: Nested<T>[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId)
    if (parent) parent.children.push(node)
    else top.push(node)
  }
  return top
}

/** `tree=true` answers the whole tree: page, cursor and limit with it are a 400 naming each. */
export function refusePagingWithTree(paging: { page?: unknown; cursor?: unknown; limit?: unknown }): void {
  const given = (['page', 'cursor', 'limit'] as const).filter((k) => paging[k] !== undefined)
  if (!given.length) return
  throw new BadRequestError(
    'tree=true returns the whole tree, unpaged; leave out page, cursor and limit (or page through one level with parent)',
    given.map((k) => ({ path: `querystring/${k}`, message: 'must not be combined with tree=true' })),
  )
}
