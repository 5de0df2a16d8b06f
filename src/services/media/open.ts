// The storage driver MEDIA_STORAGE names.
import type { MediaConfig } from '../../config.ts'
import { createFsStorage, type MediaStorage } from './storage.ts'

export async function openMediaStorage(config: MediaConfig): Promise<MediaStorage> {
  // the AWS SDK (about 6 MB resident) is loaded only by the instances that store in S3
  if (config.storage === 's3') return (await import('./storage-s3.ts')).createS3Storage(config.s3!)
  return createFsStorage(config.dir)
}
