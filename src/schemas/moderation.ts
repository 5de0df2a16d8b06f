// Staff shapes for the moderation endpoints: these do carry email, flags and claims.
import { Type, type Static } from 'typebox'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { pagingQuery } from '../lib/paging.ts'
import { COMMENT_STATUSES, MODERATION_ACTIONS } from '../lib/comment-statuses.ts'
import { SLUG_PATTERN } from '../lib/vietnamese.ts'

export const CommentStatusSchema = Type.Enum([...COMMENT_STATUSES])
const ActionSchema = Type.Enum([...MODERATION_ACTIONS])
const PersonSchema = Type.Object({ id: Uuid, name: Type.String() })

export const FlagSchema = Type.Union([
  Type.Object({ kind: Type.Literal('banned_word'), word: Type.String() }),
  Type.Object({ kind: Type.Literal('suspect_word'), word: Type.String() }),
  Type.Object({ kind: Type.Literal('too_many_links'), count: Type.Integer(), max: Type.Integer() }),
  Type.Object({ kind: Type.Literal('distrusted'), rejections: Type.Integer(), distrustAfter: Type.Integer() }),
])

export const HOOK_ACTIONS = ['approve', 'reject', 'spam', 'queue'] as const
export type HookAction = (typeof HOOK_ACTIONS)[number]
export const HookAnswerSchema = Type.Object({
  action: Type.Enum([...HOOK_ACTIONS]),
  score: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
})

export const FeaturedSchema = Type.Object({ id: Uuid, featured: Type.Boolean() })
export const StaffReplyBodySchema = Type.Object(
  { content: Type.String({ minLength: 1, maxLength: 20_000, description: 'plain text; 1–5,000 characters once cleaned' }) },
  { additionalProperties: false },
)
export const StaffReplySchema = Type.Object({
  id: Uuid,
  articleId: Uuid,
  parentId: Uuid,
  authorName: Type.String({ description: "the staff member's name" }),
  content: Type.String(),
  status: Type.Literal('approved'),
  isStaff: Type.Literal(true),
  createdAt: DateTime,
})

export const StaffCommentSchema = Type.Object({
  id: Uuid,
  article: Type.Object({ id: Uuid, slug: Type.String(), title: Type.String() }),
  parentId: Type.Union([Uuid, Type.Null()]),
  authorName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  commenterId: Type.String({ description: 'a keyed hash of the folded e-mail, else of the IP: GET /v1/moderation/commenters/{commenterId}' }),
  content: Type.String(),
  status: CommentStatusSchema,
  flags: Type.Array(FlagSchema, { description: 'why the automatic rules held or classified it' }),
  claimedBy: Type.Union([PersonSchema, Type.Null()]),
  claimExpiresAt: Type.Union([DateTime, Type.Null()]),
  decidedBy: Type.Union([PersonSchema, Type.Null()]),
  decidedAt: Type.Union([DateTime, Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  likes: Type.Integer({ minimum: 0 }),
  featured: Type.Boolean({ description: "an editor's pick: first under the public sort=top" }),
  isStaff: Type.Boolean({ description: 'written by a staff member from the console (public at once)' }),
  hook: Type.Union([HookAnswerSchema, Type.Null()], {
    description: "the external moderation hook's answer (MODERATION_HOOK_URL); null when there is no hook or it gave no usable answer",
  }),
  hidden: Type.Boolean({ description: 'approved, but hidden from the public by reader reports until a moderator decides' }),
  reports: Type.Object(
    {
      total: Type.Integer({ minimum: 0 }),
      byReason: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
        description: 'open reports by reason (offensive, abusive, spam, off_topic, other)',
      }),
    },
    { description: 'open reports: those an approval has not cleared' },
  ),
  createdAt: DateTime,
})

export const QueueQuerySchema = Type.Object(
  {
    status: Type.Enum([...COMMENT_STATUSES, 'reported'], {
      default: 'pending',
      description:
        "`reported`: approved comments hidden by reader reports (at least the rules' reportThreshold), to approve again (clears the reports) or reject",
    }),
    article: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 200, description: 'article slug' })),
    ...pagingQuery('comments'),
  },
  { additionalProperties: false },
)

