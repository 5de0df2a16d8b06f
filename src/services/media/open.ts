// The storage driver MEDIA_STORAGE names.
import type { MediaConfig } from '../../config.ts'
import { createFsStorage, type MediaStorage } from './storage.ts'
import { createS3Storage } from './storage-s3.ts'

export async function openMediaStorage(config: MediaConfig): Promise<MediaStorage> {
  if (config.storage === 's3') return createS3Storage(config.s3!)
  return createFsStorage(config.dir)
}
