// Storage keys of media files: derived from the sha-256 of the uploaded bytes, so an unchanged
// file is stored once and a URL never changes meaning. Anything not of this exact form is not a
// key (the /media route and every storage driver refuse it), which rules out path traversal.
export const PRESETS = {
  thumb: { width: 320 },
  card: { width: 640 },
  article: { width: 1280 },
  og: { width: 1200, height: 630 },
} as const
export type Preset = keyof typeof PRESETS
export const PRESET_NAMES = Object.keys(PRESETS) as Preset[]

export const ORIGINAL_EXTENSIONS = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/avif': 'avif', 'image/gif': 'gif' } as const
export type AcceptedMime = keyof typeof ORIGINAL_EXTENSIONS
export const isAcceptedMime = (mime: string): mime is AcceptedMime => Object.hasOwn(ORIGINAL_EXTENSIONS, mime)

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif', gif: 'image/gif' }
export const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}-[a-z0-9-]{1,32}\.(jpg|png|webp|avif|gif)$/

const prefix = (sha256: string) => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`
const per1000 = (v: number) => String(Math.round(v * 1000)).padStart(4, '0')

export function originalKey(sha256: string, mime: AcceptedMime): string {
  return `${prefix(sha256)}-original.${ORIGINAL_EXTENSIONS[mime]}`
}

/** og depends on the focal point, so its key names it: a new focal point is a new URL. */
export function renditionKey(sha256: string, preset: Preset, focal: { x: number; y: number }): string {
  return `${prefix(sha256)}-${preset === 'og' ? `og-${per1000(focal.x)}-${per1000(focal.y)}` : preset}.webp`
}

/** The content type of a valid key, or undefined: never anything but an image type. */
export function keyContentType(key: string): string | undefined {
  const m = KEY.exec(key)
  return m ? CONTENT_TYPES[m[1]!] : undefined
}
