// A user's own sessions (refresh-token families) and own password. Revoking a session ends its
// access tokens at once too: they carry the session id (`sid`), which authenticate() checks.
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { NotFoundError, TooManyRequestsError, UnauthorizedError } from '../../lib/errors.ts'
import { DEFAULT_COST, hashPassword, verifyPassword } from '../../lib/password.ts'
import { textInput } from '../../lib/text-input.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Session, SessionList } from '../../schemas/staff-accounts.ts'
import type { RateLimiter } from '../rate-limit.ts'
import { checkPassword } from './users.ts'
import { recordAudit, secretChanged, type AuditContext } from '../audit/record.ts'

export interface SessionServiceDeps {
  prisma: PrismaClient
  clock: Clock
  rateLimiter: RateLimiter
  /** current-password attempts per user per 15 minutes */
  attemptLimit: number
  hashCost?: { N: number; r: number; p: number }
}

export function createSessionService(deps: SessionServiceDeps) {
  const { prisma, clock } = deps

  /** The live head of each of the user's families: one unspent, unrevoked, unexpired token each. */
  const liveHeads = (userId: string) =>
    prisma.refreshToken.findMany({
      where: { userId, revokedAt: null, usedAt: null, expiresAt: { gt: clock() } },
      select: { familyId: true, createdAt: true, sessionStartedAt: true, userAgent: true, ipHash: true },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    })

  return {
    async list(userId: string, currentId: string | null): Promise<SessionList> {
      const heads = await liveHeads(userId)
      const data: Session[] = heads.map((h) => ({
        id: h.familyId,
        createdAt: (h.sessionStartedAt ?? h.createdAt).toISOString(),
        // a head is written at login and at each refresh: its time is the session's last use
        lastUsedAt: h.createdAt.toISOString(),
        userAgent: h.userAgent,
        ipHash: h.ipHash,
        current: h.familyId === currentId,
      }))
      return { data }
    },

    /** Ends one of the user's own sessions; another user's id is as unknown as a made-up one. */
    async revoke(userId: string, sessionId: string, by: AuditContext): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const revoked = await tx.refreshToken.updateMany({ where: { userId, familyId: sessionId, revokedAt: null }, data: { revokedAt: clock() } })
        if (revoked.count === 0) throw new NotFoundError('no such session')
        await recordAudit(tx, { by, action: 'session-revoke', entity: 'user', entityId: userId, changes: { session: [sessionId, null] } })
      })
    },

    /**
     * "Sign out everywhere else": every other session ends, refresh and access tokens alike (the
     * latter through their `sid`), so no version bump is needed and the caller's tokens keep working.
     */
    async revokeOthers(userId: string, currentId: string | null, by: AuditContext): Promise<void> {
      await prisma.$transaction(async (tx) => {
        const where = { userId, revokedAt: null, ...(currentId ? { familyId: { not: currentId } } : {}) }
        const sessions = await tx.refreshToken.findMany({ where, select: { familyId: true }, distinct: ['familyId'] })
        await tx.refreshToken.updateMany({ where, data: { revokedAt: clock() } })
        await recordAudit(tx, { by, action: 'session-revoke-others', entity: 'user', entityId: userId, changes: { sessions: [sessions.length, 0] } })
      })
    },

    /**
     * A new password: every other session ends and the token version rises (every access token
     * issued so far dies). The caller's own session survives: its refresh token moves to the new
     * version, so one POST /v1/auth/refresh gives it a fresh access token.
     */
    async changePassword(userId: string, currentId: string | null, input: { currentPassword: string; newPassword: string }, by: AuditContext): Promise<void> {
      const hit = await deps.rateLimiter.hit(`password:user:${userId}`, deps.attemptLimit, 15 * 60)
      if (!hit.allowed) throw new TooManyRequestsError(hit.retryAfterSeconds, 'too many password attempts; try again later')
      const text = textInput()
      checkPassword(text, input.newPassword, 'body/newPassword')
      text.done()
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })
      if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new UnauthorizedError('the current password is wrong')
      const passwordHash = await hashPassword(input.newPassword, deps.hashCost ?? DEFAULT_COST)
      await prisma.$transaction(async (tx) => {
        // guarded on the hash just checked: of two concurrent changes one wins, the other is refused
        const bumped = await tx.user.updateMany({
          where: { id: userId, passwordHash: user.passwordHash },
          data: { passwordHash, tokenVersion: { increment: 1 } },
        })
        if (bumped.count !== 1) throw new UnauthorizedError('the current password is wrong')
        const { tokenVersion } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { tokenVersion: true } })
        // after the bump, which holds the row a concurrent refresh reads FOR SHARE (see auth.ts)
        const others = currentId ? { familyId: { not: currentId } } : {}
        await tx.refreshToken.updateMany({ where: { userId, revokedAt: null, ...others }, data: { revokedAt: clock() } })
        if (currentId) await tx.refreshToken.updateMany({ where: { userId, familyId: currentId, revokedAt: null }, data: { tokenVersion } })
        await recordAudit(tx, { by, action: 'password-change', entity: 'user', entityId: userId, changes: { password: secretChanged() } })
      })
    },
  }
}

export type SessionService = ReturnType<typeof createSessionService>
