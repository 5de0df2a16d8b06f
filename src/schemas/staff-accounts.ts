// Two-factor sign-in, sessions, own password and API keys (CONTRACT.md "Staff accounts").
import { Type, type Static } from 'typebox'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { pagingQuery } from '../lib/paging.ts'
import { AuthUserSchema } from './auth.ts'
import { PasswordSchema } from './users.ts'

// loose on purpose: a malformed code is refused by the service with the same 401 as a wrong one
const Code = Type.String({ minLength: 1, maxLength: 64, description: 'the 6 digits the authenticator app shows', examples: ['123456'] })

export const MeSchema = Type.Object({
  ...AuthUserSchema.properties,
  mfaEnabled: Type.Boolean({ description: 'TOTP is on for this user' }),
  mfaRequired: Type.Boolean({ description: 'this role must turn TOTP on (MFA_REQUIRED_ROLES); until then only /v1/me and /v1/me/mfa work' }),
})
export type Me = Static<typeof MeSchema>

export const MfaRequiredSchema = Type.Object({
  mfaRequired: Type.Literal(true),
  mfaToken: Type.String({ description: 'for POST /v1/auth/mfa: single use, valid 5 minutes' }),
})
export type MfaRequired = Static<typeof MfaRequiredSchema>

export const MfaLoginBodySchema = Type.Object(
  {
    mfaToken: Type.String({ minLength: 1, maxLength: 128 }),
    code: Type.Optional(Code),
    recoveryCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'one of the recovery codes, each usable once' })),
  },
  { additionalProperties: false, minProperties: 2 },
)
export type MfaLoginBody = Static<typeof MfaLoginBodySchema>

export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String({ description: 'base32, for typing into the app by hand' }),
  otpauthUrl: Type.String({ examples: ['otpauth://totp/T%C3%B2a%20So%E1%BA%A1n:bientap%40baongoclam.vn?secret=...'] }),
  qrSvg: Type.String({ description: 'the otpauth URL as an SVG QR code' }),
})
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>

export const TotpCodeBodySchema = Type.Object({ code: Code }, { additionalProperties: false })
export type TotpCodeBody = Static<typeof TotpCodeBodySchema>

export const RecoveryCodesSchema = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { minItems: 10, maxItems: 10, description: 'shown only now; each signs in once in place of a code' }),
})
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>

export const SessionSchema = Type.Object({
  id: Uuid,
  createdAt: DateTime,
  lastUsedAt: DateTime,
  userAgent: Type.Union([Type.String(), Type.Null()]),
  ipHash: Type.Union([Type.String(), Type.Null()], { description: 'a keyed hash of the address (the address itself is not kept): equal for equal addresses' }),
  current: Type.Boolean({ description: 'the session of the token making this request' }),
})
export type Session = Static<typeof SessionSchema>
export const SessionListSchema = Type.Object({ data: Type.Array(SessionSchema) })
export type SessionList = Static<typeof SessionListSchema>

export const PasswordChangeBodySchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
    newPassword: PasswordSchema,
  },
  { additionalProperties: false },
)
export type PasswordChangeBody = Static<typeof PasswordChangeBodySchema>

export const API_KEY_SCOPES = ['content:read', 'webhooks:manage', 'moderation'] as const
export const ApiKeyScopeSchema = Type.Enum([...API_KEY_SCOPES])
export type ApiKeyScope = Static<typeof ApiKeyScopeSchema>

export const ApiKeySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'the first characters of the key, to recognise it', examples: ['tsk_Ab12Cd34'] }),
  scopes: Type.Array(ApiKeyScopeSchema),
  expiresAt: Type.Union([DateTime, Type.Null()]),
  lastUsedAt: Type.Union([DateTime, Type.Null()]),
  revokedAt: Type.Union([DateTime, Type.Null()]),
  createdBy: Uuid,
  createdAt: DateTime,
})
export type ApiKey = Static<typeof ApiKeySchema>

export const ApiKeyCreatedSchema = Type.Object({
  ...ApiKeySchema.properties,
  key: Type.String({ description: 'shown only now: `tsk_` and 43 base64url characters; send as `Authorization: Bearer tsk_...`' }),
})
export type ApiKeyCreated = Static<typeof ApiKeyCreatedSchema>

export const ApiKeyCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300, examples: ['Ứng dụng di động'] }),
    scopes: Type.Array(ApiKeyScopeSchema, { minItems: 1, maxItems: API_KEY_SCOPES.length, uniqueItems: true }),
    expiresAt: Type.Optional(DateTime),
  },
  { additionalProperties: false },
)
export type ApiKeyCreate = Static<typeof ApiKeyCreateSchema>

export const ApiKeyListSchema = Type.Object({ data: Type.Array(ApiKeySchema), meta: ListMetaSchema })
export type ApiKeyList = Static<typeof ApiKeyListSchema>
export const ApiKeyListQuerySchema = Type.Object({ ...pagingQuery('API keys') }, { additionalProperties: false })
export type ApiKeyListQuery = Static<typeof ApiKeyListQuerySchema>
