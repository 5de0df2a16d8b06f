// The API's shapes the pages name, picked from the typed client's generated document
// (clients/typescript/src/schema.d.ts, made from openapi/openapi.json): when the API changes a
// shape, `npm run typecheck` fails here or where the page uses it.
import type { operations } from '@toasoan/client'

/** The JSON body of an operation's answer with the given status. */
type Json<Op extends keyof operations, Status extends keyof operations[Op]['responses']> = operations[Op]['responses'][Status] extends {
  content: { 'application/json': infer Body }
}
  ? Body
  : never

export type TokenPair = Json<'refreshTokens', 200>
export type Me = Json<'getMe', 200>
export type StaffComment = Json<'listModerationComments', 200>['data'][number]
export type Flag = StaffComment['flags'][number]
export type CommentStatus = StaffComment['status']
export type Action = operations['decideModerationComment']['requestBody']['content']['application/json']['action']
export type Rules = Json<'getModerationRules', 200>
export type Stats = Json<'getModerationStats', 200>

export type PublicArticle = Json<'getArticle', 200>
export type PublicComment = Json<'listArticleComments', 200>['data'][number]
export type PowChallenge = NonNullable<Json<'createCaptcha', 201>['pow']>
export type CommentSort = NonNullable<NonNullable<operations['listArticleComments']['parameters']['query']>['sort']>
export type ReportReason = operations['reportComment']['requestBody']['content']['application/json']['reason']
export type Commenter = Json<'getCommenter', 200>
/** what the moderation list filters on: a status, or `reported` (approved comments hidden by reader reports) */
export type ListStatus = NonNullable<NonNullable<operations['listModerationComments']['parameters']['query']>['status']>
