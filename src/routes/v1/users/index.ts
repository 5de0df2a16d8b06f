import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema, problems } from '../../../schemas/common.ts'
import { UserCreateSchema, UserListQuerySchema, UserListSchema, UserPatchSchema, UserSchema } from '../../../schemas/users.ts'
import { access, auditContext, requireRoles } from '../../../plugins/auth.ts'
import { sendPage } from '../../../plugins/paging.ts'

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.services
  app.addHook('onRequest', requireRoles('admin'))
  const doc = access(['admin'])

  app.get(
    '/',
    {
      schema: {
        tags: ['users'],
        operationId: 'listUsers',
        summary: 'Staff users, oldest first',
        ...doc,
        querystring: UserListQuerySchema,
        response: { 200: UserListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const list = await users.list(req.query)
      return sendPage(req, reply, list)
    },
  )

  app.post(
    '/',
    {
      schema: {
        tags: ['users'],
        operationId: 'createUser',
        summary: 'Create a staff user',
        ...doc,
        body: UserCreateSchema,
        response: { 201: UserSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const user = await users.create(req.body, auditContext(req))
      return reply.code(201).header('location', `/v1/users/${user.id}`).send(user)
    },
  )

  app.get(
    '/:id',
    {
      schema: {
        tags: ['users'],
        operationId: 'getUser',
        summary: 'One staff user',
        ...doc,
        params: IdParamsSchema,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => users.get(req.params.id),
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['users'],
        operationId: 'updateUser',
        summary: 'Change role, name, password, author profile or disabled',
        ...access(
          ['admin'],
          'Setting a password, changing the role or disabling a user signs them out everywhere: their access and refresh tokens stop working, and ' +
            're-enabling does not revive them. The last enabled admin cannot be demoted or disabled (409).',
        ),
        params: IdParamsSchema,
        body: UserPatchSchema,
        response: { 200: UserSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => users.update(req.params.id, req.body, auditContext(req)),
  )
}

export default usersRoutes
