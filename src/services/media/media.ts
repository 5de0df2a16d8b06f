// The media library: uploads (type from the bytes, header-checked size, renditions in a bounded
// pool, content-addressed files), the staff list, metadata and focal point, and deletion.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { fileTypeFromFile } from 'file-type'
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts'
import type { MediaConfig } from '../../config.ts'
import type { Clock } from '../../lib/clock.ts'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, UnsupportedMediaTypeError } from '../../lib/errors.ts'
import { PRESET_NAMES, isAcceptedMime, originalKey, renditionKey } from '../../lib/media-keys.ts'
import { pagingOf } from '../../lib/paging.ts'
import { searchText, searchWords } from '../../lib/vietnamese.ts'
import { createWorkPool } from '../../lib/work-pool.ts'
import { textInput } from '../../lib/text-input.ts'
import { prismaPage, type SortKey } from '../../db/keyset.ts'
import type { AuthUser } from '../../schemas/auth.ts'
import { MEDIA_LIMITS, type Media, type MediaListQuery, type MediaPatch, type MediaUploadFields } from '../../schemas/media.ts'
import { probe, reencodeOriginal, rendition } from './images.ts'
import { presentMedia, type StoredRenditions } from './present.ts'
import type { MediaStorage } from './storage.ts'
import { tmpFile } from './temp.ts'
import { recordEvent } from '../../events/record.ts'
import { changesOf, recordAudit, type AuditContext } from '../audit/record.ts'
import { createFileCache } from './file-cache.ts'

export interface MediaServiceDeps {
  prisma: PrismaClient
  clock: Clock
  storage: MediaStorage
  config: MediaConfig
  log?: { warn(obj: object, msg: string): void }
}

export interface Upload {
  path: string
  filename: string
  fields: MediaUploadFields
  user: AuthUser
  by: AuditContext
}

/** What the audit log keeps of an image: its description, not its storage keys. */
const audited = (m: Prisma.MediaGetPayload<object>) => ({
  filename: m.filename,
  mimeType: m.mimeType,
  width: m.width,
  height: m.height,
  bytes: m.bytes,
  alt: m.alt,
  decorative: m.decorative,
  caption: m.caption,
  credit: m.credit,
  focalPoint: { x: m.focalX, y: m.focalY },
  uploadedById: m.uploadedById,
})

