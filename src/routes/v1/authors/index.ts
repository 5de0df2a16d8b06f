// GET /v1/authors and /v1/authors/{slug}: public bylines.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { setNextLink } from '../../../plugins/paging.ts'
import { AuthorListQuerySchema, AuthorListSchema, AuthorSchema, AuthorSlugParamsSchema } from '../../../schemas/authors.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const authorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicAuthors } = app.services

  app.get(
    '',
    {
      schema: {
        tags: ['authors'],
        operationId: 'listAuthors',
        summary: 'Bylines',
        description: [
          'Every author, ordered by slug (the name without tone marks), each with `articleCount`: the articles public now that carry the byline.',
          'Paging by `page` (with totals) or by `cursor` from `meta.nextCursor`; a `Link: <…>; rel="next"` header names the next page.',
          'Unknown query parameters are a 400.',
          CACHE_NOTE,
        ].join(' '),
        querystring: AuthorListQuerySchema,
        response: { 200: AuthorListSchema, ...cachedResponses(400) },
      },
    },
    async (req, reply) => {
      const result = await publicAuthors.list(req.query)
      setNextLink(req, reply, result.body.meta)
      return sendVersioned(req, reply, result)
    },
  )

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['authors'],
        operationId: 'getAuthor',
        summary: 'One byline',
        description: `The author with \`articleCount\` of public articles; their articles are \`GET /v1/articles?author={slug}\`. ${CACHE_NOTE}`,
        params: AuthorSlugParamsSchema,
        response: { 200: AuthorSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicAuthors.get(req.params.slug)),
  )
}

export default authorRoutes
