// GET /media/ab/cd/<sha256>-<preset>.webp: the stored files, streamed. Keys are content-addressed,
// so a URL's bytes never change (immutable for a year); only image types go out, never sniffed.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problems } from '../../schemas/common.ts'
import { keyContentType } from '../../lib/media-keys.ts'
import { NotFoundError } from '../../lib/errors.ts'

const Hex2 = Type.String({ pattern: '^[0-9a-f]{2}$' })

const mediaFileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { media } = app.services
  app.get(
    '/:a/:b/:file',
    {
      schema: {
        tags: ['media'],
        operationId: 'getMediaFile',
        summary: 'The bytes of a stored image (a rendition URL)',
        params: Type.Object({ a: Hex2, b: Hex2, file: Type.String({ pattern: '^[0-9a-f]{64}-[a-z0-9-]{1,32}\\.(jpg|png|webp|avif|gif)$' }) }),
        response: { 200: Type.String({ contentMediaType: 'image/*', description: 'the image' }), ...problems(400, 404) },
      },
    },
    async (req, reply) => {
      const { a, b, file } = req.params
      const key = `${a}/${b}/${file}`
      const type = keyContentType(key)
      if (!type || !file.startsWith(a + b)) throw new NotFoundError('no such file')
      const stored = await media.file(key)
      if (!stored) throw new NotFoundError('no such file')
      return (
        reply
          .header('content-type', type)
          .header('content-length', stored.size)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          // a stream is sent as is: the 200 schema documents the bytes, nothing serialises them
          .send(stored.body as unknown as string)
      )
    },
  )
}

export default mediaFileRoutes
