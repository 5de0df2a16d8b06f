import { Type, type Static } from 'typebox'
import { DateTime, Uuid } from './common.ts'
import { SlugSchema } from './admin-articles.ts'

export const AUTHOR_LIMITS = { name: 200, bio: 2000, avatarUrl: 2048 } as const

export const StaffAuthorSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  bio: Type.Union([Type.String(), Type.Null()]),
  avatarUrl: Type.Union([Type.String(), Type.Null()]),
  avatarId: Type.Union([Uuid, Type.Null()], { description: 'the portrait (a media id)' }),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type StaffAuthor = Static<typeof StaffAuthorSchema>

const fields = {
  name: Type.String({ minLength: 1, maxLength: AUTHOR_LIMITS.name * 3, examples: ['Nguyễn Thu Hà'] }),
  bio: Type.Optional(Type.Union([Type.String({ maxLength: AUTHOR_LIMITS.bio * 3 }), Type.Null()])),
  avatarUrl: Type.Optional(Type.Union([Type.String({ maxLength: AUTHOR_LIMITS.avatarUrl, description: 'http or https URL' }), Type.Null()])),
  avatarId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'a media id from the library (unknown: 400); null takes the portrait off' })),
  slug: Type.Optional(SlugSchema),
}

export const AuthorCreateSchema = Type.Object(fields, { additionalProperties: false })
export type AuthorCreate = Static<typeof AuthorCreateSchema>

export const AuthorPatchSchema = Type.Object({ ...fields, name: Type.Optional(fields.name) }, { additionalProperties: false, minProperties: 1 })
export type AuthorPatch = Static<typeof AuthorPatchSchema>
