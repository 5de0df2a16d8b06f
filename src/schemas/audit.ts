// The audit log (admin): entries, the list's filters, the chain check.
import { Type, type Static } from 'typebox'
import { ListMetaSchema, pagingQuery } from '../lib/paging.ts'
import { DateTime, Uuid } from './common.ts'
import { DATE_OR_DATE_TIME_PATTERN } from '../lib/date-range.ts'

/**
 * What an entry is about. A new kind of staff-managed record adds its name here (the `entity`
 * filter is this list); MFA, sessions, passwords and failed logins are entries about a `user`.
 */
export const AUDIT_ENTITIES = [
  'article',
  'author',
  'organization',
  'media',
  'user',
  'moderationRules',
  'webhook',
  'apiKey',
  'section',
  'tag',
  'collection',
  'ban',
  'comment',
] as const
export const AuditEntitySchema = Type.Enum([...AUDIT_ENTITIES])
export type AuditEntity = Static<typeof AuditEntitySchema>

export const AuditActorSchema = Type.Object({
  type: Type.Enum(['user', 'apiKey', 'system']),
  id: Type.Union([Uuid, Type.Null()], { description: 'the user or the API key; null for system, and for a failed login naming no account' }),
  name: Type.Union([Type.String(), Type.Null()], { description: "the user's name, or the key's name and prefix" }),
})
export type AuditActor = Static<typeof AuditActorSchema>

export const AuditChangesSchema = Type.Record(Type.String(), Type.Array(Type.Unknown(), { minItems: 2, maxItems: 2 }), {
  description: 'field → [before, after]; null before for a creation, null after for a deletion; secrets only as ["***", "***"]',
})
export type AuditChanges = Static<typeof AuditChangesSchema>

export const AuditEntrySchema = Type.Object({
  id: Uuid,
  at: DateTime,
  actor: AuditActorSchema,
  action: Type.String({ examples: ['update'] }),
  entity: Type.String({ examples: ['article'] }),
  entityId: Type.Union([Type.String(), Type.Null()]),
  changes: AuditChangesSchema,
  requestId: Type.Union([Type.String(), Type.Null()], { description: 'the x-request-id of the request that made the change' }),
})
export type AuditEntryView = Static<typeof AuditEntrySchema>

export const AuditListSchema = Type.Object({ data: Type.Array(AuditEntrySchema), meta: ListMetaSchema })
export type AuditList = Static<typeof AuditListSchema>

export const AuditListQuerySchema = Type.Object(
  {
    actor: Type.Optional(Type.Union([Uuid, Type.Literal('system')], { description: 'a user id, an API key id, or `system`' })),
    entity: Type.Optional(AuditEntitySchema),
    entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(
      Type.String({
        pattern: DATE_OR_DATE_TIME_PATTERN,
        maxLength: 40,
        description: 'entries at or after this date or date-time (a bare date: that day in Vietnam)',
      }),
    ),
    to: Type.Optional(Type.String({ pattern: DATE_OR_DATE_TIME_PATTERN, maxLength: 40, description: 'entries up to this date-time, or through this date' })),
    ...pagingQuery('entries'),
  },
  { additionalProperties: false },
)
export type AuditListQuery = Static<typeof AuditListQuerySchema>

export const AuditVerifySchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ minimum: 0, description: 'entries checked, oldest first, up to and including the first broken one' }),
  firstBrokenId: Type.Optional(Uuid),
})
export type AuditVerify = Static<typeof AuditVerifySchema>
