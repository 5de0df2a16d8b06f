import { Type, type Static } from 'typebox'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { pagingQuery } from '../lib/paging.ts'
import { RoleSchema } from './auth.ts'

// raw lengths are generous: the real limits apply after NFC (see lib/text-input.ts)
export const NAME_MAX = 200
const Name = Type.String({ minLength: 1, maxLength: NAME_MAX * 3, examples: ['Trần Minh Đức'] })
export const PasswordSchema = Type.String({
  minLength: 12,
  maxLength: 1024,
  description: 'at least 12 characters, and not one of the 10,000 most common passwords (with digits or symbols added at either end)',
})
// checked after trimming (services/staff/users.ts), so pasted surrounding spaces are no error
const Email = Type.String({ minLength: 3, maxLength: 300, description: 'an email address; kept trimmed and lower-cased', examples: ['bientap@baongoclam.vn'] })

export const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  authorId: Type.Union([Uuid, Type.Null()]),
  disabled: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type User = Static<typeof UserSchema>

export const UserListSchema = Type.Object({ data: Type.Array(UserSchema), meta: ListMetaSchema })
export type UserList = Static<typeof UserListSchema>

export const UserListQuerySchema = Type.Object(
  {
    ...pagingQuery('users'),
    role: Type.Optional(RoleSchema),
  },
  { additionalProperties: false },
)
export type UserListQuery = Static<typeof UserListQuerySchema>

export const UserCreateSchema = Type.Object(
  {
    email: Email,
    name: Name,
    role: RoleSchema,
    password: PasswordSchema,
    authorId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type UserCreate = Static<typeof UserCreateSchema>

export const UserPatchSchema = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleSchema),
    password: Type.Optional(PasswordSchema),
    authorId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'null unlinks the author profile' })),
    disabled: Type.Optional(Type.Boolean({ description: 'true also revokes every refresh token of the user' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UserPatch = Static<typeof UserPatchSchema>
