// Public tag shapes, and the staff ones (a tag has no other fields).
import { Type, type Static } from 'typebox'
import { pagingQuery } from '../lib/paging.ts'
import { TAG_NAME_MAX } from '../lib/tag-names.ts'
import { DateTime, ListMetaSchema, Slug, Uuid } from './common.ts'

const example = { id: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', slug: 'chuyen-doi-so', name: 'Chuyển đổi số' }

export const TagRefSchema = Type.Object({
  id: Uuid,
  slug: Type.String({ examples: [example.slug], description: "the folded name: the tag's identity" }),
  name: Type.String({ examples: [example.name], description: 'the first spelling saved (or a rename)' }),
})

export const TagSchema = Type.Object(
  { ...TagRefSchema.properties, articleCount: Type.Integer({ minimum: 0, description: 'public articles carrying the tag', examples: [12] }) },
  { examples: [{ ...example, articleCount: 12 }] },
)
export type Tag = Static<typeof TagSchema>

export const TagListSchema = Type.Object(
  { data: Type.Array(TagSchema), meta: ListMetaSchema },
  { description: 'Tags carried by public articles, by slug', examples: [{ data: [{ ...example, articleCount: 12 }], meta: { limit: 20, nextCursor: null } }] },
)
export type TagList = Static<typeof TagListSchema>

export const TagListQuerySchema = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: TAG_NAME_MAX * 3,
        description: 'a prefix of the name, compared folded (without case, tone marks or đ/Đ): "chuyen" finds "Chuyển đổi số"',
        examples: ['chuyen'],
      }),
    ),
    ...pagingQuery('tags'),
  },
  { additionalProperties: false },
)
export type TagListQuery = Static<typeof TagListQuerySchema>

export const TagSlugParamsSchema = Type.Object({ slug: Slug([example.slug]) })

export const StaffTagSchema = Type.Object({ ...TagRefSchema.properties, createdAt: DateTime, updatedAt: DateTime })
export type StaffTag = Static<typeof StaffTagSchema>

export const TagPatchSchema = Type.Union(
  [
    Type.Object(
      { name: Type.String({ minLength: 1, maxLength: TAG_NAME_MAX * 3, description: "the new name; its folded slug must not be another tag's (409)" }) },
      { additionalProperties: false },
    ),
    Type.Object(
      { mergeInto: Type.String({ format: 'uuid', description: "the tag that takes over this one's articles; this one is deleted" }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'either a rename (`name`) or a merge (`mergeInto`)' },
)
export type TagPatch = Static<typeof TagPatchSchema>
