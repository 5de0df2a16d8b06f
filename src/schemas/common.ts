// Pieces every schema file may use: formats, the problem shape, paging meta, path params.
import { Type, type Static, type TSchema } from 'typebox'
import { SLUG_PATTERN } from '../lib/vietnamese.ts'

export const Uuid = Type.String({ format: 'uuid' })
export const DateTime = Type.String({ format: 'date-time' })

export const Slug = (examples: string[], description?: string) =>
  Type.String({ pattern: SLUG_PATTERN, minLength: 1, maxLength: 200, examples, ...(description ? { description } : {}) })

export const IdParamsSchema = Type.Object({ id: Uuid })
export type IdParams = Static<typeof IdParamsSchema>

/** `/v1/articles/:slug` and everything under it (its comments). */
export const ArticleSlugParamsSchema = Type.Object({
  slug: Slug(['dang-bo-khoi-cac-co-quan-tinh-so-ket-ba-nam-thuc-hien-nghi-quyet-so-21-nq-tw']),
})

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ examples: ['https://toasoan.dev/problems/not-found'] }),
    title: Type.String({ examples: ['Not Found'] }),
    status: Type.Integer({ examples: [404] }),
    detail: Type.Optional(Type.String({ examples: ['không tìm thấy bài viết'] })),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
)
export type Problem = Static<typeof ProblemSchema>

/** Response schemas for the error statuses a route can answer, all the one problem shape. */
export function problems(...codes: number[]): Record<number, TSchema> {
  return Object.fromEntries(codes.map((c) => [c, Type.Ref('Problem')]))
}

export { ListMetaSchema } from '../lib/paging.ts'

export const HealthSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    database: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
    pendingMigrations: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'Health' },
)
