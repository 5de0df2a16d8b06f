// POST /v1/admin/articles/{id}/preview makes a draft preview link; DELETE revokes every link of the
// article. Same audience as reading the article: editors and up, or a contributor on the byline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { PreviewBodySchema, PreviewLinkSchema } from '../../../../schemas/previews.ts'
import type { Role } from '../../../../schemas/auth.ts'
import { access, authUser, requireRoles } from '../../../../plugins/auth.ts'

const WRITERS: Role[] = ['editor', 'contributor']
const OWN = 'Contributors: only articles whose byline includes their own author profile (others are 404).'

const previewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { previews } = app.services

  app.post(
    '/:id/preview',
    {
      onRequest: requireRoles(...WRITERS),
      // a body-less POST asks for the default lifetime
      preValidation: async (req) => {
        req.body ??= {}
      },
      schema: {
        tags: ['admin'],
        operationId: 'createArticlePreview',
        summary: 'A signed, expiring link that shows the article in any status',
        ...access(
          WRITERS,
          `${OWN} The token opens \`GET /v1/preview/articles/{id}\` for this one article only, read-only, until \`expiresAt\` or until the previews are ` +
            `revoked. The body may be omitted.`,
        ),
        params: IdParamsSchema,
        body: PreviewBodySchema,
        response: { 201: PreviewLinkSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await previews.create(req.params.id, authUser(req), req.body?.expiresIn)),
  )

  app.delete(
    '/:id/preview',
    {
      onRequest: requireRoles(...WRITERS),
      schema: {
        tags: ['admin'],
        operationId: 'revokeArticlePreviews',
        summary: 'Revoke every preview link of the article',
        ...access(WRITERS, `${OWN} Links made before this call stop working at once (401); the article itself does not change.`),
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'revoked' }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await previews.revoke(req.params.id, authUser(req))
      return reply.code(204).send(null)
    },
  )
}

export default previewRoutes
