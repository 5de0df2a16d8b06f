import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problems } from '../../../../schemas/common.ts'
import { EventListQuerySchema, EventListSchema } from '../../../../schemas/webhooks.ts'
import { access, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'

const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { eventLog } = app.services
  app.addHook('onRequest', requireRoles('admin'))

  app.get(
    '/',
    {
      schema: {
        tags: ['webhooks'],
        operationId: 'listEvents',
        summary: 'The event log (outbox), newest first',
        ...access(['admin'], 'Every change a webhook can deliver, recorded in the same transaction as the change.'),
        querystring: EventListQuerySchema,
        response: { 200: EventListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => sendPage(req, reply, await eventLog.list(req.query)),
  )
}

export default eventRoutes
