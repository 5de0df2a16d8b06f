// Curated collections on the staff side: create, rename, reorder under If-Match.
import { Type, type Static } from 'typebox'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { SlugSchema } from './admin-articles.ts'
import { pagingQuery } from '../lib/paging.ts'

export const COLLECTION_LIMITS = { name: 200, maxItems: 100, defaultMaxItems: 20 } as const

const summary = {
  id: Uuid,
  slug: Type.String({ examples: ['tieu-diem'] }),
  name: Type.String({ examples: ['Tiêu điểm'] }),
  maxItems: Type.Integer({ minimum: 1, maximum: COLLECTION_LIMITS.maxItems, description: 'how many articles it may hold' }),
  itemCount: Type.Integer({ minimum: 0, description: 'articles placed, public or not' }),
  version: Type.Integer({ minimum: 1, description: 'bumped by every change; the ETag carries it' }),
  createdAt: DateTime,
  updatedAt: DateTime,
}

export const StaffCollectionSummarySchema = Type.Object(summary)
export type StaffCollectionSummary = Static<typeof StaffCollectionSummarySchema>

export const CollectionArticleSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  status: Type.String({ description: 'the article’s workflow status' }),
  publicNow: Type.Boolean({ description: 'whether readers see it now; one that is not is left out of the public collection' }),
})

export const StaffCollectionSchema = Type.Object({
  ...summary,
  articleIds: Type.Array(Uuid, { description: 'the order, as placed' }),
  articles: Type.Array(CollectionArticleSchema, { description: 'the same order, with what an editor needs to see which are hidden' }),
})
export type StaffCollection = Static<typeof StaffCollectionSchema>

export const StaffCollectionListSchema = Type.Object({ data: Type.Array(StaffCollectionSummarySchema), meta: ListMetaSchema })
export type StaffCollectionList = Static<typeof StaffCollectionListSchema>

export const StaffCollectionListQuerySchema = Type.Object({ ...pagingQuery('collections') }, { additionalProperties: false })

const fields = {
  // room for a decomposed (NFD) spelling, as the other names allow; the limit applies after NFC
  name: Type.String({ minLength: 1, maxLength: COLLECTION_LIMITS.name * 3, examples: ['Tiêu điểm'] }),
  slug: Type.Optional(SlugSchema),
  maxItems: Type.Optional(
    Type.Integer({ minimum: 1, maximum: COLLECTION_LIMITS.maxItems, description: `default ${COLLECTION_LIMITS.defaultMaxItems}`, examples: [10] }),
  ),
}

export const CollectionCreateSchema = Type.Object(fields, { additionalProperties: false })
export type CollectionCreate = Static<typeof CollectionCreateSchema>

export const CollectionPatchSchema = Type.Object({ ...fields, name: Type.Optional(fields.name) }, { additionalProperties: false, minProperties: 1 })
export type CollectionPatch = Static<typeof CollectionPatchSchema>

export const CollectionArticlesSchema = Type.Object(
  {
    articleIds: Type.Array(Uuid, {
      maxItems: COLLECTION_LIMITS.maxItems,
      description: 'the whole order; at most the collection’s maxItems, each once, drafts allowed (readers see them once public)',
    }),
  },
  { additionalProperties: false },
)
export type CollectionArticles = Static<typeof CollectionArticlesSchema>

export const CollectionEtagHeaders = { etag: Type.String({ description: 'this version of the collection; send it back in If-Match' }) }
