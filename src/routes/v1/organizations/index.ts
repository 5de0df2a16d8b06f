// GET /v1/organizations and /v1/organizations/{slug}: the party-organization hierarchy.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { setNextLink } from '../../../plugins/paging.ts'
import { OrganizationDetailSchema, OrganizationListQuerySchema, OrganizationListSchema, OrganizationSlugParamsSchema } from '../../../schemas/organizations.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const organizationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicOrganizations } = app.services

  app.get(
    '',
    {
      schema: {
        tags: ['organizations'],
        operationId: 'listOrganizations',
        summary: 'Party organizations',
        description: [
          'One level at a time: without `parent` the roots (e.g. the provincial party committee), with `?parent=slug` the organizations directly below it.',
          'With `?tree=true` the whole tree, nested under `children` (with `parent` too: the subtree below it).',
          'A level is paged like every list (a bloc committee may have well over a hundred cells): `page` (with `total`, `totalPages`) or `cursor` from ' +
            '`meta.nextCursor`, `limit` 1–100 (default 20); a `Link: <…>; rel="next"` header names the next page.',
          'A tree is returned whole, unpaged (`meta.total` counts every organization in it, nested ones included); `page`, `cursor` or `limit` with ' +
            '`tree=true` is a 400.',
          'Ordered by slug. An unknown `parent` is a 404; unknown query parameters are a 400.',
          CACHE_NOTE,
        ].join(' '),
        querystring: OrganizationListQuerySchema,
        response: { 200: OrganizationListSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => {
      const result = await publicOrganizations.list(req.query)
      setNextLink(req, reply, result.body.meta)
      return sendVersioned(req, reply, result)
    },
  )

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['organizations'],
        operationId: 'getOrganization',
        summary: 'One party organization',
        description:
          `The organization with \`ancestors\` (root first, for breadcrumbs) and \`children\` (one level). Its articles, those of the ` +
          `organizations below it included, are \`GET /v1/articles?organization={slug}\`. ${CACHE_NOTE}`,
        params: OrganizationSlugParamsSchema,
        response: { 200: OrganizationDetailSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicOrganizations.get(req.params.slug)),
  )
}

export default organizationRoutes
