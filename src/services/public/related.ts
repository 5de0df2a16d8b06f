// Related articles under a public article: one bounded statement (db/queries/related-articles.ts).
import { findRelatedArticles } from '../../db/queries/related-articles.ts'
import { routedReads } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { NotFoundError } from '../../lib/errors.ts'
import { digest, type Versioned } from '../../lib/http-cache.ts'
import { articleKey, listKeys } from '../../events/tags.ts'
import type { ArticleListItem } from '../../schemas/articles.ts'
import { RELATED_DEFAULT_LIMIT, type RelatedList } from '../../schemas/collections.ts'

export interface PublicRelatedDeps {
  db: Pick<Database, 'reads' | 'namedStatements'>
  clock: () => Date
  /** MEDIA_PUBLIC_URL */
  mediaBase: string
}

export function createPublicRelatedService({ db, clock, mediaBase }: PublicRelatedDeps) {
  const read = routedReads(db.reads, ['articles', 'article'], { named: db.namedStatements })
  return {
    async list(slug: string, limit = RELATED_DEFAULT_LIMIT): Promise<Versioned<RelatedList>> {
      const rows = await read((query) => findRelatedArticles<ArticleListItem>(query, slug, clock(), limit, mediaBase))
      if (!rows.sourceId) throw new NotFoundError(`no published article with slug "${slug}"`)
      // the source's own key too: a change of its tags, section or organizations changes the list
      return {
        body: { data: rows.items },
        version: digest('related', rows.sourceId, limit, rows.stamp),
        tags: [articleKey(rows.sourceId), ...listKeys(rows.items)],
      }
    },
  }
}

export type PublicRelatedService = ReturnType<typeof createPublicRelatedService>
