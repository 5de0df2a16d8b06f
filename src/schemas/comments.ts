// Public shapes of reader comments and captchas. A public comment never carries the email, the
// IP hash, the flags or any moderation field: the response schema is what decides.
import { Type, type Static } from 'typebox'
import { DateTime, PageMetaSchema, Uuid } from './common.ts'
import { SLUG_PATTERN } from '../lib/vietnamese.ts'

export const ArticleSlugParams = Type.Object({
  slug: Type.String({ pattern: SLUG_PATTERN, minLength: 1, maxLength: 200, examples: ['hoi-thao-phat-trien-dang-vien'] }),
})

const PublicCommentFields = {
  id: Uuid,
  authorName: Type.String({ examples: ['Nguyễn Thị Hoa'] }),
  content: Type.String({ examples: ['Bài viết rất thiết thực, mong chi bộ chúng tôi được học hỏi thêm.'] }),
  createdAt: DateTime,
  parentId: Type.Union([Uuid, Type.Null()]),
}
export const PublicReplySchema = Type.Object({ ...PublicCommentFields, replies: Type.Array(Type.Never(), { maxItems: 0 }) })
export const PublicCommentSchema = Type.Object({ ...PublicCommentFields, replies: Type.Array(PublicReplySchema) })

export const CommentListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
})

export const CommentListSchema = Type.Object({ data: Type.Array(PublicCommentSchema), meta: PageMetaSchema })

export const NewCommentSchema = Type.Object({
  authorName: Type.String({ minLength: 1, maxLength: 200, examples: ['Trần Văn Bình'], description: '1–80 characters once markup is removed' }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'never shown publicly' })),
  // generous before markup removal; the 5,000-character limit applies to the plain text
  content: Type.String({ minLength: 1, maxLength: 20_000, examples: ['Tôi đồng tình với các giải pháp mà hội thảo đề ra.'], description: '1–5,000 characters of plain text once markup is removed; line breaks are kept' }),
  parentId: Type.Optional(Uuid),
  captchaId: Type.Optional(Uuid),
  captchaAnswer: Type.Optional(Type.String({ maxLength: 20, examples: ['K7HXM'] })),
}, { additionalProperties: false })
export type NewComment = Static<typeof NewCommentSchema>

export const CommentAcceptedSchema = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved')], {
    description: '`pending` until a moderator approves it (pre-moderation); `approved` in post-moderation mode. A comment the rules classed as spam is also answered `pending`, so spammers learn nothing.',
  }),
})

export const CaptchaSchema = Type.Object({
  id: Uuid,
  svg: Type.String({ description: 'an SVG image of the characters to type (case-insensitive)' }),
  expiresAt: DateTime,
})
