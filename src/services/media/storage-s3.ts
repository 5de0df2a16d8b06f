// The S3 driver: any S3-compatible store (AWS, MinIO, R2, Ceph…); credentials come from the SDK's
// standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, an instance role).
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import type { Readable } from 'node:stream'
import type { MediaConfig } from '../../config.ts'
import { checkKey, type MediaStorage } from './storage.ts'

const notFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.$metadata.httpStatusCode === 404 || err.name === 'NotFound' || err.name === 'NoSuchKey')

export function createS3Storage(options: NonNullable<MediaConfig['s3']>, client?: S3Client): MediaStorage {
  const s3 = client ?? new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: options.forcePathStyle })
  const Bucket = options.bucket
  return {
    async put(key, body, contentType) {
      await s3.send(
        new PutObjectCommand({
          Bucket,
          Key: checkKey(key),
          Body: body,
          ContentType: contentType,
          CacheControl: 'public, max-age=31536000, immutable',
        }),
      )
    },
    async head(key) {
      try {
        return (await s3.send(new HeadObjectCommand({ Bucket, Key: checkKey(key) }))).ContentLength
      } catch (err) {
        if (notFound(err)) return undefined
        throw err
      }
    },
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket, Key: checkKey(key) }))
        return { body: out.Body as Readable, size: out.ContentLength ?? 0 }
      } catch (err) {
        if (notFound(err)) return undefined
        throw err
      }
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket, Key: checkKey(key) }))
    },
    async close() {
      s3.destroy()
    },
  }
}
