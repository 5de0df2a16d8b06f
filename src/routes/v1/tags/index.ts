// GET /v1/tags and /v1/tags/{slug}: tags carried by public articles.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { setNextLink } from '../../../plugins/paging.ts'
import { TagListQuerySchema, TagListSchema, TagSchema, TagSlugParamsSchema } from '../../../schemas/tags.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const tagRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicTags } = app.services

  app.get(
    '',
    {
      schema: {
        tags: ['tags'],
        operationId: 'listTags',
        summary: 'Tags',
        description: [
          'Tags that at least one public article carries, by slug, each with `articleCount` (public articles).',
          '`q` is a prefix of the name compared folded, without case, tone marks or đ/Đ: "chuyen" and "Chuyển" both find "Chuyển đổi số".',
          'Paged like every list: `page` (with `total`, `totalPages`) or `cursor` from `meta.nextCursor`, `limit` 1–100 (default 20).',
          CACHE_NOTE,
        ].join(' '),
        querystring: TagListQuerySchema,
        response: { 200: TagListSchema, ...cachedResponses(400) },
      },
    },
    async (req, reply) => {
      const result = await publicTags.list(req.query)
      setNextLink(req, reply, result.body.meta)
      return sendVersioned(req, reply, result)
    },
  )

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['tags'],
        operationId: 'getTag',
        summary: 'One tag',
        description:
          `The tag with its count of public articles (a tag no public article carries is a 404). ` +
          `Its articles are \`GET /v1/articles?tag={slug}\`. ${CACHE_NOTE}`,
        params: TagSlugParamsSchema,
        response: { 200: TagSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicTags.get(req.params.slug)),
  )
}

export default tagRoutes
