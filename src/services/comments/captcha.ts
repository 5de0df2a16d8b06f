// Captcha challenges for the reader comment form. The answer is stored only as a keyed hash,
// expires, and is spent by its first attempt, right or wrong; it lives in PostgreSQL so that any
// instance can check a challenge another instance issued.
//   image: a raster of five characters (src/lib/captcha-image.ts) the reader types.
//   pow:   an ALTCHA proof of work; the answer is the secret number the reader's browser finds
//          by hashing, sent back as ALTCHA's base64 payload.
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto'
import { createChallenge, verifySolution } from 'altcha-lib/v1'
import type { Static } from 'typebox'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { deriveKey, hmacHex } from '../../lib/keys.ts'
import { captchaImage, randomCaptchaText } from '../../lib/captcha-image.ts'
import type { PowChallengeSchema } from '../../schemas/comments.ts'
import type { Clock } from '../../lib/clock.ts'

/** `image` is a data: URL of the picture showing `text`. */
export interface CaptchaChallenge {
  text: string
  image: string
}
/** Makes an image challenge; injected so tests (and browser tests) can know the answers. */
export type CaptchaGenerator = () => CaptchaChallenge | Promise<CaptchaChallenge>

export const imageCaptchaGenerator: CaptchaGenerator = async () => {
  const text = randomCaptchaText()
  return { text, image: await captchaImage(text) }
}

export type PowChallenge = Static<typeof PowChallengeSchema>
export interface IssuedCaptcha {
  id: string
  expiresAt: Date
  image?: string
  pow?: PowChallenge
}

export interface CaptchaServiceDeps {
  prisma: PrismaClient
  clock: Clock
  secret: string
  ttlSeconds: number
  mode: 'image' | 'pow'
  generator: CaptchaGenerator
  /** the largest secret number of a proof of work; the reader's browser tries half as many on average */
  powMaxNumber: number
}

export function createCaptchaService({ prisma, clock, secret, ttlSeconds, mode, generator, powMaxNumber }: CaptchaServiceDeps) {
  const key = deriveKey(secret, 'captcha')
  const powKey = deriveKey(secret, 'captcha-pow').toString('hex')
  const hash = (id: string, answer: string) => hmacHex(key, `${id}:${answer.normalize('NFC').trim().toUpperCase()}`)
  let issued = 0

  /** The number a proof-of-work payload claims, when ALTCHA finds it signed by us and solving its challenge. */
  async function powNumber(payload: string): Promise<string | null> {
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'))
    } catch {
      return null
    }
    const claimed = parsed as { algorithm?: unknown; number?: unknown } | null
    if (typeof claimed !== 'object' || claimed === null || claimed.algorithm !== 'SHA-256' || !Number.isSafeInteger(claimed.number)) return null
    // the row's expiresAt (on our clock) is the expiry that counts, not the one in the salt
    const valid = await verifySolution(parsed as Parameters<typeof verifySolution>[0], powKey, false).catch(() => false)
    return valid ? String(claimed.number) : null
  }

  return {
    async create(): Promise<IssuedCaptcha> {
      const id = randomUUID()
      const now = clock()
      const expiresAt = new Date(now.getTime() + ttlSeconds * 1000)
      let answer: string, image: string | undefined, pow: PowChallenge | undefined
      if (mode === 'pow') {
        answer = String(randomInt(powMaxNumber + 1))
        const c = await createChallenge({ algorithm: 'SHA-256', hmacKey: powKey, maxnumber: powMaxNumber, number: Number(answer), expires: expiresAt })
        pow = { algorithm: 'SHA-256', challenge: c.challenge, salt: c.salt, maxnumber: powMaxNumber, signature: c.signature }
      } else {
        const made = await generator()
        answer = made.text
        image = made.image
      }
      await prisma.captcha.create({ data: { id, answerHash: hash(id, answer), expiresAt, createdAt: now } })
      // sweep long-expired challenges now and then rather than on every request
      if (++issued % 100 === 1) await prisma.captcha.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } } })
      return { id, expiresAt, image, pow }
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
      // a payload solved for another challenge carries another number, which this row's hash refuses
      const given = mode === 'pow' ? await powNumber(answer) : answer
      if (given === null) return false
      return timingSafeEqual(Buffer.from(hash(id, given), 'hex'), Buffer.from(stored, 'hex'))
    },
  }
}

export type CaptchaService = ReturnType<typeof createCaptchaService>
