// Public bylines: every author, with the number of articles public now that carry the byline.
import { findPublicAuthor, listPublicAuthors } from '../../db/queries/public-authors.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { authorKey, entityListKeys } from '../../events/tags.ts'
import { listMeta, pagingOf, slugWindow } from '../../lib/paging.ts'
import type { Author, AuthorList, AuthorListQuery } from '../../schemas/authors.ts'
import type { PublicMedia } from '../../schemas/media.ts'

export interface PublicAuthorsDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: () => Date
  /** MEDIA_PUBLIC_URL, the base of the avatars' rendition URLs */
  mediaBase: string
}

export function createPublicAuthorsService({ db, clock, mediaBase }: PublicAuthorsDeps) {
  const read = routedReads(db.reads, ['authors'], { named: db.namedStatements })

  return {
    /** Ordered by slug, i.e. by the folded name, so "Đặng" sorts with "Dang" rather than after "Z". */
    async list(input: AuthorListQuery): Promise<Versioned<AuthorList>> {
      const paging = pagingOf(input)
      const rows = await read((query) =>
        listPublicAuthors<PublicMedia>(query, {
          now: clock(),
          mediaBase,
          ...slugWindow(paging),
        }),
      )
      const last = rows.items.at(-1)
      const meta = listMeta(paging, rows.total ?? undefined, rows.fetched > paging.limit && last ? [last.slug] : undefined)
      return {
        body: { data: rows.items, meta },
        version: digest('authors', JSON.stringify(paging), rows.total, rows.fetched, rows.stamp),
        tags: entityListKeys(rows.items.map((a) => authorKey(a.id))),
      }
    },

    async get(slug: string): Promise<Versioned<Author>> {
      const row = await read((query) => findPublicAuthor<PublicMedia>(query, slug, clock(), mediaBase))
      if (!row) throw new NotFoundError(`no author with slug "${slug}"`)
      return { body: row.author, version: digest('author', row.stamp, row.author.articleCount), tags: [authorKey(row.author.id)] }
    },
  }
}

export type PublicAuthorsService = ReturnType<typeof createPublicAuthorsService>
