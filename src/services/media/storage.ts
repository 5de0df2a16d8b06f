// Where media files live: one small interface, a local directory (`fs`, served by this API at
// /media) or any S3-compatible bucket (storage-s3.ts). Keys are checked here (lib/media-keys.ts)
// so no driver ever sees a path of the caller's making.
import { createReadStream } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { randomUUID } from 'node:crypto'
import { KEY } from '../../lib/media-keys.ts'

export interface StoredFile {
  body: Readable
  size: number
}

export interface MediaStorage {
  put(key: string, body: Buffer, contentType: string): Promise<void>
  /** the size of a stored file, or undefined */
  head(key: string): Promise<number | undefined>
  get(key: string): Promise<StoredFile | undefined>
  /** a missing file is not an error */
  delete(key: string): Promise<void>
  close(): Promise<void>
}

export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a media key: ${JSON.stringify(key).slice(0, 100)}`)
  return key
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT'

/**
 * Files under `dir`, written to a temporary name and renamed so a reader never sees half a file.
 * Without a directory (DATA_DIR=memory://, the tests) a temporary one is made and removed on close.
 */
export async function createFsStorage(dir: string | undefined): Promise<MediaStorage> {
  const root = dir ? path.resolve(dir) : await mkdtemp(path.join(tmpdir(), 'toasoan-media-'))
  await mkdir(root, { recursive: true })
  const file = (key: string) => path.join(root, checkKey(key))
  return {
    async put(key, body) {
      const target = file(key)
      await mkdir(path.dirname(target), { recursive: true })
      const temp = `${target}.${randomUUID()}.tmp`
      await writeFile(temp, body)
      await rename(temp, target)
    },
    async head(key) {
      try {
        return (await stat(file(key))).size
      } catch (err) {
        if (missing(err)) return undefined
        throw err
      }
    },
    async get(key) {
      const target = file(key)
      try {
        const { size } = await stat(target)
        return { body: createReadStream(target), size }
      } catch (err) {
        if (missing(err)) return undefined
        throw err
      }
    },
    async delete(key) {
      await unlink(file(key)).catch((err) => {
        if (!missing(err)) throw err
      })
    },
    async close() {
      if (!dir) await rm(root, { recursive: true, force: true })
    },
  }
}
