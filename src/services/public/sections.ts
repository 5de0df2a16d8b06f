// Public sections: one level at a time, as a nested tree, or one with its breadcrumbs.
import { findPublicSection, listSectionLevel, listSectionTree, type PublicSection } from '../../db/queries/public-sections.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { BadRequestError, NotFoundError } from '../../lib/errors.ts'
import { entityListKeys, sectionKey, sectionKeys } from '../../events/tags.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { badCursor, listMeta, pagingOf, type Paging } from '../../lib/paging.ts'
import { SLUG_PATTERN } from '../../lib/vietnamese.ts'
import type { SectionDetail, SectionList, SectionListQuery } from '../../schemas/sections.ts'

export interface PublicSectionsDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
}

type Node = PublicSection & { children: Node[] }
const SLUG = new RegExp(SLUG_PATTERN)

/** Nests flat rows (in menu order) under their parents; a row whose parent is not among them is a top node. */
export function nestSections(rows: PublicSection[]): Node[] {
  const nodes = new Map<string, Node>(rows.map((r) => [r.id, { ...r, children: [] }]))
  const top: Node[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId)
    if (parent) parent.children.push(node)
    else top.push(node)
  }
  return top
}

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
    const given = (['page', 'cursor', 'limit'] as const).filter((k) => paging[k] !== undefined)
    if (given.length) {
      throw new BadRequestError(
        'tree=true returns the whole tree, unpaged; leave out page, cursor and limit (or page through one level with parent)',
        given.map((k) => ({ path: `querystring/${k}`, message: 'must not be combined with tree=true' })),
      )
    }
    const rows = await read((query) => listSectionTree(query, { parentSlug }))
    if (rows.parentFound === false) throw new NotFoundError(`no section with slug "${parentSlug}"`)
    return {
      body: { data: nestSections(rows.items), meta: { total: rows.items.length, nextCursor: null } },
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
