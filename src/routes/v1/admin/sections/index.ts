import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { SectionCreateSchema, SectionPatchSchema, StaffSectionSchema } from '../../../../schemas/admin-sections.ts'
import { access, auditContext, requireRoles } from '../../../../plugins/auth.ts'

const sectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sections } = app.services
  app.addHook('onRequest', requireRoles('editor'))

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'createSection',
        summary: 'Create a section',
        ...access(
          ['editor'],
          'Without parentId: a top-level section. The slug is made from the name unless given (a clash gets -2, -3, …; a given slug that is taken is 409).',
        ),
        body: SectionCreateSchema,
        response: { 201: StaffSectionSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send(await sections.create(req.body, auditContext(req))),
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateSection',
        summary: 'Rename, reorder or move a section',
        ...access(
          ['editor'],
          'A new parentId moves the section with everything below it; under itself or one of its descendants: 409. `parentId: null` makes it top-level.',
        ),
        params: IdParamsSchema,
        body: SectionPatchSchema,
        response: { 200: StaffSectionSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => sections.update(req.params.id, req.body, auditContext(req)),
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'deleteSection',
        summary: 'Delete a section',
        ...access(['editor'], 'A section with child sections or articles: 409.'),
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await sections.remove(req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default sectionRoutes
