// What readers do with a published comment: report it, like it. One per reader per comment, the
// reader being lib/reader.ts's key of the request's IP.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema, problems } from '../../../schemas/common.ts'
import { LikesSchema, NewReactionSchema, NewReportSchema, ReportAcceptedSchema } from '../../../schemas/comments.ts'
import { TooManyRequestsError } from '../../../lib/errors.ts'

const tags = ['comments']
// a like is cheaper and more frequent than a comment: ten times the comment budget
const LIKES_PER_COMMENT = 10

const communityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { community, rateLimiter, readerKey } = app.services
  const { rateLimitComments } = app.config

  const limited = (kind: string, limit: number, message: string) => async (req: { ip: string }) => {
    const hit = await rateLimiter.hit(`${kind}:${readerKey(req.ip)}`, limit, 60)
    if (!hit.allowed) throw new TooManyRequestsError(hit.retryAfterSeconds, message)
  }

  app.post(
    '/:id/reports',
    {
      onRequest: limited('report', rateLimitComments, 'too many reports from this address; try again later'),
      schema: {
        tags,
        operationId: 'reportComment',
        summary: 'Report a comment to the moderators',
        description:
          "One report per reader per comment: a repeat is answered 202 and counted once. At the moderation rules' `reportThreshold` the comment is hidden " +
          'from the public until a moderator decides. 404 when the comment is not public. Rate-limited per reader like comments (429 with Retry-After).',
        params: IdParamsSchema,
        body: NewReportSchema,
        response: { 202: ReportAcceptedSchema, ...problems(400, 404, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      await community.report(req.params.id, readerKey(req.ip), req.body)
      return reply.code(202).send({ accepted: true })
    },
  )

  const likeLimit = limited('like', rateLimitComments * LIKES_PER_COMMENT, 'too many reactions from this address; try again later')

  app.post(
    '/:id/reactions',
    {
      onRequest: likeLimit,
      schema: {
        tags,
        operationId: 'likeComment',
        summary: 'Like a comment',
        description: 'One like per reader per comment (a repeat changes nothing); answers the count. 404 when the comment is not public.',
        params: IdParamsSchema,
        body: NewReactionSchema,
        response: { 200: LikesSchema, ...problems(400, 404, 413, 415, 429) },
      },
    },
    async (req) => community.like(req.params.id, readerKey(req.ip)),
  )

  app.delete(
    '/:id/reactions',
    {
      onRequest: likeLimit,
      schema: {
        tags,
        operationId: 'unlikeComment',
        summary: 'Take a like back',
        description: "Removes the reader's like, if any; answers the count. 404 when the comment is not public.",
        params: IdParamsSchema,
        response: { 200: LikesSchema, ...problems(400, 404, 429) },
      },
    },
    async (req) => community.unlike(req.params.id, readerKey(req.ip)),
  )
}

export default communityRoutes