const NEWEST_FIRST: SortKey[] = [
  { field: 'createdAt', dir: 'desc', type: 'date' },
  { field: 'id', dir: 'desc', type: 'uuid' },
]
const DEFAULT_FOCAL = { x: 0.5, y: 0.5 }
// storage writes happen under the row's lock: longer than Prisma's 5 s default on a slow bucket
const TX = { timeout: 60_000, maxWait: 10_000 }

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Every row of one upload's hash serialises on this lock: uploads, deletions, focal changes. */
const lockHash = (tx: Prisma.TransactionClient, sha256: string) => tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`media:${sha256}`}))`

const keysOf = (row: { originalKey: string; renditions: unknown }) => [row.originalKey, ...Object.values(row.renditions as StoredRenditions).map((r) => r.key)]

function cleanFields(input: { alt?: string | null; caption?: string | null; credit?: string | null }, prefix: string) {
  const text = textInput()
  const alt = input.alt === undefined || input.alt === null ? input.alt : (text.optionalLine(`${prefix}/alt`, input.alt, MEDIA_LIMITS.alt) ?? '')
  const out = {
    alt,
    caption: text.optionalLine(`${prefix}/caption`, input.caption, MEDIA_LIMITS.caption),
    credit: text.optionalLine(`${prefix}/credit`, input.credit, MEDIA_LIMITS.credit),
  }
  text.done()
  return out
}

export function createMediaService({ prisma, clock, storage, config, log }: MediaServiceDeps) {
  const pool = createWorkPool(config.workers)
  // the /media route's reads: renditions up to 512 KB in 32 MB of memory, each for at most a minute
  const files = createFileCache(storage, { maxFileBytes: 512 * 1024, maxBytes: 32 * 1024 * 1024, ttlMs: 60_000 })
  const present = (row: Parameters<typeof presentMedia>[0]) => presentMedia(row, config.publicUrl)

  async function putMissing(files: Map<string, { data: Buffer; type: string }>) {
    for (const [key, f] of files) if ((await storage.head(key)) === undefined) await storage.put(key, f.data, f.type)
  }

  /** Stored files no remaining row of the same hash names, removed; a failure only leaves an orphan. */
  async function dropUnused(tx: Prisma.TransactionClient, sha256: string, keys: string[]) {
    const others = await tx.media.findMany({ where: { sha256 }, select: { originalKey: true, renditions: true } })
    const kept = new Set(others.flatMap(keysOf))
    for (const key of keys) {
      if (kept.has(key)) continue
      files.evict(key)
      await storage.delete(key).catch((err) => log?.warn({ err, key }, 'a media file could not be removed'))
    }
  }

  async function mayChange(id: string, user: AuthUser) {
    const row = await prisma.media.findUnique({ where: { id } })
    if (!row) throw new NotFoundError('no such media')
    if (user.role !== 'admin' && user.role !== 'editor' && row.uploadedById !== user.id) {
      throw new ForbiddenError('only the uploader, an editor or an admin may change this image')
    }
    return row
  }

  return {
    async upload({ path, filename, fields, user, by }: Upload): Promise<Media> {
      const meta = cleanFields(fields, 'body')
      const { size } = await stat(path)
      if (size === 0) throw new BadRequestError('the file is empty', [{ path: 'body/file', message: 'is empty' }])
      const type = await fileTypeFromFile(path)
      if (!type || !isAcceptedMime(type.mime)) {
        throw new UnsupportedMediaTypeError(`${type ? type.mime : 'this file'} is not accepted: send JPEG, PNG, WebP, AVIF or GIF`)
      }
      const mime = type.mime
      const sha256 = await sha256Of(path)
      const files = new Map<string, { data: Buffer; type: string }>()
      const renditions = {} as StoredRenditions
      // the same bytes uploaded again reuse the stored files: only the rows differ
      const twin = await prisma.media.findFirst({ where: { sha256 }, orderBy: { createdAt: 'asc' } })
      const dims = await pool.run(async () => {
        const upright = await probe(path, config.maxPixels)
        const original = originalKey(sha256, mime)
        if (!twin) files.set(original, { data: await reencodeOriginal(path, mime, config.maxPixels), type: mime })
        for (const preset of PRESET_NAMES) {
          const key = renditionKey(sha256, preset, DEFAULT_FOCAL)
          const known = twin && (twin.renditions as unknown as StoredRenditions)[preset]
          if (known && known.key === key) {
            renditions[preset] = known
            continue
          }
          const r = await rendition(path, upright, preset, DEFAULT_FOCAL, config.maxPixels)
          files.set(key, { data: r.data, type: 'image/webp' })
          renditions[preset] = { key, width: r.width, height: r.height }
        }
        return upright
      })
      const row = await prisma.$transaction(async (tx) => {
        await lockHash(tx, sha256)
        await putMissing(files)
        const now = clock()
        const created = await tx.media.create({
          data: {
            sha256,
            mimeType: mime,
            width: dims.width,
            height: dims.height,
            bytes: size,
            filename,
            alt: meta.alt ?? null,
            caption: meta.caption ?? null,
            credit: meta.credit ?? null,
            originalKey: originalKey(sha256, mime),
            renditions: renditions as unknown as Prisma.InputJsonValue,
            searchText: searchText(meta.alt, meta.caption, meta.credit, filename),
            uploadedById: user.id,
            createdAt: now,
            updatedAt: now,
          },
        })
        await recordAudit(tx, { by, action: 'create', entity: 'media', entityId: created.id, changes: changesOf(null, audited(created)) })
        return created
      }, TX)
      return present(row)
    },

    async list(query: MediaListQuery) {
      const words = query.q ? searchWords(query.q.normalize('NFC')) : []
      const where = { AND: words.map((w) => ({ searchText: { contains: ` ${w}` } })) }
      return prismaPage(
        pagingOf(query),
        NEWEST_FIRST,
        (w) => prisma.media.findMany({ ...w, where: { AND: [where, w.where] } }),
        () => prisma.media.count({ where }),
        (rows) => rows.map(present),
      )
    },

    async get(id: string): Promise<Media> {
      const row = await prisma.media.findUnique({ where: { id } })
      if (!row) throw new NotFoundError('no such media')
      return present(row)
    },

    async update(id: string, patch: MediaPatch, user: AuthUser, by: AuditContext): Promise<Media> {
      const row = await mayChange(id, user)
      const meta = cleanFields(patch, 'body')
      const alt = meta.alt === undefined ? row.alt : meta.alt
      const decorative = patch.decorative ?? row.decorative
      if (alt === '' && !decorative) {
        throw new BadRequestError('an empty alt text is for decorative images: send decorative: true with it, or describe the image', [
          { path: 'body/alt', message: 'is empty but the image is not decorative' },
        ])
      }
      const focal = patch.focalPoint
      let og: StoredRenditions['og'] | undefined
      let data: Buffer | undefined
      const stored = row.renditions as unknown as StoredRenditions
      if (focal && renditionKey(row.sha256, 'og', focal) !== stored.og.key) {
        // the og crop is cut again from the stored original (already upright, metadata-free)
        const source = await storage.get(row.originalKey)
        if (!source) throw new ConflictError('the original file of this image is missing from storage')
        const chunks: Buffer[] = []
        for await (const c of source.body) chunks.push(c as Buffer)
        const r = await tmpFile(Buffer.concat(chunks), (file) => pool.run(() => rendition(file, row, 'og', focal, config.maxPixels)))
        og = { key: renditionKey(row.sha256, 'og', focal), width: r.width, height: r.height }
        data = r.data
      }
      const updated = await prisma.$transaction(async (tx) => {
        await lockHash(tx, row.sha256)
        if (og && data) await putMissing(new Map([[og.key, { data, type: 'image/webp' }]]))
        const next = await tx.media.update({
          where: { id },
          data: {
            alt,
            decorative,
            caption: meta.caption,
            credit: meta.credit,
            updatedAt: clock(),
            ...(focal && { focalX: focal.x, focalY: focal.y }),
            ...(og && { renditions: { ...stored, og } as unknown as Prisma.InputJsonValue }),
            searchText: searchText(
              alt,
              meta.caption === undefined ? row.caption : meta.caption,
              meta.credit === undefined ? row.credit : meta.credit,
              row.filename,
            ),
          },
        })
        if (og) await dropUnused(tx, row.sha256, [stored.og.key])
        await recordAudit(tx, { by, action: 'update', entity: 'media', entityId: id, changes: changesOf(audited(row), audited(next)) })
        return next
      }, TX)
      return present(updated)
    },

    async remove(id: string, user: AuthUser, by: AuditContext): Promise<void> {
      const row = await mayChange(id, user)
      await prisma.$transaction(async (tx) => {
        await lockHash(tx, row.sha256)
        // an article, author or organization write holds KEY SHARE on the media it names: FOR
        // UPDATE waits for it, so the counts below see it
        const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Media" WHERE id = ${id}::uuid FOR UPDATE`
        if (!locked.length) throw new NotFoundError('no such media')
        const [articles, inline, authors, organizations, sharing] = await Promise.all([
          tx.article.count({ where: { leadImageId: id } }),
          tx.articleMedia.count({ where: { mediaId: id } }),
          tx.author.count({ where: { avatarId: id } }),
          tx.organization.count({ where: { logoId: id } }),
          tx.article.count({ where: { ogImageId: id } }),
        ])
        if (articles + inline + authors + organizations + sharing > 0) {
          throw new ConflictError('the image is in use; take it off those first', {
            leadImageOf: articles,
            inlineIn: inline,
            avatarOf: authors,
            logoOf: organizations,
            sharingImageOf: sharing,
          })
        }
        await tx.media.delete({ where: { id } })
        await dropUnused(tx, row.sha256, keysOf(row))
        await recordEvent(tx, { type: 'media.deleted', entity: 'media', entityId: id, data: { id }, at: clock() })
        await recordAudit(tx, { by, action: 'delete', entity: 'media', entityId: id, changes: changesOf(audited(row), null) })
      }, TX)
    },

    /** A stored file for GET /media/…, or undefined. */
    file: (key: string) => files.get(key),
    close: () => storage.close(),
  }
}

export type MediaService = ReturnType<typeof createMediaService>
