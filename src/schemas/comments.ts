// Public shapes of reader comments and captchas. A public comment never carries the email, the
// IP hash, the flags or any moderation field: the response schema is what decides.
import { Type, type Static } from 'typebox'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { pagingQuery } from '../lib/paging.ts'
import type { CommentStatus } from '../lib/comment-statuses.ts'

const PublicCommentFields = {
  id: Uuid,
  authorName: Type.String({ examples: ['Nguyễn Thị Hoa'] }),
  content: Type.String({ examples: ['Bài viết rất thiết thực, mong chi bộ chúng tôi được học hỏi thêm.'] }),
  createdAt: DateTime,
  parentId: Type.Union([Uuid, Type.Null()]),
  likes: Type.Integer({ minimum: 0, examples: [12] }),
  featured: Type.Boolean({ description: "an editor's pick" }),
  isStaff: Type.Boolean({ description: 'written by a member of the newsroom' }),
}
export const PublicReplySchema = Type.Object({ ...PublicCommentFields, replies: Type.Array(Type.Never(), { maxItems: 0 }) })
export const PublicCommentSchema = Type.Object({ ...PublicCommentFields, replies: Type.Array(PublicReplySchema) })

export const CommentListQuerySchema = Type.Object({
  sort: Type.Optional(
    Type.Enum(['oldest', 'newest', 'top'], {
      default: 'oldest',
      description: "top: editor's picks first, then the most liked, then the oldest. A cursor belongs to its sort.",
    }),
  ),
  ...pagingQuery('top-level comments', 50),
})

export const REPORT_REASONS = ['offensive', 'abusive', 'spam', 'off_topic', 'other'] as const
export const NewReportSchema = Type.Object(
  {
    reason: Type.Enum([...REPORT_REASONS]),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'what the reader wants moderators to know' })),
  },
  { additionalProperties: false },
)
export type NewReport = Static<typeof NewReportSchema>

export const NewReactionSchema = Type.Object({ type: Type.Literal('like') }, { additionalProperties: false })
export const LikesSchema = Type.Object({ likes: Type.Integer({ minimum: 0 }) })
export const ReportAcceptedSchema = Type.Object({ accepted: Type.Literal(true) })

export const ThreadSchema = Type.Object(
  {
    open: Type.Boolean({ description: 'whether a new comment would be taken: show the form only when true' }),
    closedReason: Type.Union([Type.String(), Type.Null()], { description: 'why not, as a submission would be told (409)' }),
    closesAt: Type.Union([DateTime, Type.Null()], { description: "when an open thread closes (the rules' closeAfterDays), or null: never" }),
  },
  { description: 'the thread: open for comments or not' },
)

export const CommentListSchema = Type.Object({ data: Type.Array(PublicCommentSchema), meta: ListMetaSchema, thread: ThreadSchema })

export const NewCommentSchema = Type.Object(
  {
    authorName: Type.String({ minLength: 1, maxLength: 200, examples: ['Trần Văn Bình'], description: '1–80 characters once markup is removed' }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'never shown publicly' })),
    // generous before markup removal; the 5,000-character limit applies to the plain text
    content: Type.String({
      minLength: 1,
      maxLength: 20_000,
      examples: ['Tôi đồng tình với các giải pháp mà hội thảo đề ra.'],
      description: '1–5,000 characters of plain text once markup is removed; line breaks are kept',
    }),
    parentId: Type.Optional(Uuid),
    captchaId: Type.Optional(Uuid),
    captchaAnswer: Type.Optional(
      Type.String({ maxLength: 1000, examples: ['K7HXM'], description: "CAPTCHA=image: the characters shown; CAPTCHA=pow: ALTCHA's base64 payload" }),
    ),
  },
  { additionalProperties: false },
)
export type NewComment = Static<typeof NewCommentSchema>

export const CommentAcceptedSchema = Type.Object({
  id: Uuid,
  status: Type.Enum(['pending', 'approved'] as const satisfies readonly CommentStatus[], {
    description:
      '`pending` until a moderator approves it (pre-moderation); `approved` in post-moderation mode. A comment the rules classed as spam is also answered ' +
      '`pending`, so spammers learn nothing.',
  }),
})

export const PowChallengeSchema = Type.Object(
  {
    algorithm: Type.Literal('SHA-256'),
    challenge: Type.String({ description: 'hex SHA-256 of `salt` followed by the secret number' }),
    salt: Type.String(),
    maxnumber: Type.Integer({ description: 'the secret number is at most this (CAPTCHA_POW_MAXNUMBER)' }),
    signature: Type.String({ description: "the server's HMAC of `challenge`" }),
  },
  { description: 'An ALTCHA proof-of-work challenge (the classic v1 format)' },
)

export const CaptchaSchema = Type.Object({
  id: Uuid,
  expiresAt: DateTime,
  image: Type.Optional(
    Type.String({
      pattern: '^data:image/(png|webp);base64,',
      description: 'CAPTCHA=image: a PNG data URL (200×64) of the five characters to type (case-insensitive)',
    }),
  ),
  pow: Type.Optional(PowChallengeSchema),
})
