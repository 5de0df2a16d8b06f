// The image captcha: a raster, so nothing in what the reader receives describes the characters
// (svg-captcha drew each one as a <path> whose command letters gave it away). Glyph outlines come
// from a font shipped in an npm package (no system fonts), are flattened into polygons, moved
// by a random affine transform per character and a random wave over the whole picture, then
// crossed by curves, cuts and dots in the text's own colour before librsvg (inside sharp) paints
// them. The work per image is bounded: five glyphs, a fixed number of points and noise strokes.
import { getRandomValues } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadSharp } from './sharp.ts'

/** Upper-case letters and digits a reader cannot confuse: no 0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V. */
export const READABLE = 'ACEFGHJKMNPRTWXY34679'
export const CAPTCHA_LENGTH = 5
export const WIDTH = 200
export const HEIGHT = 64

// the few parts of opentype.js used here (its own typings would pull the DOM library in)
type Command =
  | { type: 'M' | 'L'; x: number; y: number }
  | { type: 'Q'; x1: number; y1: number; x: number; y: number }
  | { type: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number }
  | { type: 'Z' }
interface Glyph {
  getPath(x: number, y: number, size: number): { commands: Command[] }
}
interface Font {
  charToGlyph(char: string): Glyph
}

const require = createRequire(import.meta.url)
let font: Font | undefined
function loadFont(): Font {
  if (!font) {
    const opentype = require('opentype.js') as { parse(buffer: ArrayBuffer): Font }
    const bytes = readFileSync(require.resolve('@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff'))
    font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  }
  return font
}

/** Uniform numbers in [0, 1) from the system's CSPRNG, drawn in blocks. */
export function cryptoRandom(): () => number {
  const block = new Uint32Array(256)
  let i = block.length
  return () => {
    if (i === block.length) {
      getRandomValues(block)
      i = 0
    }
    return block[i++]! / 2 ** 32
  }
}

type Point = [number, number]

/** A glyph as closed polygons: curves cut into short straight pieces so the wave bends them. */
function polygons(commands: Command[]): Point[][] {
  const out: Point[][] = []
  let poly: Point[] = []
  let at: Point = [0, 0]
  const line = (x: number, y: number) => {
    const steps = Math.max(1, Math.ceil(Math.hypot(x - at[0], y - at[1]) / 4))
    for (let s = 1; s <= steps; s++) poly.push([at[0] + ((x - at[0]) * s) / steps, at[1] + ((y - at[1]) * s) / steps])
    at = [x, y]
  }
  for (const c of commands) {
    if (c.type === 'M') {
      if (poly.length) out.push(poly)
      poly = [[c.x, c.y]]
      at = [c.x, c.y]
    } else if (c.type === 'L') line(c.x, c.y)
    else if (c.type === 'Q' || c.type === 'C') {
      const [x0, y0] = at
      for (let s = 1; s <= 4; s++) {
        const t = s / 4,
          u = 1 - t
        const p: Point =
          c.type === 'Q'
            ? [u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y]
            : [
                u ** 3 * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t ** 3 * c.x,
                u ** 3 * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t ** 3 * c.y,
              ]
        poly.push(p)
      }
      at = [c.x, c.y]
    } else if (poly.length) {
      out.push(poly)
      poly = []
    }
  }
  if (poly.length) out.push(poly)
  return out
}

const hsl = (h: number, s: number, l: number) => `hsl(${h.toFixed(0)},${s.toFixed(0)}%,${l.toFixed(0)}%)`
const f1 = (n: number) => n.toFixed(1)

