// Decoding, checking and re-encoding uploads with sharp. Every output is re-encoded from pixels:
// orientation applied, then no EXIF, XMP, ICC or comment survives (sharp keeps none unless asked),
// so a polyglot's payload or a phone's GPS position never reaches a stored file.
import type { Metadata } from 'sharp'
import { BadRequestError, ContentTooLargeError } from '../../lib/errors.ts'
import { PRESETS, type AcceptedMime, type Preset } from '../../lib/media-keys.ts'
import { loadSharp } from '../../lib/sharp.ts'

export interface Rendition {
  width: number
  height: number
  data: Buffer
}

export interface Probe {
  width: number
  height: number
}

const undecodable = (err: unknown) => new BadRequestError(`the image cannot be decoded: ${(err as Error).message.split('\n')[0]!.slice(0, 160)}`)

/**
 * Reads only the header: the upright size, refused past `maxPixels` before a single pixel is
 * decoded (a 20,000 × 20,000 PNG of one colour is small on disk and 1.6 GB in memory).
 */
export async function probe(file: string, maxPixels: number): Promise<Probe> {
  let meta: Metadata
  try {
    const sharp = await loadSharp()
    meta = await sharp(file, { limitInputPixels: false }).metadata()
  } catch (err) {
    throw undecodable(err)
  }
  const { width, height } = meta.autoOrient ?? meta
  if (!width || !height) throw new BadRequestError('the image has no dimensions')
  if (width * height > maxPixels) throw new ContentTooLargeError(`the image is ${width}×${height} pixels, more than MEDIA_MAX_PIXELS (${maxPixels})`)
  return { width, height }
}

const open = async (file: string, maxPixels: number) =>
  (await loadSharp())(file, { limitInputPixels: maxPixels, failOn: 'warning', autoOrient: true, animated: false })

/** The original, re-encoded in its own format at a high quality (GIF: first frame). */
export async function reencodeOriginal(file: string, mime: AcceptedMime, maxPixels: number): Promise<Buffer> {
  const img = await open(file, maxPixels)
  const out =
    mime === 'image/jpeg'
      ? img.jpeg({ quality: 90, mozjpeg: false })
      : mime === 'image/png'
        ? img.png()
        : mime === 'image/webp'
          ? img.webp({ quality: 90 })
          : mime === 'image/avif'
            ? img.avif({ quality: 70 })
            : img.gif()
  try {
    return await out.toBuffer()
  } catch (err) {
    throw undecodable(err)
  }
}

/** Where the og crop's window starts, centred on the focal point as far as the edges allow. */
export function cropOrigin(scaled: number, window: number, focal: number): number {
  return Math.max(0, Math.min(scaled - window, Math.round(scaled * focal - window / 2)))
}

export async function rendition(file: string, size: Probe, preset: Preset, focal: { x: number; y: number }, maxPixels: number): Promise<Rendition> {
  const img = await open(file, maxPixels)
  try {
    if (preset === 'og') {
      const { width: W, height: H } = PRESETS.og
      const scale = Math.max(W / size.width, H / size.height)
      const w = Math.max(W, Math.round(size.width * scale))
      const h = Math.max(H, Math.round(size.height * scale))
      const data = await img
        .resize(w, h, { fit: 'fill' })
        .extract({ left: cropOrigin(w, W, focal.x), top: cropOrigin(h, H, focal.y), width: W, height: H })
        .webp({ quality: 80 })
        .toBuffer()
      return { width: W, height: H, data }
    }
    const { data, info } = await img
      .resize({ width: PRESETS[preset].width, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true })
    return { width: info.width, height: info.height, data }
  } catch (err) {
    throw undecodable(err)
  }
}
