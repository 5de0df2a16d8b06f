import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problems } from '../../../schemas/common.ts'
import { CaptchaSchema } from '../../../schemas/comments.ts'
import { TooManyRequestsError } from '../../../lib/errors.ts'

// every challenge is a database row: bound how fast one address can make them
const CAPTCHAS_PER_COMMENT = 10

const captchaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rateLimiter } = app.services
  app.post(
    '/',
    {
      onRequest: async (req) => {
        const hit = await rateLimiter.hit(`captcha:${app.services.readerKey(req.ip)}`, app.config.rateLimitComments * CAPTCHAS_PER_COMMENT, 60)
        if (!hit.allowed) throw new TooManyRequestsError(hit.retryAfterSeconds)
      },
      schema: {
        tags: ['comments'],
        operationId: 'createCaptcha',
        summary: 'A new captcha challenge',
        description:
          'A challenge for the comment form, spent by its first attempt (right or wrong) and expiring after CAPTCHA_TTL_SECONDS (5 minutes); send ' +
          '`captchaId` and `captchaAnswer` with the comment. A "reset captcha" button simply asks for a new one. ' +
          'With CAPTCHA=image (the default) `image` is a PNG data URL of five characters to type (case-insensitive). ' +
          'With CAPTCHA=pow `pow` is an ALTCHA proof-of-work challenge: the browser finds the number n ≤ maxnumber with SHA-256(salt + n) = challenge ' +
          "(ALTCHA's solver in a Web Worker) and sends ALTCHA's base64 payload `{ algorithm, challenge, number, salt, signature }` as `captchaAnswer`. " +
          'At most 10 × RATE_LIMIT_COMMENTS per address per minute (429).',
        response: { 201: CaptchaSchema, ...problems(429) },
      },
    },
    async (_req, reply) => {
      const { expiresAt, ...challenge } = await app.services.captcha.create()
      return reply.code(201).send({ ...challenge, expiresAt: expiresAt.toISOString() })
    },
  )
}

export default captchaRoutes
