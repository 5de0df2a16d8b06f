// Curated collections (editor and up): create, list, read with the ETag, reorder whole under If-Match.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { IfMatchHeadersSchema } from '../../../../schemas/admin-articles.ts'
import {
  CollectionArticlesSchema,
  CollectionCreateSchema,
  CollectionEtagHeaders,
  CollectionPatchSchema,
  StaffCollectionListQuerySchema,
  StaffCollectionListSchema,
  StaffCollectionSchema,
} from '../../../../schemas/admin-collections.ts'
import { access, auditContext, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'
import { parseIfMatch, versionEtag } from '../../../../lib/version-etag.ts'

const DRAFTS =
  'Drafts and other articles readers do not see may be placed (to prepare a front page ahead): the public collection leaves them out until they are public.'

const collectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { collections } = app.services
  app.addHook('onRequest', requireRoles('editor'))

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'listCollections',
        summary: 'Curated collections, newest first',
        ...access(['editor'], 'Paged like every list: `page` (with totals) or `cursor`.'),
        querystring: StaffCollectionListQuerySchema,
        response: { 200: StaffCollectionListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => sendPage(req, reply, await collections.list(req.query)),
  )

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'createCollection',
        summary: 'Create a curated collection',
        ...access(
          ['editor'],
          'The slug is made from the name unless given (a clash gets -2, -3, …; a given slug that is taken is 409). `maxItems` 1–100, default 20. ' +
            'It starts empty: place articles with PUT …/articles.',
        ),
        body: CollectionCreateSchema,
        response: { 201: { ...StaffCollectionSchema, headers: CollectionEtagHeaders }, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const c = await collections.create(req.body, auditContext(req))
      return reply.code(201).header('location', `/v1/admin/collections/${c.id}`).header('etag', versionEtag(c.id, c.version)).send(c)
    },
  )

  app.get(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'getStaffCollection',
        summary: 'One collection, its order and its ETag',
        ...access(['editor'], 'Every placed article, with `publicNow` telling which ones readers see now.'),
        params: IdParamsSchema,
        response: { 200: { ...StaffCollectionSchema, headers: CollectionEtagHeaders }, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const c = await collections.get(req.params.id)
      return reply.header('etag', versionEtag(c.id, c.version)).send(c)
    },
  )

  app.put(
    '/:id/articles',
    {
      schema: {
        tags: ['admin'],
        operationId: 'replaceCollectionArticles',
        summary: 'Replace the whole order (If-Match required)',
        ...access(
          ['editor'],
          'If-Match must carry the ETag last read: 428 without it, 412 when the collection changed since (another editor’s order is never ' +
            'overwritten unseen). An unknown article id, one given twice, or more than `maxItems`: 400 naming them, and nothing changes. ' +
            DRAFTS,
        ),
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: CollectionArticlesSchema,
        response: { 200: { ...StaffCollectionSchema, headers: CollectionEtagHeaders }, ...problems(400, 401, 403, 404, 412, 428) },
      },
    },
    async (req, reply) => {
      const c = await collections.replaceArticles(req.params.id, req.body, parseIfMatch(req.headers['if-match'], req.params.id), auditContext(req))
      return reply.header('etag', versionEtag(c.id, c.version)).send(c)
    },
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateCollection',
        summary: 'Rename a collection or change its size',
        ...access(
          ['editor'],
          '`maxItems` below the number of articles it holds: 409. A slug that is taken: 409. An If-Match, when sent, must be current (412).',
        ),
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: CollectionPatchSchema,
        response: { 200: { ...StaffCollectionSchema, headers: CollectionEtagHeaders }, ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (req, reply) => {
      const c = await collections.update(req.params.id, req.body, parseIfMatch(req.headers['if-match'], req.params.id), auditContext(req))
      return reply.header('etag', versionEtag(c.id, c.version)).send(c)
    },
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'deleteCollection',
        summary: 'Delete a collection (its articles stay)',
        ...access(['editor'], 'An If-Match, when sent, must be current (412).'),
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (req, reply) => {
      await collections.remove(req.params.id, parseIfMatch(req.headers['if-match'], req.params.id), auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default collectionRoutes
