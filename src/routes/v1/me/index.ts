import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problems } from '../../../schemas/common.ts'
import { AuthUserSchema, ROLES } from '../../../schemas/auth.ts'
import { access, authUser, requireRoles } from '../../../plugins/auth.ts'

const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    onRequest: requireRoles(...ROLES),
    schema: {
      tags: ['auth'], operationId: 'getMe', summary: 'The signed-in user', ...access([...ROLES]),
      response: { 200: AuthUserSchema, ...problems(401) },
    },
  }, async (req) => authUser(req))
}

export default meRoutes
