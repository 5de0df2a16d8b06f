// Staff shapes for the moderation endpoints: these do carry email, flags and claims.
import { Type, type Static } from 'typebox'
import { DateTime, PageMetaSchema, Uuid } from './common.ts'
import { SLUG_PATTERN } from '../lib/vietnamese.ts'

export const CommentStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('spam')])
const ActionSchema = Type.Union([Type.Literal('approve'), Type.Literal('reject'), Type.Literal('spam')])
const Person = Type.Object({ id: Uuid, name: Type.String() })

export const FlagSchema = Type.Union([
  Type.Object({ kind: Type.Literal('banned_word'), word: Type.String() }),
  Type.Object({ kind: Type.Literal('suspect_word'), word: Type.String() }),
  Type.Object({ kind: Type.Literal('too_many_links'), count: Type.Integer(), max: Type.Integer() }),
])

export const StaffCommentSchema = Type.Object({
  id: Uuid,
  article: Type.Object({ id: Uuid, slug: Type.String(), title: Type.String() }),
  parentId: Type.Union([Uuid, Type.Null()]),
  authorName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  status: CommentStatusSchema,
  flags: Type.Array(FlagSchema, { description: 'why the automatic rules held or classified it' }),
  claimedBy: Type.Union([Person, Type.Null()]),
  claimExpiresAt: Type.Union([DateTime, Type.Null()]),
  decidedBy: Type.Union([Person, Type.Null()]),
  decidedAt: Type.Union([DateTime, Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
})

export const QueueQuery = Type.Object({
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'), Type.Literal('spam')], { default: 'pending' }),
  article: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 200, description: 'article slug' })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
}, { additionalProperties: false })

export const QueueSchema = Type.Object({ data: Type.Array(StaffCommentSchema), meta: PageMetaSchema })

export const ClaimBody = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) }, { additionalProperties: false })
export const ClaimResultSchema = Type.Object({ data: Type.Array(StaffCommentSchema) })

const DecisionFields = {
  action: ActionSchema,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  expectedStatus: Type.Optional(CommentStatusSchema),
}
export const DecisionBody = Type.Object(DecisionFields, { additionalProperties: false })
export type DecisionInput = Static<typeof DecisionBody>

export const BulkDecisionBody = Type.Object({
  decisions: Type.Array(Type.Object({ id: Uuid, ...DecisionFields }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
}, { additionalProperties: false })

export const BulkResultSchema = Type.Object({
  results: Type.Array(Type.Object({
    id: Uuid,
    ok: Type.Boolean(),
    status: Type.Integer({ description: 'the HTTP status this item alone would have had' }),
    detail: Type.Optional(Type.String()),
    currentStatus: Type.Optional(CommentStatusSchema),
    comment: Type.Optional(StaffCommentSchema),
  })),
})

const Decided = Type.Object({ approved: Type.Integer(), rejected: Type.Integer(), spam: Type.Integer() })
export const StatsSchema = Type.Object({
  pending: Type.Integer(),
  oldestPendingSeconds: Type.Union([Type.Integer(), Type.Null()]),
  decided: Decided,
  decidedToday: Decided,
  byModerator: Type.Array(Type.Object({
    id: Uuid, name: Type.String(), approved: Type.Integer(), rejected: Type.Integer(), spam: Type.Integer(),
    total: Type.Integer(), today: Type.Integer(),
  })),
})

export const LogQuery = Type.Object({
  comment: Type.Optional(Uuid),
  moderator: Type.Optional(Uuid),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
}, { additionalProperties: false })

export const LogSchema = Type.Object({
  data: Type.Array(Type.Object({
    id: Uuid,
    commentId: Uuid,
    actor: Type.Union([Type.Literal('moderator'), Type.Literal('system')]),
    moderator: Type.Union([Person, Type.Null()]),
    from: Type.Union([CommentStatusSchema, Type.Null()]),
    to: CommentStatusSchema,
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: DateTime,
  })),
  meta: PageMetaSchema,
})

const Words = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000 })
export const RulesSchema = Type.Object({
  mode: Type.Union([Type.Literal('pre'), Type.Literal('post')], { description: 'pre: nothing public until approved; post: public at once' }),
  bannedWords: Words,
  suspectWords: Words,
  maxLinks: Type.Integer({ minimum: 0, maximum: 100 }),
}, { additionalProperties: false, examples: [{ mode: 'pre', bannedWords: ['cờ bạc', 'lừa đảo'], suspectWords: ['khuyến mãi'], maxLinks: 2 }] })

export const IdParams = Type.Object({ id: Uuid })
