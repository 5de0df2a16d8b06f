// Captcha challenges for the reader comment form. The answer is stored only as a keyed hash,
// expires, and is spent by its first attempt, right or wrong; it lives in PostgreSQL so that any
// instance can check a challenge another instance issued.
import { randomUUID, timingSafeEqual } from 'node:crypto'
import svgCaptcha from 'svg-captcha'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { deriveKey, hmacHex } from '../lib/keys.ts'
import type { Clock } from './index.ts'

export interface CaptchaChallenge { text: string; svg: string }
/** Makes a challenge; injected so tests (and browser tests) can know the answers. */
export type CaptchaGenerator = () => CaptchaChallenge

// upper-case letters and digits a reader cannot confuse: no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V
const READABLE = 'ACEFGHJKMNPRTWXY34679'

export const svgCaptchaGenerator: CaptchaGenerator = () => {
  const c = svgCaptcha.create({ size: 5, noise: 2, charPreset: READABLE, color: false, width: 160, height: 56, fontSize: 52, background: '#ffffff' })
  return { text: c.text, svg: c.data }
}

export interface CaptchaServiceDeps {
  prisma: PrismaClient
  clock: Clock
  secret: string
  ttlSeconds: number
  generator: CaptchaGenerator
}

export function createCaptchaService({ prisma, clock, secret, ttlSeconds, generator }: CaptchaServiceDeps) {
  const key = deriveKey(secret, 'captcha')
  const hash = (id: string, answer: string) => hmacHex(key, `${id}:${answer.normalize('NFC').trim().toUpperCase()}`)
  let issued = 0

  return {
    async create(): Promise<{ id: string; svg: string; expiresAt: Date }> {
      const { text, svg } = generator()
      const id = randomUUID()
      const now = clock()
      const expiresAt = new Date(now.getTime() + ttlSeconds * 1000)
      await prisma.captcha.create({ data: { id, answerHash: hash(id, text), expiresAt, createdAt: now } })
      // sweep long-expired challenges now and then rather than on every request
      if (++issued % 100 === 1) await prisma.captcha.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } } })
      return { id, svg, expiresAt }
    },

    /** Spends the challenge (whatever the answer) and says whether the answer was right. */
    async verify(id: string, answer: string): Promise<boolean> {
      const now = clock()
      const spent = await prisma.captcha.updateManyAndReturn({
        where: { id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
        select: { answerHash: true },
      })
      const stored = spent[0]?.answerHash
      if (!stored) return false
      const given = Buffer.from(hash(id, answer), 'hex')
      return timingSafeEqual(given, Buffer.from(stored, 'hex'))
    },
  }
}

export type CaptchaService = ReturnType<typeof createCaptchaService>
