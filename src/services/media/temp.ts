// A scratch file for sharp to read from disk (its shrink-on-load and header reads work on files).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export async function tmpFile<T>(data: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'toasoan-img-'))
  try {
    const file = path.join(dir, 'image')
    await writeFile(file, data)
    return await use(file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
