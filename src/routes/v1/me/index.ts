import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../schemas/common.ts'
import { ROLES } from '../../../schemas/auth.ts'
import {
  MeSchema,
  PasswordChangeBodySchema,
  RecoveryCodesSchema,
  SessionListSchema,
  TotpCodeBodySchema,
  TotpEnrolmentSchema,
} from '../../../schemas/staff-accounts.ts'
import { access, auditContext, authUser, requireRoles } from '../../../plugins/auth.ts'

const done = Type.Null({ description: 'done' })

// no route here takes an API key: a key never manages a user's own sign-in
const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { mfa, sessions } = app.services
  const anyone = requireRoles(...ROLES)
  const beforeMfa = requireRoles(...ROLES, { beforeMfa: true })

  app.get(
    '/',
    {
      onRequest: beforeMfa,
      schema: {
        tags: ['auth'],
        operationId: 'getMe',
        summary: 'The signed-in user',
        ...access([...ROLES], 'Open before a required MFA enrolment.'),
        response: { 200: MeSchema, ...problems(401) },
      },
    },
    async (req) => {
      const user = authUser(req)
      return { ...user, mfaEnabled: req.mfaEnabled, mfaRequired: mfa.required(user.role) }
    },
  )

  app.post(
    '/mfa/totp',
    {
      onRequest: beforeMfa,
      schema: {
        tags: ['auth'],
        operationId: 'startTotp',
        summary: 'Start TOTP enrolment',
        ...access(
          [...ROLES],
          'A new secret, its otpauth URL and QR code; it takes effect when POST /v1/me/mfa/totp/confirm gets a code from it. 409 when TOTP is already on.',
        ),
        response: { 200: TotpEnrolmentSchema, ...problems(401, 409) },
      },
    },
    async (req) => mfa.enrol(authUser(req).id),
  )

  app.post(
    '/mfa/totp/confirm',
    {
      onRequest: beforeMfa,
      schema: {
        tags: ['auth'],
        operationId: 'confirmTotp',
        summary: 'Turn TOTP on with a first code',
        ...access([...ROLES], 'Returns 10 recovery codes, shown only now. A wrong code is 401; attempts are limited (429).'),
        body: TotpCodeBodySchema,
        response: { 200: RecoveryCodesSchema, ...problems(400, 401, 409, 429) },
      },
    },
    async (req) => mfa.confirm(authUser(req).id, req.body.code, req.ip, auditContext(req)),
  )

  app.delete(
    '/mfa/totp',
    {
      onRequest: beforeMfa,
      schema: {
        tags: ['auth'],
        operationId: 'disableTotp',
        summary: 'Turn TOTP off with a current code',
        ...access([...ROLES], 'Refused (403, mfa-required) for a role in MFA_REQUIRED_ROLES.'),
        body: TotpCodeBodySchema,
        response: { 204: done, ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (req, reply) => {
      const user = authUser(req)
      await mfa.disable(user.id, user.role, req.body.code, req.ip, auditContext(req))
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/sessions',
    {
      onRequest: anyone,
      schema: {
        tags: ['auth'],
        operationId: 'listSessions',
        summary: 'Own sessions (one per sign-in), the current one marked',
        ...access([...ROLES]),
        response: { 200: SessionListSchema, ...problems(401, 403) },
      },
    },
    async (req) => sessions.list(authUser(req).id, req.sessionId),
  )

  app.delete(
    '/sessions',
    {
      onRequest: anyone,
      schema: {
        tags: ['auth'],
        operationId: 'revokeOtherSessions',
        summary: 'Sign out everywhere else',
        ...access([...ROLES], 'Every other session ends at once (its refresh and access tokens); this one keeps working.'),
        response: { 204: done, ...problems(401, 403) },
      },
    },
    async (req, reply) => {
      await sessions.revokeOthers(authUser(req).id, req.sessionId, auditContext(req))
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/sessions/:id',
    {
      onRequest: anyone,
      schema: {
        tags: ['auth'],
        operationId: 'revokeSession',
        summary: 'End one of your sessions',
        ...access([...ROLES], 'Its refresh and access tokens stop working at once.'),
        params: IdParamsSchema,
        response: { 204: done, ...problems(401, 403, 404) },
      },
    },
    async (req, reply) => {
      await sessions.revoke(authUser(req).id, req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/password',
    {
      onRequest: anyone,
      schema: {
        tags: ['auth'],
        operationId: 'changePassword',
        summary: 'Change your password',
        ...access(
          [...ROLES],
          "Every other session ends and every access token issued so far stops working; this session's refresh token stays valid, so one POST " +
            '/v1/auth/refresh continues it. 401 for a wrong current password; attempts are limited (429).',
        ),
        body: PasswordChangeBodySchema,
        response: { 204: done, ...problems(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      await sessions.changePassword(authUser(req).id, req.sessionId, req.body, auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default meRoutes
