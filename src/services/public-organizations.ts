// Public party organizations: one level at a time, as a nested tree, or one with its breadcrumbs.
import type pg from 'pg'
import { findPublicOrganization, listPublicOrganizations, type PublicOrganization } from '../db/queries/public-organizations.ts'
import { queryRunner } from '../db/queries/statement.ts'
import { NotFoundError } from '../lib/errors.ts'
import { digest, type Versioned } from '../lib/http-cache.ts'
import type { OrganizationDetail, OrganizationList, OrganizationListQuery } from '../schemas/organizations.ts'

export interface PublicOrganizationsDeps {
  db: { pool: pg.Pool; embedded: boolean }
}

type Node = PublicOrganization & { children: Node[] }

/** Nests flat rows under their parents; a row whose parent is not among them is a top node. */
export function nest(rows: PublicOrganization[]): Node[] {
  const nodes = new Map<string, Node>(rows.map((r) => [r.id, { ...r, children: [] }]))
  const top: Node[] = []
  // rows arrive ordered by slug, so every children list is ordered by slug as well
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId)
    if (parent) parent.children.push(node)
    else top.push(node)
  }
  return top
}

export function createPublicOrganizationsService({ db }: PublicOrganizationsDeps) {
  const query = queryRunner(db.pool, { named: !db.embedded })

  return {
    /** No `parent`: the roots; `parent`: its children; `tree`: everything (below `parent`), nested. */
    async list(input: OrganizationListQuery): Promise<Versioned<OrganizationList>> {
      const tree = input.tree ?? false
      const rows = await listPublicOrganizations(query, { parentSlug: input.parent, tree })
      if (rows.parentFound === false) throw new NotFoundError(`no organization with slug "${input.parent}"`)
      const data = tree ? nest(rows.items) : rows.items
      return {
        body: { data, meta: { total: rows.items.length } },
        version: digest('organizations', input.parent, tree, rows.stamp),
      }
    },

    async get(slug: string): Promise<Versioned<OrganizationDetail>> {
      const row = await findPublicOrganization(query, slug)
      if (!row) throw new NotFoundError(`no organization with slug "${slug}"`)
      const { organization } = row
      const counts = organization.children.map((c) => c.childCount).join(',')
      return { body: organization, version: digest('organization', row.stamp, counts) }
    },
  }
}

export type PublicOrganizationsService = ReturnType<typeof createPublicOrganizationsService>
