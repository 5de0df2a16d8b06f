// API keys for integrations (admin): `tsk_` + 32 random bytes (base64url), stored as SHA-256 with
// a short prefix for display. A key acts for the admin who made it, with the role its scope
// implies, and only on routes that name that scope (plugins/auth.ts requireRoles).
import { createHash, randomBytes } from 'node:crypto'
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from '../../lib/errors.ts'
import { pagingOf } from '../../lib/paging.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import { textInput } from '../../lib/text-input.ts'
import type { Clock } from '../../lib/clock.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import type { AuthUser, Role } from '../../schemas/auth.ts'
import type { ApiKey, ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeyListQuery, ApiKeyScope } from '../../schemas/staff-accounts.ts'

export const API_KEY_PREFIX = 'tsk_'
const KEY_SHAPE = /^tsk_[A-Za-z0-9_-]{43}$/
const DISPLAY_PREFIX = 12
// lastUsedAt is written at most this often per key: not a write on every request
const LAST_USED_GRANULARITY_MS = 60_000

/** The role a key plays inside the services on a route of this scope. */
export const SCOPE_ROLE: Record<ApiKeyScope, Role> = { 'content:read': 'editor', moderation: 'moderator', 'webhooks:manage': 'admin' }

/** One body for every refused key (wrong prefix, unknown, revoked, expired, owner gone), the same as for a bad access token. */
export const KEY_REFUSED = 'invalid or expired access token'

export const looksLikeApiKey = (token: string) => token.startsWith(API_KEY_PREFIX)

export interface ApiKeyPrincipal {
  id: string
  name: string
  prefix: string
  scopes: ApiKeyScope[]
  owner: { id: string; email: string; name: string }
}

const select = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdById: true,
  createdAt: true,
} as const
type Row = Prisma.ApiKeyGetPayload<{ select: typeof select }>
const iso = (d: Date | null) => d?.toISOString() ?? null
const toApiKey = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes as ApiKeyScope[],
  expiresAt: iso(r.expiresAt),
  lastUsedAt: iso(r.lastUsedAt),
  revokedAt: iso(r.revokedAt),
  createdBy: r.createdById,
  createdAt: r.createdAt.toISOString(),
})
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'asc', type: 'uuid' },
]

export function createApiKeyService(deps: { prisma: PrismaClient; clock: Clock }) {
  const { prisma, clock } = deps

  return {
    async list(query: ApiKeyListQuery): Promise<ApiKeyList> {
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.apiKey.findMany({ ...w, select }),
        () => prisma.apiKey.count(),
        (rows) => rows.map(toApiKey),
      )
    },

    async create(input: ApiKeyCreate, actor: AuthUser, by: AuditContext): Promise<ApiKeyCreated> {
      const text = textInput()
      const name = text.line('body/name', input.name, 100)
      text.done()
      const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt)
      if (expiresAt && expiresAt <= clock())
        throw new BadRequestError('expiresAt is in the past', [{ path: 'body/expiresAt', message: 'must be in the future' }])
      const key = API_KEY_PREFIX + randomBytes(32).toString('base64url')
      const row = await prisma.$transaction(async (tx) => {
        const row = await tx.apiKey.create({
          data: { name, prefix: key.slice(0, DISPLAY_PREFIX), keyHash: sha256(key), scopes: [...new Set(input.scopes)], expiresAt, createdById: actor.id },
          select,
        })
        await recordAudit(tx, { by, action: 'create', entity: 'apiKey', entityId: row.id, changes: changesOf(null, toApiKey(row)) })
        return row
      })
      return { ...toApiKey(row), key }
    },

    /** Revoked at once: the next request with the key is refused. Revoking twice is no error. */
    async revoke(id: string, by: AuditContext): Promise<void> {
      const row = await prisma.apiKey.findUnique({ where: { id }, select: { id: true } })
      if (!row) throw new NotFoundError('no such API key')
      const revokedAt = clock()
      await prisma.$transaction(async (tx) => {
        const revoked = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt } })
        if (revoked.count)
          await recordAudit(tx, { by, action: 'revoke', entity: 'apiKey', entityId: id, changes: { revokedAt: [null, revokedAt.toISOString()] } })
      })
    },

    /** The key behind a Bearer token; every reason for refusing is the same 401. */
    async authenticate(token: string): Promise<ApiKeyPrincipal> {
      if (!KEY_SHAPE.test(token)) throw new UnauthorizedError(KEY_REFUSED)
      const now = clock()
      const row = await prisma.apiKey.findUnique({
        where: { keyHash: sha256(token) },
        select: { ...select, createdBy: { select: { id: true, email: true, name: true, disabled: true, role: true } } },
      })
      // a key made by someone who is no longer an enabled admin stops with them
      const usable = row && !row.revokedAt && (!row.expiresAt || row.expiresAt > now) && !row.createdBy.disabled && row.createdBy.role === 'admin'
      if (!row || !usable) throw new UnauthorizedError(KEY_REFUSED)
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
        await prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } })
      }
      return {
        id: row.id,
        name: row.name,
        prefix: row.prefix,
        scopes: row.scopes as ApiKeyScope[],
        owner: { id: row.createdBy.id, email: row.createdBy.email, name: row.createdBy.name },
      }
    },
  }
}

/** The user a key acts as on a route of `scope`, or 403 when the key lacks it (or the route admits no key). */
export function keyActor(key: ApiKeyPrincipal, scope: ApiKeyScope | undefined): AuthUser {
  if (!scope || !key.scopes.includes(scope)) throw new ForbiddenError('this API key may not do this')
  return { id: key.owner.id, email: key.owner.email, name: key.owner.name, role: SCOPE_ROLE[scope], authorId: null }
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>
