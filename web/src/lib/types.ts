// The API's shapes, taken from the server's own TypeBox schemas (type-only: nothing of the server
// is bundled), so the UI breaks at typecheck, not in a moderator's hands, when a shape changes.
import type { Static } from 'typebox'
import type { ArticleListSchema, ArticleSchema } from '../../../src/schemas/articles.ts'
import type { AuthUserSchema, TokenPairSchema } from '../../../src/schemas/auth.ts'
import type { CaptchaSchema, CommentAcceptedSchema, CommentListSchema, PublicCommentSchema } from '../../../src/schemas/comments.ts'
import type { OrganizationDetailSchema } from '../../../src/schemas/organizations.ts'
import type { FlagSchema, LogSchema, QueueSchema, RulesSchema, StaffCommentSchema, StatsSchema } from '../../../src/schemas/moderation.ts'

export type TokenPair = Static<typeof TokenPairSchema>
export type Me = Static<typeof AuthUserSchema>
export type Captcha = Static<typeof CaptchaSchema>
export type CommentAccepted = Static<typeof CommentAcceptedSchema>
export type CommentList = Static<typeof CommentListSchema>
export type PublicComment = Static<typeof PublicCommentSchema>
export type StaffComment = Static<typeof StaffCommentSchema>
export type Flag = Static<typeof FlagSchema>
export type Queue = Static<typeof QueueSchema>
export type Stats = Static<typeof StatsSchema>
export type Log = Static<typeof LogSchema>
export type LogEntry = Log['data'][number]
export type Rules = Static<typeof RulesSchema>
export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'spam'
export type Action = 'approve' | 'reject' | 'spam'

export type PublicArticle = Static<typeof ArticleSchema>
export type ArticleList = Static<typeof ArticleListSchema>
export type OrganizationDetail = Static<typeof OrganizationDetailSchema>
