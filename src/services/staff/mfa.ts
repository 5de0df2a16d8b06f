// TOTP for staff: enrolment, confirmation with recovery codes, turning it off, and the second
// step of a login (a single-use mfaToken bound to one user). Every failure of a code is the same
// 401, whatever the reason (wrong, reused, outside the window, malformed, locked).
import { createHash, randomBytes } from 'node:crypto'
import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { AppError, ConflictError, TooManyRequestsError, UnauthorizedError } from '../../lib/errors.ts'
import { deriveKey } from '../../lib/keys.ts'
import { open, seal } from '../../lib/secret-box.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Role } from '../../schemas/auth.ts'
import type { RecoveryCodes, TotpEnrolment } from '../../schemas/staff-accounts.ts'
import type { RateLimiter } from '../rate-limit.ts'
import { recordAudit, type AuditContext } from '../audit/record.ts'

export const MFA_TOKEN_TTL_MS = 5 * 60_000
/** wrong codes one mfaToken survives; then it is spent and the login starts over */
export const MFA_MAX_FAILURES = 5
const PERIOD = 30
const RECOVERY_CODES = 10
const LIMIT_WINDOW_SECONDS = 15 * 60
const ISSUER = 'Tòa Soạn'

export interface MfaServiceDeps {
  prisma: PrismaClient
  clock: Clock
  rateLimiter: RateLimiter
  secret: string
  mfaRequiredRoles: Role[]
  /** code attempts per user and per IP per 15 minutes */
  attemptLimit: number
}

/** The user a passed challenge signs in, with what the session records. */
export interface PassedChallenge {
  userId: string
  userAgent: string | null
  ipHash: string | null
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const CODE_FAILED = 'invalid or expired code'
// ambiguous letters left out, so a code read off paper is typed right
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '')

