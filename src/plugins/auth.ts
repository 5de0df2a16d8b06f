// Authorisation happens here and nowhere else: each protected route names the roles it admits with
// requireRoles(...), and the services only add the per-article rules (a contributor's own drafts).
// An API key (`Bearer tsk_...`) is admitted only where the route names one of its scopes.
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ForbiddenError, UnauthorizedError } from '../lib/errors.ts'
import type { AuthUser, Role } from '../schemas/auth.ts'
import type { ApiKeyScope } from '../schemas/staff-accounts.ts'
import { keyActor, looksLikeApiKey, type ApiKeyPrincipal } from '../services/staff/api-keys.ts'
import { MfaRequiredError } from '../services/staff/mfa.ts'
import type { AuditContext } from '../services/audit/record.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in user (for an API key: its maker, in the scope's role); set by requireRoles, null on routes without it */
    user: AuthUser | null
    /** the session (refresh family) of the access token, when it names one */
    sessionId: string | null
    /** whether the signed-in user has TOTP on */
    mfaEnabled: boolean
    /** the API key the request came with, if any (for the audit log: actor type apiKey) */
    apiKey: ApiKeyPrincipal | null
  }
}

/** What a route admits besides its roles. */
export interface RouteAccess {
  /** API keys holding this scope are admitted (in the scope's role); without it no key is */
  scope?: ApiKeyScope
  /** open to a user whose role requires MFA before enrolling (/v1/me, /v1/me/mfa/*) */
  beforeMfa?: boolean
}

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i

/**
 * A hook (onRequest or preHandler) admitting a valid Bearer token of a user with one of `roles`;
 * admin is admitted everywhere. 401 without valid credentials, 403 for another role, for a key
 * outside its scopes, and (problem type mfa-required) for a role that must enrol in MFA first.
 */
export function requireRoles(...args: Array<Role | RouteAccess>) {
  const roles = args.filter((a): a is Role => typeof a === 'string')
  const options: RouteAccess = Object.assign({}, ...args.filter((a) => typeof a === 'object'))
  const admitted = new Set<Role>(['admin', ...roles])
  return async function checkRoles(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const match = BEARER.exec(request.headers.authorization ?? '')
    if (!match) throw new UnauthorizedError('a Bearer access token is required')
    const token = match[1]!
    if (looksLikeApiKey(token)) {
      const key = await request.server.services.apiKeys.authenticate(token)
      request.apiKey = key
      request.user = keyActor(key, options.scope)
      return
    }
    const { user, mfaEnabled, sessionId } = await request.server.services.auth.authenticate(token)
    request.user = user
    request.sessionId = sessionId
    request.mfaEnabled = mfaEnabled
    if (!options.beforeMfa && !mfaEnabled && request.server.services.mfa.required(user.role)) throw new MfaRequiredError()
    if (!admitted.has(user.role)) throw new ForbiddenError(`this needs one of the roles: ${[...admitted].join(', ')}`)
  }
}

/** The signed-in user of a route guarded by requireRoles; fails closed if the guard is missing. */
export function authUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new UnauthorizedError('a Bearer access token is required')
  return request.user
}

/**
 * Who the audit log names for this request's writes: the API key (its name and prefix) when one
 * authenticated, else the signed-in user, else nobody known (a failed login names its account itself).
 */
export function auditContext(request: FastifyRequest): AuditContext {
  const key = request.apiKey
  if (key) return { actor: { type: 'apiKey', id: key.id, name: `${key.name} (${key.prefix}…)` }, requestId: request.id }
  const user = request.user
  return { actor: { type: 'user', id: user?.id ?? null, name: user?.name ?? null }, requestId: request.id }
}

/** OpenAPI fields of a protected route: the Bearer scheme and, in the description, its roles and key scope. */
export function access(roles: Role[], note?: string, scope?: ApiKeyScope) {
  const who = ['admin', ...roles.filter((r) => r !== 'admin')].join(', ')
  const key = scope ? ` API keys with the scope \`${scope}\`.` : ''
  return { security: [{ bearerAuth: [] }], description: `Roles: ${who}.${key}${note ? ` ${note}` : ''}` }
}

export default fp(
  async (app) => {
    app.decorateRequest('user', null)
    app.decorateRequest('sessionId', null)
    app.decorateRequest('mfaEnabled', false)
    app.decorateRequest('apiKey', null)
  },
  { name: 'auth' },
)
