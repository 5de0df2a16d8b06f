// GET /v1/sections and /v1/sections/{slug}: the section hierarchy (chuyên mục), in menu order.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { setNextLink } from '../../../plugins/paging.ts'
import { SectionDetailSchema, SectionListQuerySchema, SectionListSchema, SectionSlugParamsSchema } from '../../../schemas/sections.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const sectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicSections } = app.services

  app.get(
    '',
    {
      schema: {
        tags: ['sections'],
        operationId: 'listSections',
        summary: 'Sections',
        description: [
          'One level at a time: without `parent` the top-level sections, with `?parent=slug` the sections directly below it.',
          'With `?tree=true` the whole tree, nested under `children` (with `parent` too: the subtree below it), returned whole and unpaged; ' +
            '`page`, `cursor` or `limit` with `tree=true` is a 400.',
          'A level is paged like every list: `page` (with `total`, `totalPages`) or `cursor` from `meta.nextCursor`, `limit` 1–100 (default 20).',
          'Menu order: `position`, then slug. An unknown `parent` is a 404; unknown query parameters are a 400.',
          CACHE_NOTE,
        ].join(' '),
        querystring: SectionListQuerySchema,
        response: { 200: SectionListSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const result = await publicSections.list(req.query)
      setNextLink(req, reply, result.body.meta)
      return sendVersioned(req, reply, result)
    },
  )

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['sections'],
        operationId: 'getSection',
        summary: 'One section',
        description:
          'The section with `ancestors` (top first, for breadcrumbs) and `children` (one level, in menu order). Its articles, those of the ' +
          `sections below it included, are \`GET /v1/articles?section={slug}\`. ${CACHE_NOTE}`,
        params: SectionSlugParamsSchema,
        response: { 200: SectionDetailSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicSections.get(req.params.slug)),
  )
}

export default sectionRoutes
