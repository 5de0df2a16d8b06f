// sharp (libvips) on first use: loading it costs about 12 MB resident (its shared libraries and
// threads), and an API instance that only serves reads never decodes or draws an image.
import type Sharp from 'sharp'

let loaded: Promise<typeof Sharp> | undefined

/** The sharp module, configured once: small and fixed libvips threads per image and operation cache. */
export function loadSharp(): Promise<typeof Sharp> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    // memory then grows with the worker pool (MEDIA_WORKERS), not with the number of images in flight
    sharp.concurrency(1)
    sharp.cache({ memory: 32, files: 0, items: 50 })
    return sharp
  })
  return loaded
}