/** The picture of `text` as SVG markup; it is only ever rasterised here, never sent. */
export function captchaSvg(text: string, random: () => number = cryptoRandom()): string {
  const r = (lo: number, hi: number) => lo + (hi - lo) * random()
  const hue = r(0, 360)
  const ink = hsl(hue, r(40, 70), r(15, 27))
  const paper = hsl(hue + r(90, 270), r(20, 50), r(90, 96))
  // one wave over the whole picture: no character keeps its font's straight lines
  const wave = { ax: r(1.5, 3), ay: r(1.5, 3), fx: (2 * Math.PI) / r(28, 56), fy: (2 * Math.PI) / r(40, 80), px: r(0, 7), py: r(0, 7) }
  const warp = ([x, y]: Point): Point => [x + wave.ax * Math.sin(y * wave.fx + wave.px), y + wave.ay * Math.sin(x * wave.fy + wave.py)]

  // each glyph turned, scaled and sheared about the middle of its own box, then packed left to
  // right with random gaps and overlaps: no character sits at a fixed place or width
  const f = loadFont()
  const shapes = [...text].map((char) => {
    const size = r(38, 46)
    const angle = r(-0.35, 0.35),
      sx = r(0.85, 1.15),
      sy = r(0.85, 1.15),
      shear = r(-0.25, 0.25)
    const cos = Math.cos(angle),
      sin = Math.sin(angle)
    const outline = polygons(f.charToGlyph(char).getPath(0, 0, size).commands)
    const xs = outline.flat().map((p) => p[0]),
      ys = outline.flat().map((p) => p[1])
    const mx = (Math.min(...xs) + Math.max(...xs)) / 2,
      my = (Math.min(...ys) + Math.max(...ys)) / 2
    // wide glyphs (M, W) are narrowed so that they do not crowd out their neighbours
    const fit = Math.min(1, 34 / ((Math.max(...xs) - Math.min(...xs)) * sx))
    const moved = outline.map((poly) =>
      poly.map(([x, y]): Point => {
        const v = (y - my) * sy,
          u = (x - mx) * sx * fit + shear * v
        return [u * cos - v * sin, u * sin + v * cos]
      }),
    )
    const mxs = moved.flat().map((p) => p[0]),
      mys = moved.flat().map((p) => p[1])
    return { moved, left: Math.min(...mxs), right: Math.max(...mxs), top: Math.min(...mys), bottom: Math.max(...mys) }
  })
  const gaps = shapes.map((_, i) => (i === 0 ? 0 : r(-3, 5)))
  const span = shapes.reduce((sum, g, i) => sum + g.right - g.left + gaps[i]!, 0)
  const squeeze = Math.min(1, (WIDTH - 8) / span)
  let cursor = r(4, Math.max(4, WIDTH - 4 - span * squeeze))
  const glyphs = shapes.map((g, i) => {
    cursor += gaps[i]! * squeeze
    const cx = cursor - g.left * squeeze
    cursor += (g.right - g.left) * squeeze
    const cy = Math.min(HEIGHT - 3 - g.bottom, Math.max(3 - g.top, HEIGHT / 2 + r(-7, 7)))
    const d = g.moved
      .map(
        (poly) =>
          `M${poly
            .map(([x, y]) =>
              warp([cx + x * squeeze, cy + y])
                .map(f1)
                .join(' '),
            )
            .join('L')}Z`,
      )
      .join('')
    return `<path d="${d}"/>`
  })

  const curve = () => {
    const y = () => f1(r(10, HEIGHT - 10))
    return `M${f1(r(-5, 20))} ${y()}C${f1(r(40, 90))} ${y()} ${f1(r(110, 160))} ${y()} ${f1(r(WIDTH - 20, WIDTH + 5))} ${y()}`
  }
  const behind = Array.from({ length: 4 }, () => `<path d="${curve()}" stroke="${hsl(hue, 30, r(70, 82))}" stroke-width="${f1(r(1, 2))}" fill="none"/>`)
  const over = [
    ...Array.from({ length: 2 }, () => `<path d="${curve()}" stroke="${ink}" stroke-width="${f1(r(1.4, 2.2))}" fill="none"/>`),
    // a thin cut in the paper's colour through the strokes, so shapes do not come apart cleanly
    `<path d="${curve()}" stroke="${paper}" stroke-width="${f1(r(0.9, 1.3))}" fill="none"/>`,
    ...Array.from(
      { length: 45 },
      () => `<circle cx="${f1(r(0, WIDTH))}" cy="${f1(r(0, HEIGHT))}" r="${f1(r(0.6, 1.6))}" fill="${random() < 0.7 ? ink : paper}"/>`,
    ),
  ]
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="${paper}"/>${behind.join('')}<g fill="${ink}">${glyphs.join('')}</g>${over.join('')}</svg>`
  )
}

/** Five readable characters drawn from the CSPRNG. */
export function randomCaptchaText(random: () => number = cryptoRandom()): string {
  let text = ''
  for (let i = 0; i < CAPTCHA_LENGTH; i++) text += READABLE[Math.floor(random() * READABLE.length)]
  return text
}

/** The raster of `text` as a PNG data URL (a few kilobytes). */
export async function captchaImage(text: string, random?: () => number): Promise<string> {
  const sharp = await loadSharp()
  const png = await sharp(Buffer.from(captchaSvg(text, random)))
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer()
  return `data:image/png;base64,${png.toString('base64')}`
}