export const QueueSchema = Type.Object({ data: Type.Array(StaffCommentSchema), meta: ListMetaSchema })

export const ClaimBodySchema = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) }, { additionalProperties: false })
export const ClaimResultSchema = Type.Object({ data: Type.Array(StaffCommentSchema) })

const DecisionFields = {
  action: ActionSchema,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
  expectedStatus: Type.Optional(CommentStatusSchema),
}
export const DecisionBodySchema = Type.Object(DecisionFields, { additionalProperties: false })
export type DecisionInput = Static<typeof DecisionBodySchema>

export const BulkDecisionBodySchema = Type.Object(
  {
    decisions: Type.Array(Type.Object({ id: Uuid, ...DecisionFields }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
)

export const BulkResultSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Uuid,
      ok: Type.Boolean(),
      status: Type.Integer({ description: 'the HTTP status this item alone would have had' }),
      detail: Type.Optional(Type.String()),
      currentStatus: Type.Optional(CommentStatusSchema),
      comment: Type.Optional(StaffCommentSchema),
    }),
  ),
})

const DecidedSchema = Type.Object({ approved: Type.Integer(), rejected: Type.Integer(), spam: Type.Integer() })
export const StatsSchema = Type.Object({
  pending: Type.Integer(),
  oldestPendingSeconds: Type.Union([Type.Integer(), Type.Null()]),
  decided: DecidedSchema,
  decidedToday: DecidedSchema,
  byModerator: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      approved: Type.Integer(),
      rejected: Type.Integer(),
      spam: Type.Integer(),
      total: Type.Integer(),
      today: Type.Integer(),
    }),
  ),
})

export const LogQuerySchema = Type.Object(
  {
    comment: Type.Optional(Uuid),
    moderator: Type.Optional(Uuid),
    ...pagingQuery('entries', 50),
  },
  { additionalProperties: false },
)

export const LogSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Uuid,
      commentId: Uuid,
      article: Type.Object(
        { id: Uuid, title: Type.String() },
        { description: 'the article and the title it had when the decision was taken; kept after the article is deleted' },
      ),
      actor: Type.Union([Type.Literal('moderator'), Type.Literal('system')]),
      moderator: Type.Union([PersonSchema, Type.Null()]),
      from: Type.Union([CommentStatusSchema, Type.Null()]),
      to: CommentStatusSchema,
      reason: Type.Union([Type.String(), Type.Null()]),
      createdAt: DateTime,
    }),
  ),
  meta: ListMetaSchema,
})

const WordListSchema = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000 })
export const RulesSchema = Type.Object(
  {
    mode: Type.Union([Type.Literal('pre'), Type.Literal('post')], { description: 'pre: nothing public until approved; post: public at once' }),
    bannedWords: WordListSchema,
    suspectWords: WordListSchema,
    maxLinks: Type.Integer({ minimum: 0, maximum: 100 }),
    reportThreshold: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'reader reports that hide an approved comment until a moderator decides (default 3)',
    }),
    trustedAfter: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description: 'approved comments, with no rejection in 90 days, after which a commenter skips the queue in pre mode (0 = never, the default)',
    }),
    distrustAfter: Type.Integer({
      minimum: 0,
      maximum: 10_000,
      description: 'rejections after which a commenter is always held, even in post mode (0 = never; default 2)',
    }),
    closeAfterDays: Type.Integer({
      minimum: 0,
      maximum: 36_500,
      description: "comments close this many days after the article's publication: new comments are refused with 409 (0 = never, the default)",
    }),
  },
  {
    additionalProperties: false,
    examples: [
      {
        mode: 'pre',
        bannedWords: ['cờ bạc', 'lừa đảo'],
        suspectWords: ['khuyến mãi'],
        maxLinks: 2,
        reportThreshold: 3,
        trustedAfter: 0,
        distrustAfter: 2,
        closeAfterDays: 0,
      },
    ],
  },
)

/** PUT /rules: a field not sent keeps its current value. */
export const RulesUpdateSchema = Type.Partial(RulesSchema, {
  additionalProperties: false,
  examples: [{ bannedWords: ['cờ bạc', 'lừa đảo'], reportThreshold: 5 }],
})
