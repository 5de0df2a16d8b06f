// Public byline shapes (the editorial views live in admin-authors.ts).
import { Type, type Static } from 'typebox'
import { pagingQuery } from '../lib/paging.ts'
import { ListMetaSchema, Slug, Uuid } from './common.ts'
import { PublicMediaRef } from './media.ts'

const authorExample = {
  id: '0b6f8f3e-5c1d-4e7a-9f2b-3d4c5e6f7a81',
  slug: 'nguyen-thu-ha',
  name: 'Nguyễn Thu Hà',
  bio: 'Phóng viên ban Xây dựng Đảng, theo dõi công tác tổ chức và dân vận.',
  articleCount: 12,
  avatar: null,
}

export const AuthorSchema = Type.Object(
  {
    id: Uuid,
    slug: Type.String({ examples: ['nguyen-thu-ha'] }),
    name: Type.String({ examples: ['Nguyễn Thu Hà'] }),
    bio: Type.Optional(Type.String({ examples: ['Phóng viên ban Xây dựng Đảng, theo dõi công tác tổ chức và dân vận.'] })),
    avatarUrl: Type.Optional(Type.String({ examples: ['https://baongoclam.vn/anh/tac-gia/nguyen-thu-ha.jpg'] })),
    articleCount: Type.Integer({ minimum: 0, description: 'articles public now that carry this byline', examples: [12] }),
    avatar: Type.Union([PublicMediaRef, Type.Null()], { description: 'the portrait from the media library (`avatarId`), with its renditions' }),
  },
  { description: 'A byline', examples: [authorExample] },
)
export type Author = Static<typeof AuthorSchema>

export const AuthorListSchema = Type.Object(
  {
    data: Type.Array(AuthorSchema),
    meta: ListMetaSchema,
  },
  { description: 'A page of bylines', examples: [{ data: [authorExample], meta: { page: 1, limit: 20, total: 1, totalPages: 1, nextCursor: null } }] },
)
export type AuthorList = Static<typeof AuthorListSchema>

export const AuthorListQuerySchema = Type.Object(
  {
    ...pagingQuery('authors'),
  },
  { additionalProperties: false },
)
export type AuthorListQuery = Static<typeof AuthorListQuerySchema>

export const AuthorSlugParamsSchema = Type.Object({ slug: Slug(['nguyen-thu-ha']) })
