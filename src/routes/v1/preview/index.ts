// GET /v1/preview/articles/{id}: a draft preview, opened with the preview token (never an access
// token). The body is the public detail; nothing here is cached or indexed, and the token is
// never logged (app.ts scrubs `token` from logged URLs).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleSchema } from '../../../schemas/articles.ts'
import { IdParamsSchema, problems } from '../../../schemas/common.ts'
import { PreviewQuerySchema } from '../../../schemas/previews.ts'
import { UnauthorizedError } from '../../../lib/errors.ts'

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i

const previewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { previews } = app.services

  // on every answer, refusals included: never stored by a cache, never indexed
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex')
  })

  app.get(
    '/articles/:id',
    {
      schema: {
        tags: ['previews'],
        operationId: 'getArticlePreview',
        summary: 'An article in any status, as the public detail will show it',
        description: [
          'Opened with a preview token from `POST /v1/admin/articles/{id}/preview`, in `Authorization: Bearer <token>` or `?token=`.',
          'The body has exactly the shape of `GET /v1/articles/{slug}`; an article without a publication time shows the current time in `publishedAt`.',
          'A token for another article, expired, tampered with, revoked, or an access token: 401. `Cache-Control: no-store`, `X-Robots-Tag: noindex`.',
        ].join(' '),
        security: [{ previewToken: [] }],
        params: IdParamsSchema,
        querystring: PreviewQuerySchema,
        response: { 200: ArticleSchema, ...problems(400, 401, 404) },
      },
    },
    async (req) => {
      const header = req.headers.authorization
      const token = header === undefined ? req.query.token : BEARER.exec(header)?.[1]
      if (!token) throw new UnauthorizedError('a preview token is required (Authorization: Bearer, or ?token=)')
      return previews.read(req.params.id, token)
    },
  )
}

export default previewRoutes
