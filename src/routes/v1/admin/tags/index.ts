// Tags are made by article writes (`tags: [names]`); here editors rename, merge and delete them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { StaffTagSchema, TagPatchSchema } from '../../../../schemas/tags.ts'
import { access, auditContext, requireRoles } from '../../../../plugins/auth.ts'

const tagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { tags } = app.services
  app.addHook('onRequest', requireRoles('editor'))

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateTag',
        summary: 'Rename a tag, or merge it into another',
        ...access(
          ['editor'],
          '`{ name }` renames it (its slug follows the folded name; a name that folds to another tag is 409). `{ mergeInto: id }` moves its articles to ' +
            'that tag and deletes it, in one transaction, and returns the tag merged into.',
        ),
        params: IdParamsSchema,
        body: TagPatchSchema,
        response: { 200: StaffTagSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => tags.update(req.params.id, req.body, auditContext(req)),
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'deleteTag',
        summary: 'Delete a tag',
        ...access(['editor'], 'The tag leaves every article that carries it.'),
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await tags.remove(req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default tagRoutes
