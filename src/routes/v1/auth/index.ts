import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problems } from '../../../schemas/common.ts'
import { LoginBodySchema, RefreshBodySchema, TokenPairSchema } from '../../../schemas/auth.ts'
import { MfaLoginBodySchema, MfaRequiredSchema } from '../../../schemas/staff-accounts.ts'
import { auditContext } from '../../../plugins/auth.ts'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth } = app.services

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        operationId: 'login',
        summary: 'Exchange email and password for tokens',
        description:
          'One 401 for an unknown email and a wrong password alike. Attempts are limited per IP (`RATE_LIMIT_LOGIN` per 15 minutes; 429 with `Retry-After`). ' +
          'With two-factor sign-in on, the answer is `{ mfaRequired: true, mfaToken }` instead of tokens: send the code to POST /v1/auth/mfa.',
        body: LoginBodySchema,
        response: { 200: Type.Union([TokenPairSchema, MfaRequiredSchema]), ...problems(400, 401, 429) },
      },
    },
    async (req) => auth.login({ ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] }, auditContext(req)),
  )

  app.post(
    '/mfa',
    {
      schema: {
        tags: ['auth'],
        operationId: 'loginMfa',
        summary: 'Second sign-in step: a TOTP code or a recovery code',
        description:
          '`{ mfaToken, code }` or `{ mfaToken, recoveryCode }` → the token pair. The mfaToken is single use, valid 5 minutes, and locked after 5 wrong ' +
          'codes; ' +
          'each code and each recovery code works once. One 401 for every failure; attempts are limited per user and per IP (429).',
        body: MfaLoginBodySchema,
        response: { 200: TokenPairSchema, ...problems(400, 401, 429) },
      },
    },
    async (req) => auth.completeMfa({ ...req.body, ip: req.ip }, auditContext(req)),
  )

  app.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        operationId: 'refreshTokens',
        summary: 'Exchange a refresh token for a new pair',
        description: 'The refresh token is single use. Presenting one that was already used revokes every token of that login.',
        body: RefreshBodySchema,
        response: { 200: TokenPairSchema, ...problems(400, 401) },
      },
    },
    async (req) => auth.refresh(req.body.refreshToken),
  )

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        operationId: 'logout',
        summary: 'Revoke a refresh token (and its login)',
        description: 'Always 204, whether or not the token was still valid.',
        body: RefreshBodySchema,
        response: { 204: Type.Null({ description: 'revoked' }), ...problems(400) },
      },
    },
    async (req, reply) => {
      await auth.logout(req.body.refreshToken)
      return reply.code(204).send(null)
    },
  )
}

export default authRoutes
