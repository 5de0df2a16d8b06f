// Public curated collections and related articles: both are lists of the public article list's items.
import { Type, type Static } from 'typebox'
import { Uuid } from './common.ts'
import { ArticleListItemSchema } from './articles.ts'

export const COLLECTION_EXAMPLE_SLUG = 'tieu-diem'

export const CollectionSchema = Type.Object(
  {
    id: Uuid,
    slug: Type.String({ examples: [COLLECTION_EXAMPLE_SLUG] }),
    name: Type.String({ examples: ['Tiêu điểm'] }),
    articles: Type.Array(ArticleListItemSchema, { description: 'in the editors’ order; articles not public now are left out' }),
  },
  { description: 'A curated, ordered list of articles' },
)
export type Collection = Static<typeof CollectionSchema>

export const RELATED_DEFAULT_LIMIT = 5
export const RELATED_MAX_LIMIT = 20

export const RelatedQuerySchema = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: RELATED_MAX_LIMIT, default: RELATED_DEFAULT_LIMIT, description: 'how many articles at most', examples: [5] }),
    ),
  },
  { additionalProperties: false },
)
export type RelatedQuery = Static<typeof RelatedQuerySchema>

export const RelatedListSchema = Type.Object(
  { data: Type.Array(ArticleListItemSchema) },
  { description: 'Public articles related to one: sharing a tag, then its primary section, then an organization; newest first within each' },
)
export type RelatedList = Static<typeof RelatedListSchema>
