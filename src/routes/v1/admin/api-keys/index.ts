import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { ApiKeyCreatedSchema, ApiKeyCreateSchema, ApiKeyListQuerySchema, ApiKeyListSchema } from '../../../../schemas/staff-accounts.ts'
import { access, auditContext, authUser, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'

// admin users only: no API key scope admits these routes, so a key cannot mint or revoke keys
const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { apiKeys } = app.services
  app.addHook('onRequest', requireRoles('admin'))

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'listApiKeys',
        summary: 'API keys, newest first (never the keys themselves)',
        ...access(['admin']),
        querystring: ApiKeyListQuerySchema,
        response: { 200: ApiKeyListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => sendPage(req, reply, await apiKeys.list(req.query)),
  )

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'createApiKey',
        summary: 'Create an API key',
        ...access(
          ['admin'],
          'The key is in this answer only (`tsk_…`; only its SHA-256 is kept). Scopes: `content:read` (the admin read endpoints of articles, drafts ' +
            'included), `webhooks:manage` (the webhook endpoints), `moderation` (the moderation endpoints). A key acts for the admin who made it and stops ' +
            'when they are disabled or no longer admin.',
        ),
        body: ApiKeyCreateSchema,
        response: { 201: ApiKeyCreatedSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const key = await apiKeys.create(req.body, authUser(req), auditContext(req))
      return reply.code(201).header('location', `/v1/admin/api-keys/${key.id}`).header('cache-control', 'no-store').send(key)
    },
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        ...access(['admin'], 'Refused from the next request on. Revoking twice is no error.'),
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'revoked' }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await apiKeys.revoke(req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default apiKeyRoutes
