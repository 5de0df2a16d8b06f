// Login, token refresh with rotation and reuse detection, logout, and the check behind every
// authenticated request.
import { randomUUID } from 'node:crypto'
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import { TooManyRequestsError, UnauthorizedError } from '../../lib/errors.ts'
import { DEFAULT_COST, dummyHash, hashPassword, needsRehash, verifyPassword } from '../../lib/password.ts'
import { deriveKey, hmacHex } from '../../lib/keys.ts'
import type { MfaRequired } from '../../schemas/staff-accounts.ts'
import type { MfaService } from './mfa.ts'
import type { RateLimiter } from '../rate-limit.ts'
import { stripControls } from '../../lib/text-input.ts'
import { type AccessClaims, hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from '../../lib/tokens.ts'
import type { AuthUser, TokenPair } from '../../schemas/auth.ts'
import type { Clock } from '../../lib/clock.ts'
import { statement, type Query } from '../../db/queries/statement.ts'
import { recordAudit, type AuditContext } from '../audit/record.ts'

const DAY_MS = 86_400_000
const LOGIN_WINDOW_SECONDS = 15 * 60
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface AuthServiceDeps {
  prisma: PrismaClient
  /** the primary's statements (named where the database allows): the per-request authentication */
  query: Query
  clock: Clock
  rateLimiter: RateLimiter
  secret: string
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  /** login attempts per IP per 15 minutes */
  loginLimit: number
  mfa: MfaService
  /** scrypt cost of new hashes; a login with a stored hash below it rehashes (tests lower it) */
  hashCost?: { N: number; r: number; p: number }
}

/** What a session records about the client that began it; the address only as a keyed hash. */
export interface ClientMeta {
  ip: string
  userAgent?: string | undefined
}
interface SessionMeta {
  startedAt: Date
  userAgent: string | null
  ipHash: string | null
}

/** Who a Bearer access token belongs to, and in which session. */
export interface Authenticated {
  user: AuthUser
  mfaEnabled: boolean
  sessionId: string | null
}

// controls dropped too: PostgreSQL refuses NUL in text, and no real address has any
export const normalizeEmail = (email: string) => stripControls(email).trim().toLowerCase()

const authUserSelect = { id: true, email: true, name: true, role: true, authorId: true, disabled: true, tokenVersion: true, mfaEnabledAt: true } as const

const AUTHENTICATE = statement(
  'auth_user',
  `SELECT u.id, u.email, u.name, u.role::text AS role, u."authorId", u.disabled, u."tokenVersion", u."mfaEnabledAt",
    EXISTS (SELECT 1 FROM "RefreshToken" t WHERE t."userId" = u.id AND t."familyId" = $2::uuid AND t."revokedAt" IS NULL) AS "sessionOpen"
  FROM "User" u WHERE u.id = $1::uuid`,
)

/** What a token pair is minted from, read in the same statement as the checks that admit it. */
interface TokenUser {
  id: string
  role: string
  tokenVersion: number
}

export function createAuthService(deps: AuthServiceDeps) {
  const { prisma, clock } = deps
  const ipKey = deriveKey(deps.secret, 'session-ip')
  const cost = deps.hashCost ?? DEFAULT_COST
  const metaOf = (client: ClientMeta) => ({
    userAgent: client.userAgent ? stripControls(client.userAgent).slice(0, 300) : null,
    ipHash: hmacHex(ipKey, client.ip).slice(0, 32),
  })

  /**
   * A new refresh token in `familyId`, issued under the user's `tokenVersion`, written with `db`
   * (inside the caller's transaction, if any).
   */
  async function newFamilyToken(db: Pick<PrismaClient, 'refreshToken'>, user: TokenUser, familyId: string, now: Date, session: SessionMeta): Promise<string> {
    const refresh = newRefreshToken()
    await db.refreshToken.create({
      data: {
        userId: user.id,
        tokenHash: refresh.hash,
        familyId,
        tokenVersion: user.tokenVersion,
        expiresAt: new Date(now.getTime() + deps.refreshTokenTtlDays * DAY_MS),
        sessionStartedAt: session.startedAt,
        userAgent: session.userAgent,
        ipHash: session.ipHash,
      },
    })
    return refresh.token
  }

  /** A new session (refresh family) for `user` and its first pair. */
  async function startSession(user: TokenUser, meta: { userAgent: string | null; ipHash: string | null }): Promise<TokenPair> {
    const now = clock()
    const familyId = randomUUID()
    return pair(user, await newFamilyToken(prisma, user, familyId, now, { startedAt: now, ...meta }), now, familyId)
  }

  function pair(user: TokenUser, refreshToken: string, now: Date, familyId: string): TokenPair {
    const claims = { sub: user.id, role: user.role, ver: user.tokenVersion, sid: familyId }
    return {
      accessToken: signAccessToken({ secret: deps.secret, ttlSeconds: deps.accessTokenTtlSeconds, now }, claims),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: deps.accessTokenTtlSeconds,
    }
  }

  // a family's rotation and its revocation take turns, so a revocation never misses a successor
  // that a concurrent rotation is writing
  const lockFamily = (tx: Prisma.TransactionClient, familyId: string) =>
    tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`toasoan:refresh:${familyId}`}))`

  async function revokeFamily(familyId: string): Promise<void> {
    await prisma.$transaction(async (tx) => {
      await lockFamily(tx, familyId)
      await tx.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: clock() } })
    })
  }

  return {
    startSession,

    /** The pair for a password alone, or, with TOTP on, the token for the second step. */
    async login(input: { email: string; password: string } & ClientMeta, by: AuditContext): Promise<TokenPair | MfaRequired> {
      // every attempt counts, successful or not: the limit bounds password guessing per address
      const limit = await deps.rateLimiter.hit(`login:${input.ip}`, deps.loginLimit, LOGIN_WINDOW_SECONDS)
      if (!limit.allowed) throw new TooManyRequestsError(limit.retryAfterSeconds, 'too many login attempts; try again later')
      const user = await prisma.user.findUnique({ where: { email: normalizeEmail(input.email) }, select: { ...authUserSelect, passwordHash: true } })
      // an unknown email still costs one scrypt, so timing does not tell which emails exist
      const matches = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash()))
      if (!user || !matches || user.disabled) {
        // the account tried, when there is one; never the email typed for no account (it may be a password) nor the password
        await prisma.$transaction((tx) =>
          recordAudit(tx, {
            by: { ...by, actor: { type: 'user', id: user?.id ?? null, name: user?.name ?? null } },
            action: 'login-failed',
            entity: 'user',
            entityId: user?.id ?? null,
            changes: { step: [null, user?.disabled && matches ? 'disabled' : 'password'] },
          }),
        )
        throw new UnauthorizedError('wrong email or password')
      }
      if (needsRehash(user.passwordHash, cost)) {
        // the password is at hand only now: stored under the current cost, guarded on the old hash
        // so a password changed meanwhile is not overwritten
        const passwordHash = await hashPassword(input.password, cost)
        await prisma.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } })
      }
      const meta = metaOf(input)
      if (user.mfaEnabledAt) return { mfaRequired: true, mfaToken: await deps.mfa.startChallenge(user.id, meta) }
      return startSession(user, meta)
    },

    /** The second step: a right code (or recovery code) for the mfaToken → the pair. */
    async completeMfa(input: { mfaToken: string; code?: string; recoveryCode?: string; ip: string }, by: AuditContext): Promise<TokenPair> {
      const passed = await deps.mfa.passChallenge(input, by)
      const user = await prisma.user.findUnique({ where: { id: passed.userId }, select: authUserSelect })
      if (!user || user.disabled) throw new UnauthorizedError('invalid or expired code')
      return startSession(user, passed)
    },

    async refresh(refreshToken: string): Promise<TokenPair> {
      const now = clock()
      const stored = await prisma.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(refreshToken) } })
      if (!stored || stored.revokedAt || stored.expiresAt <= now) throw new UnauthorizedError('invalid refresh token')
      // spending the token and writing its successor commit together, guarded on usedAt: of two
      // concurrent uses only one rotates; the other finds it spent and revokes the family, successor included
      const next = stored.usedAt
        ? null
        : await prisma.$transaction(async (tx) => {
            await lockFamily(tx, stored.familyId)
            // FOR SHARE: a bump (password, role, disabled) waits for this rotation to commit and then
            // revokes its successor, or commits first and this rotation sees the new version
            const [user] = await tx.$queryRaw<TokenUser[]>`
          SELECT id, role::text AS role, "tokenVersion" FROM "User"
          WHERE id = ${stored.userId}::uuid AND NOT disabled FOR SHARE`
            if (!user || user.tokenVersion !== stored.tokenVersion) return null
            const spent = await tx.refreshToken.updateMany({ where: { id: stored.id, usedAt: null, revokedAt: null }, data: { usedAt: now } })
            const session = { startedAt: stored.sessionStartedAt ?? stored.createdAt, userAgent: stored.userAgent, ipHash: stored.ipHash }
            return spent.count === 1 ? { user, token: await newFamilyToken(tx, user, stored.familyId, now, session) } : null
          })
      if (!next) {
        // a spent token presented again (someone holds a copy) or a login from before a bump:
        // every token of that login dies
        await revokeFamily(stored.familyId)
        throw new UnauthorizedError('invalid refresh token')
      }
      return pair(next.user, next.token, now, stored.familyId)
    },

    /** Ends the login the token belongs to; unknown or spent tokens are accepted silently. */
    async logout(refreshToken: string): Promise<void> {
      const stored = await prisma.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(refreshToken) }, select: { familyId: true } })
      if (stored) await revokeFamily(stored.familyId)
    },

    /** The user behind a Bearer token, as the database has them now (role, disabled, session). */
    async authenticate(accessToken: string): Promise<Authenticated> {
      let claims: AccessClaims
      try {
        claims = verifyAccessToken(accessToken, { secret: deps.secret, now: clock() })
      } catch {
        throw new UnauthorizedError('invalid or expired access token')
      }
      if (!UUID.test(claims.sub)) throw new UnauthorizedError('invalid or expired access token')
      // the row is read on every request anyway (role, disabled), so revocation costs one more column;
      // a token of a session signed out (DELETE /v1/me/sessions) dies with it, at once. Tokens
      // without `sid` were signed before sessions were named and live out their 15 minutes
      const sid = claims.sid && UUID.test(claims.sid) ? claims.sid : null
      // one named statement: it runs before every staff request, and Prisma's nested select was two
      // queries and about a millisecond of CPU
      const [user] = await deps.query<AuthUser & { disabled: boolean; tokenVersion: number; mfaEnabledAt: Date | null; sessionOpen: boolean }>(AUTHENTICATE, [
        claims.sub,
        sid,
      ])
      if (!user || user.disabled || user.tokenVersion !== claims.ver) throw new UnauthorizedError('invalid or expired access token')
      if (claims.sid !== undefined && !user.sessionOpen) throw new UnauthorizedError('invalid or expired access token')
      return {
        user: { id: user.id, email: user.email, name: user.name, role: user.role, authorId: user.authorId },
        mfaEnabled: user.mfaEnabledAt !== null,
        sessionId: sid,
      }
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
