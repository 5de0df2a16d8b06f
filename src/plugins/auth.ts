// Authorisation happens here and nowhere else: each protected route names the roles it admits with
// requireRoles(...), and the services only add the per-article rules (a contributor's own drafts).
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthorizedError } from '../lib/errors.ts'
import type { AuthUser, Role } from '../schemas/auth.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in user; set by requireRoles, null on routes without it */
    user: AuthUser | null
  }
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i

/**
 * A hook (onRequest or preHandler) admitting a valid Bearer token of a user with one of `roles`;
 * admin is admitted everywhere. 401 without valid credentials, 403 for another role.
 */
export function requireRoles(...roles: Role[]) {
  const admitted = new Set<Role>(['admin', ...roles])
  return async function checkRoles(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const match = BEARER.exec(request.headers.authorization ?? '')
    if (!match) throw new UnauthorizedError('a Bearer access token is required')
    const user = await request.server.services.auth.authenticate(match[1]!)
    request.user = user
    if (!admitted.has(user.role)) throw new ForbiddenError(`this needs one of the roles: ${[...admitted].join(', ')}`)
  }
}

/** The signed-in user of a route guarded by requireRoles; fails closed if the guard is missing. */
export function authUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthorizedError('a Bearer access token is required')
  return request.user
}

/** OpenAPI fields of a protected route: the Bearer scheme and, in the description, its roles. */
export function access(roles: Role[], note?: string) {
  const who = ['admin', ...roles.filter((r) => r !== 'admin')].join(', ')
  return { security: [{ bearerAuth: [] }], description: `Roles: ${who}.${note ? ` ${note}` : ''}` }
}

export default fp(async (app) => {
  app.decorateRequest('user', null)
}, { name: 'auth' })
