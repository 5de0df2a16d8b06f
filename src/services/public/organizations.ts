// Public party organizations: one level at a time, as a nested tree, or one with its breadcrumbs.
import { findPublicOrganization, listOrganizationLevel, listOrganizationTree } from '../../db/queries/public-organizations.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { entityListKeys, organizationKey, organizationKeys } from '../../events/tags.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { nestTree, refusePagingWithTree } from '../../lib/tree.ts'
import { listMeta, pagingOf, slugWindow } from '../../lib/paging.ts'
import type { OrganizationDetail, OrganizationList, OrganizationListQuery } from '../../schemas/organizations.ts'
import type { PublicMedia } from '../../schemas/media.ts'

export interface PublicOrganizationsDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  /** MEDIA_PUBLIC_URL, the base of the logos' rendition URLs */
  mediaBase: string
}

export function createPublicOrganizationsService({ db, mediaBase }: PublicOrganizationsDeps) {
  const read = routedReads(db.reads, ['organizations'], { named: db.namedStatements })

  async function tree(parentSlug: string | undefined, paging: Pick<OrganizationListQuery, 'page' | 'cursor' | 'limit'>): Promise<Versioned<OrganizationList>> {
    refusePagingWithTree(paging)
    const rows = await read((query) => listOrganizationTree<PublicMedia>(query, { parentSlug, mediaBase }))
    if (rows.parentFound === false) throw new NotFoundError(`no organization with slug "${parentSlug}"`)
    return {
      body: { data: nestTree(rows.items), meta: { total: rows.items.length, nextCursor: null } },
      version: digest('organizations', parentSlug, true, rows.stamp),
      tags: entityListKeys(rows.items.map((o) => organizationKey(o.id))),
    }
  }

  return {
    /**
     * No `parent`: the roots; `parent`: its children; a page at a time, by slug, like every list.
     * `tree`: everything (below `parent`), nested, whole: a tree cut into pages would leave
     * children without their parents, so paging parameters are refused with it.
     */
    async list(input: OrganizationListQuery): Promise<Versioned<OrganizationList>> {
      if (input.tree) return tree(input.parent, input)
      const paging = pagingOf(input)
      const rows = await read((query) =>
        listOrganizationLevel<PublicMedia>(query, {
          parentSlug: input.parent,
          mediaBase,
          ...slugWindow(paging),
        }),
      )
      if (rows.parentFound === false) throw new NotFoundError(`no organization with slug "${input.parent}"`)
      const last = rows.items.at(-1)
      const meta = listMeta(paging, rows.total ?? undefined, rows.fetched > paging.limit && last ? [last.slug] : undefined)
      return {
        body: { data: rows.items, meta },
        version: digest('organizations', input.parent, JSON.stringify(paging), rows.total, rows.fetched, rows.stamp),
        tags: entityListKeys(rows.items.map((o) => organizationKey(o.id))),
      }
    },

    async get(slug: string): Promise<Versioned<OrganizationDetail>> {
      const row = await read((query) => findPublicOrganization<PublicMedia>(query, slug, mediaBase))
      if (!row) throw new NotFoundError(`no organization with slug "${slug}"`)
      const { organization } = row
      const counts = organization.children.map((c) => c.childCount).join(',')
      return { body: organization, version: digest('organization', row.stamp, counts), tags: organizationKeys(organization) }
    },
  }
}

export type PublicOrganizationsService = ReturnType<typeof createPublicOrganizationsService>
