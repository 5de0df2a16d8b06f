// GET /v1/collections/{slug}: a curated, ordered list of public articles.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { sendVersioned } from '../../../plugins/http-cache.ts'
import { Slug } from '../../../schemas/common.ts'
import { COLLECTION_EXAMPLE_SLUG, CollectionSchema } from '../../../schemas/collections.ts'
import { CACHE_NOTE, cachedResponses } from '../../../schemas/public.ts'

const collectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { publicCollections } = app.services

  app.get(
    '/:slug',
    {
      schema: {
        tags: ['collections'],
        operationId: 'getCollection',
        summary: 'A curated collection',
        description:
          'The articles in the order the editors gave them, as the article list shows each. An article placed there that is not public now (a draft ' +
          `waiting for tomorrow, an archived one) is left out until it is. An unknown slug is a 404. ${CACHE_NOTE}`,
        params: Type.Object({ slug: Slug([COLLECTION_EXAMPLE_SLUG]) }),
        response: { 200: CollectionSchema, ...cachedResponses(400, 404) },
      },
    },
    async (req, reply) => sendVersioned(req, reply, await publicCollections.get(req.params.slug)),
  )
}

export default collectionRoutes
