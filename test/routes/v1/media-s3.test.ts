// The s3 driver against a real S3-protocol server (s3rver, pure JavaScript) on a random local port:
// the driver's put, head, get and delete over the wire, then the whole upload → serve → delete path.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import S3rver from 's3rver'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { jpeg, uploaded } from '../../fixtures/media.ts'
import { createS3Storage } from '../../../src/services/media/storage-s3.ts'

const directory = await mkdtemp(path.join(tmpdir(), 'toasoan-s3rver-'))
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: 'toasoan-media' }] })
const { port } = await server.run()
t.teardown(async () => {
  await server.close()
  await rm(directory, { recursive: true, force: true })
})
// s3rver accepts its own well-known key pair
process.env.AWS_ACCESS_KEY_ID = 'S3RVER'
process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER'
const endpoint = `http://127.0.0.1:${port}`
const s3 = { bucket: 'toasoan-media', endpoint, region: 'us-east-1', forcePathStyle: true }

t.test('the driver: put, head, get, delete over the wire; malformed keys never leave the process', async (t) => {
  const storage = createS3Storage(s3)
  t.teardown(() => storage.close())
  const key = `ab/cd/ab${'c'.repeat(62)}-thumb.webp`
  t.equal(await storage.head(key), undefined)
  t.equal(await storage.get(key), undefined)
  await storage.put(key, Buffer.from('RIFF....WEBP'), 'image/webp')
  t.equal(await storage.head(key), 12)
  const got = await storage.get(key)
  const chunks: Buffer[] = []
  for await (const c of got!.body) chunks.push(c as Buffer)
  t.equal(Buffer.concat(chunks).toString(), 'RIFF....WEBP')
  await storage.delete(key)
  t.equal(await storage.head(key), undefined)
  await storage.delete(key)
  await t.rejects(storage.put('../../etc/passwd', Buffer.from('x'), 'image/webp'), /not a media key/)
})

t.test('the app on MEDIA_STORAGE=s3: upload, MEDIA_PUBLIC_URL in the renditions, served through /media, files removed with the last row', async (t) => {
  const ctx = await build(t, {
    MEDIA_STORAGE: 's3',
    MEDIA_S3_BUCKET: s3.bucket,
    MEDIA_S3_ENDPOINT: endpoint,
    MEDIA_S3_FORCE_PATH_STYLE: 'true',
    MEDIA_PUBLIC_URL: 'https://cdn.toasoan.test/media/',
  })
  const editor = await tokenFor(ctx, 'editor')
  const m = await uploaded(ctx.app, editor.headers, await jpeg(1000, 800, { exif: true }))
  t.match(m.renditions.card.url, /^https:\/\/cdn\.toasoan\.test\/media\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}-card\.webp$/)
  const key = m.renditions.card.url.replace('https://cdn.toasoan.test/media/', '')
  const direct = await fetch(`${endpoint}/${s3.bucket}/${key}`)
  t.equal(direct.status, 200, 'in the bucket')
  t.equal(direct.headers.get('content-type'), 'image/webp')
  const served = await ctx.app.inject({ url: `/media/${key}` })
  t.equal(served.statusCode, 200)
  t.equal(served.headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal(served.rawPayload.length, Buffer.from(await direct.arrayBuffer()).length)
  t.equal((await ctx.app.inject({ method: 'DELETE', url: `/v1/admin/media/${m.id}`, headers: editor.headers })).statusCode, 204)
  t.equal((await fetch(`${endpoint}/${s3.bucket}/${key}`)).status, 404, 'removed from the bucket')
})
