import { Type, type Static } from 'typebox'
import { Uuid } from './common.ts'

export const ROLES = ['admin', 'editor', 'contributor', 'moderator'] as const
export const RoleSchema = Type.Enum([...ROLES], { description: 'admin passes every role check' })
export type Role = Static<typeof RoleSchema>

export const LoginBodySchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254, examples: ['bientap@baongoclam.vn'] }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBodySchema>

export const RefreshBodySchema = Type.Object(
  {
    refreshToken: Type.String({ minLength: 1, maxLength: 512 }),
  },
  { additionalProperties: false },
)
export type RefreshBody = Static<typeof RefreshBodySchema>

export const TokenPairSchema = Type.Object({
  accessToken: Type.String({ description: 'JWT for `Authorization: Bearer`' }),
  refreshToken: Type.String({ description: 'single use: each refresh returns a new one' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'access token lifetime, seconds', examples: [900] }),
})
export type TokenPair = Static<typeof TokenPairSchema>

/** The signed-in user, as routes see it (request.user) and as GET /v1/me returns it. */
export const AuthUserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  authorId: Type.Union([Uuid, Type.Null()], { description: 'the author profile this user writes as' }),
})
export type AuthUser = Static<typeof AuthUserSchema>
