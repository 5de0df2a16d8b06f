import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ArticleSlugParamsSchema, problems } from '../../../schemas/common.ts'
import { CommentAcceptedSchema, CommentListQuerySchema, CommentListSchema, NewCommentSchema } from '../../../schemas/comments.ts'
import { TooManyRequestsError } from '../../../lib/errors.ts'
import { setNextLink } from '../../../plugins/paging.ts'
import { publicCache } from '../../../plugins/http-cache.ts'
import { commentKeys } from '../../../events/tags.ts'
import type { OpenArticle } from '../../../services/comments/comments.ts'

declare module 'fastify' {
  interface FastifyRequest {
    openArticle?: OpenArticle
  }
}

const commentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { comments, rateLimiter, readerKey } = app.services
  const { rateLimitComments } = app.config

  app.get(
    '/:slug/comments',
    {
      schema: {
        tags: ['comments'],
        operationId: 'listArticleComments',
        summary: "An article's approved comments",
        description:
          "Approved comments (`sort`: oldest first by default, newest first, or top: editor's picks, then the most liked), with approved replies nested " +
          'under their parent (one level). Paged over top-level comments. 404 when the article is not public.',
        params: ArticleSlugParamsSchema,
        querystring: CommentListQuerySchema,
        response: { 200: CommentListSchema, ...problems(400, 404) },
      },
    },
    async (req, reply) => {
      const { data, meta, articleId, thread } = await comments.listPublic(req.params.slug, req.query)
      setNextLink(req, reply, meta)
      return publicCache(req, reply, { data, meta, thread }, undefined, commentKeys(articleId))
    },
  )

  app.post(
    '/:slug/comments',
    {
      // the order the checks run in: every attempt counts against the IP's limit (so it also bounds
      // captcha guessing), then the article must be open, then the body is validated
      onRequest: async (req) => {
        const hit = await rateLimiter.hit(`comment:${readerKey(req.ip)}`, rateLimitComments, 60)
        if (!hit.allowed) throw new TooManyRequestsError(hit.retryAfterSeconds, 'too many comments from this address; try again later')
      },
      preValidation: async (req) => {
        req.openArticle = await comments.openArticle((req.params as { slug: string }).slug)
      },
      schema: {
        tags: ['comments'],
        operationId: 'submitComment',
        summary: 'Send a reader comment',
        description:
          'Accepted for moderation: **202** `{ id, status }`. In pre-moderation mode (the default) nothing is public until a moderator approves it. Checks, ' +
          'in order: rate limit per IP (429 with Retry-After), the article is public (404) with comments open (409), the body (400), the captcha (400; ' +
          'spent by this attempt), a duplicate of a comment sent from the same address within 10 minutes (409). Markup is removed; line breaks are kept.',
        params: ArticleSlugParamsSchema,
        body: NewCommentSchema,
        response: { 202: CommentAcceptedSchema, ...problems(400, 404, 409, 413, 415, 429) },
      },
    },
    async (req, reply) => {
      const result = await comments.submit({ article: req.openArticle!, ip: req.ip, ...req.body })
      // a comment the rules classed as spam is answered like any held comment
      return reply.code(202).send({ id: result.id, status: result.status === 'approved' ? 'approved' : 'pending' })
    },
  )
}

export default commentRoutes
