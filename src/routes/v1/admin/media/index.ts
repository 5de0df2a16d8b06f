import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import multipart from '@fastify/multipart'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import { MediaListQuerySchema, MediaListSchema, MediaPatchSchema, MediaSchema, MediaUploadSchema } from '../../../../schemas/media.ts'
import { access, auditContext, authUser, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'
import { ContentTooLargeError } from '../../../../lib/errors.ts'
import { receiveUpload } from './upload.ts'

const mediaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { media } = app.services
  const { maxBytes } = app.config.media
  app.addHook('onRequest', requireRoles('contributor', 'editor'))
  // the file goes to a temporary file as it arrives; preservePath shows a name's directories so
  // a "../../etc/passwd" is refused, not silently cut to "passwd"
  await app.register(multipart, {
    preservePath: true,
    limits: { fileSize: maxBytes, files: 2, fields: 8, fieldSize: 4096, parts: 12, headerPairs: 20 },
  })
  const doc = access(['contributor', 'editor'])
  const owner = access(['contributor', 'editor'], 'A contributor only for images they uploaded.')

  app.post(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'uploadMedia',
        summary: 'Upload an image (multipart/form-data)',
        ...access(
          ['contributor', 'editor'],
          'The type is read from the bytes; renditions are made before the response. Too many bytes or pixels: 413; not an accepted image type: 415.',
        ),
        consumes: ['multipart/form-data'],
        response: { 201: MediaSchema, ...problems(400, 401, 403, 413, 415) },
      },
      // documented here, read by the multipart parser (plugins/swagger.ts puts it in the OpenAPI body)
      config: { multipartBody: MediaUploadSchema },
      onRequest: async (req) => {
        // refused from the header, before a byte of the body is read (multipart framing aside)
        const declared = Number(req.headers['content-length'] ?? 0)
        if (declared > maxBytes + 64 * 1024) throw new ContentTooLargeError(`the upload is larger than MEDIA_MAX_BYTES (${maxBytes} bytes)`)
      },
    },
    async (req, reply) => {
      const user = authUser(req)
      const created = await receiveUpload(req, maxBytes, (upload) => media.upload({ ...upload, user, by: auditContext(req) }))
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/',
    {
      schema: {
        tags: ['admin'],
        operationId: 'listMedia',
        summary: 'The media library, newest first',
        ...doc,
        querystring: MediaListQuerySchema,
        response: { 200: MediaListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => sendPage(req, reply, await media.list(req.query)),
  )

  app.get(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'getMedia',
        summary: 'One image of the library',
        ...doc,
        params: IdParamsSchema,
        response: { 200: MediaSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => media.get(req.params.id),
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'updateMedia',
        summary: 'Change alt text, caption, credit or focal point',
        ...owner,
        params: IdParamsSchema,
        body: MediaPatchSchema,
        response: { 200: MediaSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => media.update(req.params.id, req.body, authUser(req), auditContext(req)),
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['admin'],
        operationId: 'deleteMedia',
        summary: 'Delete an image',
        ...owner,
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req, reply) => {
      await media.remove(req.params.id, authUser(req), auditContext(req))
      return reply.code(204).send(null)
    },
  )
}

export default mediaRoutes
