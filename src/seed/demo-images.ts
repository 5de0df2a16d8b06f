// Demo lead images, drawn with sharp at seed time (no image files in the repository): a gradient
// and a few soft shapes per organization branch. No lettering: the bundled font (captcha-image.ts)
// has the Latin-1 glyphs only, and a Vietnamese name without its tone marks would be wrong.
// Rendered and stored the way an upload is (services/media/images.ts, content-addressed keys),
// kept small (1280 × 720) so the embedded demo still starts in a moment.
import { createHash } from 'node:crypto'
import { loadSharp } from '../lib/sharp.ts'
import { PRESET_NAMES, originalKey, renditionKey } from '../lib/media-keys.ts'
import { probe, reencodeOriginal, rendition } from '../services/media/images.ts'
import type { StoredRenditions } from '../services/media/present.ts'
import type { MediaStorage } from '../services/media/storage.ts'
import { tmpFile } from '../services/media/temp.ts'

export interface DemoImage {
  key: string
  from: string
  to: string
  alt: string
  caption: string
}

/** One per branch of the demo tree (demo-content.ts organization keys). */
export const demoImages: DemoImage[] = [
  {
    key: 'tinh',
    from: '#8e1b1b',
    to: '#e0a526',
    alt: 'Nền đỏ chuyển sang vàng với các vòng tròn mờ, ảnh minh họa',
    caption: 'Ảnh minh họa cho tin của Tỉnh ủy Ngọc Lâm',
  },
  {
    key: 'khoi-cq',
    from: '#12355b',
    to: '#4f9bd9',
    alt: 'Nền xanh dương đậm chuyển sang xanh nhạt với các dải sáng, ảnh minh họa',
    caption: 'Ảnh minh họa cho tin của Đảng bộ Khối các Cơ quan',
  },
  {
    key: 'khoi-dn',
    from: '#1d4d2b',
    to: '#9ccc65',
    alt: 'Nền xanh lá chuyển sang xanh non với các hình tròn, ảnh minh họa',
    caption: 'Ảnh minh họa cho tin của Đảng bộ Khối Doanh nghiệp',
  },
]
export const DEMO_CREDIT = 'Ảnh: Tòa Soạn'

const W = 1280
const H = 720
const FOCAL = { x: 0.5, y: 0.5 }

function svg(image: DemoImage, seed: number): string {
  // a fixed pseudo-random walk per image: the same bytes on every run, so the same stored keys
  let s = seed
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const circles = Array.from(
    { length: 7 },
    () =>
      `<circle cx="${Math.round(next() * W)}" cy="${Math.round(next() * H)}" r="${Math.round(60 + next() * 220)}" fill="#fff" ` +
      `fill-opacity="${(0.05 + next() * 0.12).toFixed(2)}"/>`,
  )
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${image.from}"/><stop offset="1" ` +
    `stop-color="${image.to}"/></linearGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="url(#g)"/>${circles.join('')}` +
    `<rect y="${H - 90}" width="${W}" height="90" fill="#000" fill-opacity="0.15"/></svg>`
  )
}

export interface DemoMediaRow {
  sha256: string
  mimeType: 'image/jpeg'
  width: number
  height: number
  bytes: number
  filename: string
  alt: string
  caption: string
  credit: string
  originalKey: string
  renditions: StoredRenditions
}

/** Draws, renders and stores the demo images (files already stored are left alone). */
export async function storeDemoImages(storage: MediaStorage, maxPixels: number): Promise<Map<string, DemoMediaRow>> {
  const out = new Map<string, DemoMediaRow>()
  const sharp = await loadSharp()
  for (const [i, image] of demoImages.entries()) {
    const jpeg = await sharp(Buffer.from(svg(image, i + 1)))
      .jpeg({ quality: 82 })
      .toBuffer()
    const sha256 = createHash('sha256').update(jpeg).digest('hex')
    const renditions = {} as StoredRenditions
    const files = new Map<string, { data: Buffer; type: string }>()
    await tmpFile(jpeg, async (file) => {
      const size = await probe(file, maxPixels)
      const original = originalKey(sha256, 'image/jpeg')
      if ((await storage.head(original)) === undefined) files.set(original, { data: await reencodeOriginal(file, 'image/jpeg', maxPixels), type: 'image/jpeg' })
      for (const preset of PRESET_NAMES) {
        const key = renditionKey(sha256, preset, FOCAL)
        const r = await rendition(file, size, preset, FOCAL, maxPixels)
        renditions[preset] = { key, width: r.width, height: r.height }
        if ((await storage.head(key)) === undefined) files.set(key, { data: r.data, type: 'image/webp' })
      }
    })
    for (const [key, f] of files) await storage.put(key, f.data, f.type)
    out.set(image.key, {
      sha256,
      mimeType: 'image/jpeg',
      width: W,
      height: H,
      bytes: jpeg.length,
      filename: `anh-minh-hoa-${image.key}.jpg`,
      alt: image.alt,
      caption: image.caption,
      credit: DEMO_CREDIT,
      originalKey: originalKey(sha256, 'image/jpeg'),
      renditions,
    })
  }
  return out
}
