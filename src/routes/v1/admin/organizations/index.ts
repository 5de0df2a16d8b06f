import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { OrganizationCreateSchema, OrganizationPatchSchema, StaffOrganizationSchema } from '../../../../schemas/admin-organizations.ts'
import { access, auditContext, requireRoles } from '../../../../plugins/auth.ts'

const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { organizations } = app.services
  app.addHook('onRequest', requireRoles('editor'))

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'createOrganization',
        summary: 'Create a party organization',
        ...access(
          ['editor'],
          'Without parentId: a root. The slug is made from the name unless given (a clash gets -2, -3, …; a given slug that is taken is 409).',
        ),
        body: OrganizationCreateSchema,
        response: { 201: StaffOrganizationSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const organization = await organizations.create(req.body, auditContext(req))
      return reply.code(201).send(organization)
    },
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateOrganization',
        summary: 'Change or move a party organization',
        ...access(
          ['editor'],
          'A new parentId moves the organization with everything below it; under itself or one of its descendants: 409. `parentId: null` makes it a root.',
        ),
        params: IdParamsSchema,
        body: OrganizationPatchSchema,
        response: { 200: StaffOrganizationSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => organizations.update(req.params.id, req.body, auditContext(req)),
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'deleteOrganization',
        summary: 'Delete a party organization',
        ...access(['editor'], 'An organization with child organizations or articles: 409.'),
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await organizations.remove(req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default organizationRoutes
