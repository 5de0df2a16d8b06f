import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problems } from '../../../../schemas/common.ts'
import { AuditListQuerySchema, AuditListSchema, AuditVerifySchema } from '../../../../schemas/audit.ts'
import { access, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'

// admin users only (no API key scope admits them); read-only: no route changes or removes an entry
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { audit } = app.services
  app.addHook('onRequest', requireRoles('admin'))

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'listAuditEntries',
        summary: 'The audit log, newest first',
        ...access(
          ['admin'],
          'One entry per staff write (and per failed login), recorded in the same transaction as the change. Filters: `actor` (a user or API key id, or ' +
            '`system`), `entity`, `entityId`, `from`, `to`.',
        ),
        querystring: AuditListQuerySchema,
        response: { 200: AuditListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => sendPage(req, reply, await audit.list(req.query)),
  )

  app.get(
    '/verify',
    {
      schema: {
        tags: ['admin'],
        operationId: 'verifyAuditLog',
        summary: 'Check the hash chain of the audit log',
        ...access(['admin'], 'Reads every entry oldest first; `firstBrokenId` names the first entry whose hash or link to the previous entry does not match.'),
        response: { 200: AuditVerifySchema, ...problems(401, 403) },
      },
    },
    async () => audit.verify(),
  )
}

export default auditRoutes
