import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema, problems } from '../../../schemas/common.ts'
import { FeaturedSchema, StaffReplyBodySchema, StaffReplySchema } from '../../../schemas/moderation.ts'
import { access, auditContext, authUser, requireRoles } from '../../../plugins/auth.ts'

const tags = ['moderation']

// Editor's picks and staff replies: staff writes on comments that are not status decisions
const moderationPickRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { staffComments } = app.services
  app.addHook('onRequest', requireRoles('moderator', { scope: 'moderation' }))

  for (const featured of [true, false]) {
    app.post(
      `/comments/:id/${featured ? 'feature' : 'unfeature'}`,
      {
        schema: {
          tags,
          operationId: featured ? 'featureComment' : 'unfeatureComment',
          summary: featured ? "Make a comment an editor's pick" : "Take an editor's pick back",
          ...access(
            ['moderator'],
            featured
              ? 'Featured comments come first under the public `sort=top`. Only a public comment (approved, not hidden by reports) can be ' +
                  'featured: 409 otherwise. Idempotent.'
              : 'Idempotent: unfeaturing a comment that is not featured changes nothing.',
            'moderation',
          ),
          params: IdParamsSchema,
          response: { 200: FeaturedSchema, ...problems(400, 401, 403, 404, ...(featured ? [409] : [])) },
        },
      },
      async (req) => (featured ? staffComments.feature(req.params.id, auditContext(req)) : staffComments.unfeature(req.params.id, auditContext(req))),
    )
  }

  app.post(
    '/comments/:id/replies',
    {
      schema: {
        tags,
        operationId: 'replyToComment',
        summary: 'Reply as the newsroom',
        ...access(
          ['moderator'],
          "A staff reply under a public comment (a reply to a reply joins its thread): marked `isStaff`, signed with the staff member's name and " +
            'public at once (the moderation log records the approval). Works on threads closed to readers. 409 when the comment is not public.',
          'moderation',
        ),
        params: IdParamsSchema,
        body: StaffReplyBodySchema,
        response: { 201: StaffReplySchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      const user = authUser(req)
      return reply.code(201).send(await staffComments.reply(req.params.id, req.body, { id: user.id, name: user.name }, auditContext(req)))
    },
  )
}

export default moderationPickRoutes
