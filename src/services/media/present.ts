// A media row as the staff JSON (schemas/media.ts Media); the public twin is built in SQL
// (db/queries/media-json.ts) for the one-statement public reads.
import type { Media as MediaRow } from '../../generated/prisma/client.ts'
import { PRESET_NAMES, type Preset } from '../../lib/media-keys.ts'
import type { Media } from '../../schemas/media.ts'

export interface StoredRendition {
  key: string
  width: number
  height: number
}
export type StoredRenditions = Record<Preset, StoredRendition>

export function presentMedia(row: MediaRow, publicUrl: string): Media {
  const stored = row.renditions as unknown as StoredRenditions
  const renditions = Object.fromEntries(
    PRESET_NAMES.map((p) => {
      const r = stored[p]
      return [p, { url: `${publicUrl}/${r.key}`, width: r.width, height: r.height, mimeType: 'image/webp' as const }]
    }),
  ) as Media['renditions']
  return {
    id: row.id,
    mimeType: row.mimeType,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    filename: row.filename,
    alt: row.alt,
    decorative: row.decorative,
    caption: row.caption,
    credit: row.credit,
    focalPoint: { x: row.focalX, y: row.focalY },
    renditions,
    uploadedById: row.uploadedById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
