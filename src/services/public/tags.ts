// Public tags: the list (with a folded-prefix search) and one tag, each with its public article count.
import { findPublicTag, listPublicTags } from '../../db/queries/public-tags.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { LIST_KEY, entityListKeys, tagKey } from '../../events/tags.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { listMeta, pagingOf, slugWindow } from '../../lib/paging.ts'
import { slugify } from '../../lib/vietnamese.ts'
import type { Tag, TagList, TagListQuery } from '../../schemas/tags.ts'

export interface PublicTagsDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: () => Date
}

export function createPublicTagsService({ db, clock }: PublicTagsDeps) {
  // article counts change with every article change: these reads show what `articles` announces
  const read = routedReads(db.reads, ['tags', 'articles'], { named: db.namedStatements })

  return {
    async list(input: TagListQuery): Promise<Versioned<TagList>> {
      const paging = pagingOf(input)
      // folded like the slugs themselves: "Chuyển đổi" and "chuyen doi" are the prefix "chuyen-doi"
      const prefix = input.q === undefined ? undefined : slugify(input.q, 160)
      const rows = await read((query) => listPublicTags(query, { now: clock(), prefix: prefix || undefined, ...slugWindow(paging) }))
      const last = rows.items.at(-1)
      const meta = listMeta(paging, rows.total ?? undefined, rows.fetched > paging.limit && last ? [last.slug] : undefined)
      return {
        body: { data: rows.items, meta },
        version: digest('tags', prefix, JSON.stringify(paging), rows.total, rows.fetched, rows.stamp),
        tags: entityListKeys(rows.items.map((t) => tagKey(t.id))),
      }
    },

    async get(slug: string): Promise<Versioned<Tag>> {
      const row = await read((query) => findPublicTag(query, slug, clock()))
      if (!row) throw new NotFoundError(`no tag with slug "${slug}" on a public article`)
      // the count moves with any article's publication, which every article change announces as `articles`
      return { body: row.tag, version: digest('tag', row.stamp, row.tag.articleCount), tags: [tagKey(row.tag.id), LIST_KEY] }
    },
  }
}

export type PublicTagsService = ReturnType<typeof createPublicTagsService>
