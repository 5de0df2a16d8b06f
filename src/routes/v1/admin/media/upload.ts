// Reads one multipart upload: exactly one part named `file`, streamed to a temporary file (never
// held whole in memory), and the optional text fields; every other shape is a 400 that says why.
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { BadRequestError, ContentTooLargeError } from '../../../../lib/errors.ts'
import { MEDIA_LIMITS, type MediaUploadFields } from '../../../../schemas/media.ts'

const TEXT_FIELDS = new Set(['alt', 'caption', 'credit'])
// no directories, no control characters, not only dots
const BAD_NAME = /[/\\\u0000-\u001f\u007f]|^\.+$/

const bad = (message: string, at = 'body/file') => new BadRequestError(`invalid upload: ${at} ${message}`, [{ path: at, message }])

export async function receiveUpload<T>(
  req: FastifyRequest,
  maxBytes: number,
  use: (u: { path: string; filename: string; fields: MediaUploadFields }) => Promise<T>,
): Promise<T> {
  if (!req.isMultipart()) throw bad('is missing: send multipart/form-data with one part named "file"')
  const dir = await mkdtemp(path.join(tmpdir(), 'toasoan-upload-'))
  try {
    let file: { path: string; filename: string } | undefined
    const fields: Record<string, string> = {}
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file') throw bad(`is the only file field; got "${part.fieldname.slice(0, 50)}"`, 'body/file')
          if (file) throw bad('must be one file; two were sent')
          const name = part.filename.normalize('NFC')
          if (!name || name.length > MEDIA_LIMITS.filename || BAD_NAME.test(name)) {
            throw bad(`has an unusable file name: at most ${MEDIA_LIMITS.filename} characters, no directories or control characters`, 'body/file/filename')
          }
          const target = path.join(dir, 'upload')
          await pipeline(part.file, createWriteStream(target))
          if (part.file.truncated) throw new ContentTooLargeError(`the file is larger than MEDIA_MAX_BYTES (${maxBytes} bytes)`)
          file = { path: target, filename: name }
        } else {
          if (!TEXT_FIELDS.has(part.fieldname)) throw bad(`is not a field of an upload (file, alt, caption, credit)`, `body/${part.fieldname.slice(0, 50)}`)
          if (part.valueTruncated) throw bad('is too long', `body/${part.fieldname}`)
          fields[part.fieldname] = String(part.value)
        }
      }
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ContentTooLargeError(`the file is larger than MEDIA_MAX_BYTES (${maxBytes} bytes)`)
      if (code === 'FST_FILES_LIMIT') throw bad('must be one file; more were sent')
      if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw bad('has too many parts', 'body')
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || (err as Error).message?.startsWith('Unexpected end of form'))
        throw bad('is not a well-formed multipart body', 'body')
      throw err
    }
    if (!file) throw bad('is missing: send the image in a part named "file"')
    for (const [k, v] of Object.entries(fields)) {
      if (v.length > MEDIA_LIMITS[k as keyof typeof MEDIA_LIMITS])
        throw bad(`must NOT have more than ${MEDIA_LIMITS[k as keyof typeof MEDIA_LIMITS]} characters`, `body/${k}`)
    }
    return await use({ ...file, fields })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
