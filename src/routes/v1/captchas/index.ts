import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problems } from '../../../schemas/common.ts'
import { CaptchaSchema } from '../../../schemas/comments.ts'
import { TooManyRequestsError } from '../../../lib/errors.ts'

// every challenge is a database row: bound how fast one address can make them
const CAPTCHAS_PER_COMMENT = 10

const captchaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { rateLimiter } = app.services
  app.post('/', {
    onRequest: async (req) => {
      const hit = await rateLimiter.hit(`captcha:${req.ip}`, app.config.rateLimitComments * CAPTCHAS_PER_COMMENT, 60)
      if (!hit.allowed) throw new TooManyRequestsError(hit.retryAfterSeconds)
    },
    schema: {
      tags: ['comments'], operationId: 'createCaptcha', summary: 'A new captcha challenge',
      description: 'An SVG image of five characters to type into the comment form (case-insensitive). It expires after CAPTCHA_TTL_SECONDS (5 minutes) and is spent by its first attempt, right or wrong. A "reset captcha" button simply asks for a new one. At most 10 × RATE_LIMIT_COMMENTS per address per minute (429).',
      response: { 201: CaptchaSchema, ...problems(429) },
    },
  }, async (_req, reply) => {
    const { id, svg, expiresAt } = await app.services.captcha.create()
    return reply.code(201).send({ id, svg, expiresAt: expiresAt.toISOString() })
  })
}

export default captchaRoutes
