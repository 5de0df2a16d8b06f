// Public curated collections: the editors' order, only what is public now, from one statement.
import { findPublicCollection } from '../../db/queries/public-collections.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { collectionKeys } from '../../events/tags.ts'
import type { ArticleListItem } from '../../schemas/articles.ts'
import type { Collection } from '../../schemas/collections.ts'

export interface PublicCollectionsDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: () => Date
  /** MEDIA_PUBLIC_URL */
  mediaBase: string
}

export function createPublicCollectionsService({ db, clock, mediaBase }: PublicCollectionsDeps) {
  // it shows articles: on a replica only once it has replayed article changes too
  const read = routedReads(db.reads, ['collections', 'articles', 'article'], { named: db.namedStatements })
  return {
    async get(slug: string): Promise<Versioned<Collection>> {
      const row = await read((query) => findPublicCollection<ArticleListItem>(query, slug, clock(), mediaBase))
      if (!row) throw new NotFoundError(`no collection with slug "${slug}"`)
      const { stamp, ...body } = row
      return { body, version: digest('collection', stamp), tags: collectionKeys(row.id, row.articles) }
    },
  }
}

export type PublicCollectionsService = ReturnType<typeof createPublicCollectionsService>
