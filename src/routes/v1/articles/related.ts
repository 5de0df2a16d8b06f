// GET /v1/articles/{slug}/related, registered under the articles prefix beside the article routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { ArticleSlugParamsSchema } from '../../../schemas/common.ts'
import { RELATED_DEFAULT_LIMIT, RELATED_MAX_LIMIT, RelatedListSchema, RelatedQuerySchema } from '../../../schemas/collections.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const relatedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicRelated } = app.services

  app.get(
    '/:slug/related',
    {
      schema: {
        tags: ['articles'],
        operationId: 'listRelatedArticles',
        summary: 'Articles related to one',
        description: [
          `Up to \`limit\` (default ${RELATED_DEFAULT_LIMIT}, at most ${RELATED_MAX_LIMIT}) public articles: first those sharing a tag with it, then`,
          'those of its primary section, then those sharing a party organization; newest first within each group, each article once, never the',
          'article itself. Items are shaped as the article list’s. An unknown slug, or one of an article that is not public now, is a 404.',
          CACHE_NOTE,
        ].join(' '),
        params: ArticleSlugParamsSchema,
        querystring: RelatedQuerySchema,
        response: { 200: RelatedListSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicRelated.list(req.params.slug, req.query.limit)),
  )
}

export default relatedRoutes
