// Public sections: one level at a time, as a nested tree, or one with its breadcrumbs.
import { findPublicSection, listSectionLevel, listSectionTree } from '../../db/queries/public-sections.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { entityListKeys, sectionKey, sectionKeys } from '../../events/tags.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { nestTree, refusePagingWithTree } from '../../lib/tree.ts'
import { badCursor, listMeta, pagingOf, type Paging } from '../../lib/paging.ts'
import { SLUG_PATTERN } from '../../lib/vietnamese.ts'
import type { SectionDetail, SectionList, SectionListQuery } from '../../schemas/sections.ts'

export interface PublicSectionsDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
}

const SLUG = new RegExp(SLUG_PATTERN)

/** A level's cursor is the last row's [position, slug]. */
function windowOf(paging: Paging): { limit: number; offset?: number; after?: { position: number; slug: string } } {
  if (paging.kind === 'page') return { limit: paging.limit, offset: (paging.page - 1) * paging.limit }
  const [position, slug, ...rest] = paging.cursor
  if (!Number.isSafeInteger(position) || typeof slug !== 'string' || !SLUG.test(slug) || rest.length) throw badCursor()
  return { limit: paging.limit, after: { position: position as number, slug } }
}

export function createPublicSectionsService({ db }: PublicSectionsDeps) {
  const read = routedReads(db.reads, ['sections'], { named: db.namedStatements })

  async function tree(parentSlug: string | undefined, paging: Pick<SectionListQuery, 'page' | 'cursor' | 'limit'>): Promise<Versioned<SectionList>> {
    refusePagingWithTree(paging)
    const rows = await read((query) => listSectionTree(query, { parentSlug }))
    if (rows.parentFound === false) throw new NotFoundError(`no section with slug "${parentSlug}"`)
    return {
      body: { data: nestTree(rows.items), meta: { total: rows.items.length, nextCursor: null } },
      version: digest('sections', parentSlug, true, rows.stamp),
      tags: entityListKeys(rows.items.map((s) => sectionKey(s.id))),
    }
  }

  return {
    /** Like organizations: a level a page at a time, or with `tree` everything nested and unpaged. */
    async list(input: SectionListQuery): Promise<Versioned<SectionList>> {
      if (input.tree) return tree(input.parent, input)
      const paging = pagingOf(input)
      const rows = await read((query) => listSectionLevel(query, { parentSlug: input.parent, ...windowOf(paging) }))
      if (rows.parentFound === false) throw new NotFoundError(`no section with slug "${input.parent}"`)
      const last = rows.items.at(-1)
      const meta = listMeta(paging, rows.total ?? undefined, rows.fetched > paging.limit && last ? [last.position, last.slug] : undefined)
      return {
        body: { data: rows.items, meta },
        version: digest('sections', input.parent, JSON.stringify(paging), rows.total, rows.fetched, rows.stamp),
        tags: entityListKeys(rows.items.map((s) => sectionKey(s.id))),
      }
    },

    async get(slug: string): Promise<Versioned<SectionDetail>> {
      const row = await read((query) => findPublicSection(query, slug))
      if (!row) throw new NotFoundError(`no section with slug "${slug}"`)
      const counts = row.section.children.map((c) => c.childCount).join(',')
      return { body: row.section, version: digest('section', row.stamp, counts), tags: sectionKeys(row.section) }
    },
  }
}

export type PublicSectionsService = ReturnType<typeof createPublicSectionsService>
