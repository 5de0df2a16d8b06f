// GET /v1/articles and /v1/articles/{slug}: the public read path. The comments under an article
// live beside this file (comments.ts), registered under the same prefix.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { setNextLink } from '../../../plugins/paging.ts'
import { ArticleListQuerySchema, ArticleListSchema, ArticleSchema } from '../../../schemas/articles.ts'
import { ArticleSlugParamsSchema } from '../../../schemas/common.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicArticles } = app.services

  app.get(
    '',
    {
      schema: {
        tags: ['articles'],
        operationId: 'listArticles',
        summary: 'Published articles, newest first',
        description: [
          'Only what is public now: published, or scheduled with its publication time past.',
          'Filters combine: `author`, `organization` (that organization and every one below it), `section` (likewise), `tag` (`a,b`: every one), ' +
            '`featured`, `from`/`to`, `q`.',
          'An unknown `author`, `organization`, `section` or `tag` slug is a 404, not an empty list.',
          'Paging: `page` (with `total`, `totalPages`), or `cursor` from `meta.nextCursor` (keyset, stable while articles are added).',
          'With `q`, title matches come first, then newest; its cursor keeps that order.',
          '`meta.nextCursor` is null on the last page; a `Link: <…>; rel="next"` header names the next page.',
          'Unknown query parameters are a 400.',
          CACHE_NOTE,
        ].join(' '),
        querystring: ArticleListQuerySchema,
        response: { 200: ArticleListSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const result = await publicArticles.list(req.query)
      setNextLink(req, reply, result.meta)
      return sendVersioned(req, reply, result)
    },
  )

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['articles'],
        operationId: 'getArticle',
        summary: 'One published article',
        description:
          `The article with its body, bylines in order, organizations and approved-comment count. A draft, an article in review, one scheduled ` +
          `for later or an archived one is a 404. ${CACHE_NOTE}`,
        params: ArticleSlugParamsSchema,
        response: { 200: ArticleSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicArticles.get(req.params.slug)),
  )
}

export default articleRoutes