function newRecoveryCode(): string {
  const bytes = randomBytes(10)
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

export class MfaRequiredError extends AppError {
  constructor() {
    super(403, 'Forbidden', 'your role must use two-factor sign-in: turn it on at POST /v1/me/mfa/totp first', { type: 'urn:toasoan:problem:mfa-required' })
  }
}

export function createMfaService(deps: MfaServiceDeps) {
  const { prisma, clock } = deps
  const key = deriveKey(deps.secret, 'totp-secret')

  /** Counts an attempt against both keys; over either limit → 429. */
  async function limit(...keys: string[]) {
    for (const k of keys) {
      const hit = await deps.rateLimiter.hit(k, deps.attemptLimit, LIMIT_WINDOW_SECONDS)
      if (!hit.allowed) throw new TooManyRequestsError(hit.retryAfterSeconds, 'too many code attempts; try again later')
    }
  }

  /** The time step `code` matches (±1 step around now) after `lastStep`, or null. */
  async function matchStep(sealed: string, userId: string, code: string, lastStep: number | null): Promise<number | null> {
    const token = code.replace(/\s+/g, '')
    if (!/^\d{6}$/.test(token)) return null
    const result = await verify({
      secret: open(key, sealed, userId),
      token,
      period: PERIOD,
      epoch: Math.floor(clock().getTime() / 1000),
      epochTolerance: PERIOD,
      ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
    })
    return result.valid && 'timeStep' in result ? result.timeStep : null
  }

  async function recoveryCodes(userId: string) {
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode)
    return { codes, rows: codes.map((c) => ({ userId, codeHash: sha256(normalizeRecovery(c)) })) }
  }

  return {
    required: (role: Role) => deps.mfaRequiredRoles.includes(role),

    /** A new secret waiting for its first code; any earlier pending one is replaced. */
    async enrol(userId: string): Promise<TotpEnrolment> {
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, mfaEnabledAt: true } })
      if (user.mfaEnabledAt) throw new ConflictError('two-factor sign-in is already on; turn it off first to enrol again')
      const secret = generateSecret()
      await prisma.user.update({ where: { id: userId }, data: { mfaPendingSecret: seal(key, secret, userId) } })
      const otpauthUrl = generateURI({ issuer: ISSUER, label: user.email, secret, period: PERIOD })
      return { secret, otpauthUrl, qrSvg: await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) }
    },

    /** The first code turns TOTP on and yields the recovery codes (stored hashed, shown once). */
    async confirm(userId: string, code: string, ip: string, by: AuditContext): Promise<RecoveryCodes> {
      await limit(`mfa:user:${userId}`, `mfa:ip:${ip}`)
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { mfaPendingSecret: true, mfaEnabledAt: true } })
      if (user.mfaEnabledAt) throw new ConflictError('two-factor sign-in is already on')
      if (!user.mfaPendingSecret) throw new ConflictError('no enrolment is waiting: start one with POST /v1/me/mfa/totp')
      const step = await matchStep(user.mfaPendingSecret, userId, code, null)
      if (step === null) throw new UnauthorizedError(CODE_FAILED)
      const { codes, rows } = await recoveryCodes(userId)
      await prisma.$transaction(async (tx) => {
        // guarded on the same pending secret: a concurrent re-enrolment or confirmation wins alone
        const on = await tx.user.updateMany({
          where: { id: userId, mfaPendingSecret: user.mfaPendingSecret, mfaEnabledAt: null },
          data: { mfaSecret: user.mfaPendingSecret, mfaPendingSecret: null, mfaEnabledAt: clock(), mfaLastStep: step },
        })
        if (on.count !== 1) throw new ConflictError('the enrolment changed meanwhile; start again')
        await tx.recoveryCode.deleteMany({ where: { userId } })
        await tx.recoveryCode.createMany({ data: rows })
        await recordAudit(tx, { by, action: 'mfa-enable', entity: 'user', entityId: userId, changes: { mfaEnabled: [false, true] } })
      })
      return { recoveryCodes: codes }
    },

    /** Turns TOTP off with a current code; refused for a role that requires it. */
    async disable(userId: string, role: Role, code: string, ip: string, by: AuditContext): Promise<void> {
      if (deps.mfaRequiredRoles.includes(role))
        throw new AppError(403, 'Forbidden', `the role ${role} must keep two-factor sign-in on`, { type: 'urn:toasoan:problem:mfa-required' })
      await limit(`mfa:user:${userId}`, `mfa:ip:${ip}`)
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { mfaSecret: true, mfaLastStep: true } })
      if (!user.mfaSecret) throw new ConflictError('two-factor sign-in is not on')
      const step = await matchStep(user.mfaSecret, userId, code, user.mfaLastStep)
      if (step === null) throw new UnauthorizedError(CODE_FAILED)
      await prisma.$transaction(async (tx) => {
        const off = await tx.user.updateMany({
          where: { id: userId, mfaSecret: user.mfaSecret, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] },
          data: { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastStep: null },
        })
        if (off.count !== 1) throw new UnauthorizedError(CODE_FAILED)
        await tx.recoveryCode.deleteMany({ where: { userId } })
        await recordAudit(tx, { by, action: 'mfa-disable', entity: 'user', entityId: userId, changes: { mfaEnabled: [true, false] } })
      })
    },

    /** After a right password: the token for the second step. */
    async startChallenge(userId: string, meta: { userAgent: string | null; ipHash: string | null }): Promise<string> {
      const token = randomBytes(32).toString('base64url')
      await prisma.mfaChallenge.create({
        data: { userId, tokenHash: sha256(token), expiresAt: new Date(clock().getTime() + MFA_TOKEN_TTL_MS), ...meta },
      })
      return token
    },

    /** Spends the challenge when the code or recovery code is right; counts a failure otherwise. */
    async passChallenge(input: { mfaToken: string; code?: string; recoveryCode?: string; ip: string }, by: AuditContext): Promise<PassedChallenge> {
      await limit(`mfa:ip:${input.ip}`)
      const now = clock()
      const challenge = await prisma.mfaChallenge.findUnique({
        where: { tokenHash: sha256(input.mfaToken) },
        include: { user: { select: { mfaSecret: true, mfaLastStep: true, disabled: true, name: true } } },
      })
      const live =
        challenge &&
        !challenge.usedAt &&
        challenge.expiresAt > now &&
        challenge.failures < MFA_MAX_FAILURES &&
        !challenge.user.disabled &&
        challenge.user.mfaSecret
      if (!challenge || !live) throw new UnauthorizedError(CODE_FAILED)
      const userId = challenge.userId
      // nobody is signed in yet: the entries name the account the challenge belongs to
      const who: AuditContext = { ...by, actor: { type: 'user', id: userId, name: challenge.user.name } }
      await limit(`mfa:user:${userId}`)
      const step = input.code === undefined ? null : await matchStep(challenge.user.mfaSecret!, userId, input.code, challenge.user.mfaLastStep)
      const recoveryHash = input.code === undefined && input.recoveryCode !== undefined ? sha256(normalizeRecovery(input.recoveryCode)) : null
      const passed =
        (step !== null || recoveryHash !== null) &&
        (await prisma
          .$transaction(async (tx) => {
            const spent = await tx.mfaChallenge.updateMany({
              where: { id: challenge.id, usedAt: null, failures: { lt: MFA_MAX_FAILURES }, expiresAt: { gt: now } },
              data: { usedAt: now },
            })
            // the step moves forward only: a code seen once (here or at confirmation) is never taken again
            const used =
              spent.count !== 1
                ? 0
                : step !== null
                  ? (
                      await tx.user.updateMany({
                        where: { id: userId, OR: [{ mfaLastStep: null }, { mfaLastStep: { lt: step } }] },
                        data: { mfaLastStep: step },
                      })
                    ).count
                  : (await tx.recoveryCode.updateMany({ where: { userId, codeHash: recoveryHash!, usedAt: null }, data: { usedAt: now } })).count
            // rolled back when the code was taken meanwhile: the challenge stays unspent
            if (used !== 1) throw new UnauthorizedError(CODE_FAILED)
            if (step === null) await recordAudit(tx, { by: who, action: 'recovery-code-used', entity: 'user', entityId: userId })
            return true
          })
          .catch((err: unknown) => {
            if (err instanceof UnauthorizedError) return false
            throw err
          }))
      if (!passed) {
        // one failure nearer the lock; a spent or locked token stays so
        await prisma.$transaction(async (tx) => {
          await tx.mfaChallenge.updateMany({ where: { id: challenge.id, usedAt: null }, data: { failures: { increment: 1 } } })
          await recordAudit(tx, { by: who, action: 'login-failed', entity: 'user', entityId: userId, changes: { step: [null, 'mfa'] } })
        })
        throw new UnauthorizedError(CODE_FAILED)
      }
      return { userId, userAgent: challenge.userAgent, ipHash: challenge.ipHash }
    },
  }
}

export type MfaService = ReturnType<typeof createMfaService>
