import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { AuthorCreateSchema, AuthorPatchSchema, StaffAuthorSchema } from '../../../../schemas/admin-authors.ts'
import { access, auditContext, requireRoles } from '../../../../plugins/auth.ts'

const authorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { authors } = app.services
  app.addHook('onRequest', requireRoles('editor'))

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'createAuthor',
        summary: 'Create an author profile (byline)',
        ...access(['editor'], 'The slug is made from the name unless given (a clash gets -2, -3, …; a given slug that is taken is 409).'),
        body: AuthorCreateSchema,
        response: { 201: StaffAuthorSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const author = await authors.create(req.body, auditContext(req))
      return reply.code(201).send(author)
    },
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateAuthor',
        summary: 'Change an author profile',
        ...access(['editor'], 'A new name keeps the slug; send `slug` to change it.'),
        params: IdParamsSchema,
        body: AuthorPatchSchema,
        response: { 200: StaffAuthorSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => authors.update(req.params.id, req.body, auditContext(req)),
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'deleteAuthor',
        summary: 'Delete an author profile',
        ...access(['editor'], 'An author still in a byline: 409. A user linked to the profile keeps their account, unlinked.'),
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await authors.remove(req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default authorRoutes
