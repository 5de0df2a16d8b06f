// The image captcha must not be readable from its structure. svg-captcha drew each character as a
// <path> whose command letters were unique to it: a program mapping those letters to characters
// solved 500 of 500 challenges. Here one structural solver learns every signature it can from
// 300 challenges with known answers and reads 100 held-out ones: it must read the old SVG
// output, and must do no better than about chance on the project's own images.
import t from 'tap'
import sharp from 'sharp'
import svgCaptcha from 'svg-captcha'
import { CAPTCHA_LENGTH, HEIGHT, READABLE, WIDTH, captchaImage, captchaSvg, randomCaptchaText } from '../../src/lib/captcha-image.ts'
import { imageCaptchaGenerator } from '../../src/services/comments/captcha.ts'

/** Per challenge, per character position: one signature per kind of structure looked at. */
type Units = Array<Record<string, string>>
interface Sample {
  text: string
  units: Units
}

/** The structural solver: remembers which character each signature came with, then looks it up. */
function solver(training: Sample[]) {
  const seen = new Map<string, Map<string, number>>()
  const overall = new Map<string, number>()
  for (const { text, units } of training) {
    units.forEach((unit, i) => {
      const char = text[i]!
      overall.set(char, (overall.get(char) ?? 0) + 1)
      for (const [kind, signature] of Object.entries(unit)) {
        const key = `${kind}:${signature}`
        const votes = seen.get(key) ?? new Map<string, number>()
        votes.set(char, (votes.get(char) ?? 0) + 1)
        seen.set(key, votes)
      }
    })
  }
  const best = (votes: Map<string, number>) => [...votes].sort((a, b) => b[1] - a[1])[0]![0]
  const fallback = best(overall)
  return {
    kinds: Object.keys(training[0]!.units[0]!),
    /** per-character accuracy of one kind of signature over held-out samples */
    accuracy(kind: string, held: Sample[]): number {
      let right = 0,
        total = 0
      for (const { text, units } of held) {
        for (let i = 0; i < text.length; i++) {
          const votes = units[i] && seen.get(`${kind}:${units[i]![kind]}`)
          if ((votes ? best(votes) : fallback) === text[i]) right++
          total++
        }
      }
      return right / total
    },
  }
}

/** svg-captcha's structure: the glyph paths (filled, unlike its noise), left to right, by command letters. */
function svgUnits(svg: string): Units {
  const glyphs = [...svg.matchAll(/<path fill="[^"]+" d="([^"]+)"/g)]
    .map((m) => m[1]!)
    .sort((a, b) => Number(/^M([\d.]+)/.exec(a)![1]) - Number(/^M([\d.]+)/.exec(b)![1]))
  return glyphs.map((d) => ({ commands: d.replace(/[^A-Za-z]/g, '') }))
}

/** A raster's structure: its PNG chunk layout, and pixel signatures of five slices of the decoded image. */
async function rasterUnits(dataUrl: string): Promise<Units> {
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64')
  const chunks: string[] = []
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at)
    chunks.push(`${png.toString('latin1', at + 4, at + 8)}${Math.round(length / 500)}`)
    at += 12 + length
  }
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true })
  const { width, height } = info
  let lo = 255,
    hi = 0
  for (const v of data) {
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  const ink = (x: number, y: number) => data[y * width + x]! < (lo + hi) / 2
  const columns = Array.from({ length: width }, (_, x) => {
    let n = 0
    for (let y = 0; y < height; y++) n += ink(x, y) ? 1 : 0
    return n
  })
  const first = columns.findIndex((n) => n > 2),
    last = width - 1 - [...columns].reverse().findIndex((n) => n > 2)
  const pixelSignatures = (name: string, x0: number, x1: number): Record<string, string> => {
    const cell = (cx: number, cy: number, nx: number, ny: number) => {
      let n = 0,
        all = 0
      for (let x = x0 + Math.floor(((x1 - x0) * cx) / nx); x < x0 + Math.floor(((x1 - x0) * (cx + 1)) / nx); x++) {
        for (let y = Math.floor((height * cy) / ny); y < Math.floor((height * (cy + 1)) / ny); y++) {
          n += ink(x, y) ? 1 : 0
          all++
        }
      }
      return all ? n / all : 0
    }
    const grid = (n: number) => Array.from({ length: n * n }, (_, k) => (cell(k % n, Math.floor(k / n), n, n) > 0.3 ? '1' : '0')).join('')
    return {
      [`${name} grid3`]: grid(3),
      [`${name} grid4`]: grid(4),
      [`${name} profile`]: Array.from({ length: 6 }, (_, k) => Math.min(3, Math.floor(cell(k, 0, 6, 1) * 8))).join(''),
      [`${name} ink`]: String(Math.round(columns.slice(x0, x1).reduce((a, b) => a + b, 0) / 60)),
      [`${name} holes`]: String(holes(ink, x0, x1, height)),
    }
  }
  const slice = (last - first + 1) / CAPTCHA_LENGTH
  const even = Array.from({ length: CAPTCHA_LENGTH + 1 }, (_, i) => Math.floor(first + i * slice))
  // a cut where the ink is thinnest near each even boundary, as a segmenter would place it
  const valleys = even.map((x, i) => {
    if (i === 0 || i === CAPTCHA_LENGTH) return x
    let best = x
    for (let c = x - 12; c <= x + 12; c++) if (columns[c]! < columns[best]!) best = c
    return best
  })
  const units: Units = Array.from({ length: CAPTCHA_LENGTH }, () => ({ chunks: chunks.join(',') }))
  for (const [name, cuts] of [
    ['even', even],
    ['valley', valleys],
  ] as const) {
    for (let i = 0; i < CAPTCHA_LENGTH; i++) Object.assign(units[i]!, pixelSignatures(name, cuts[i]!, cuts[i + 1]!))
  }
  return units
}

/** Paper regions of a slice that do not touch its border: the holes of A, P, R, 4, 6, 9. */
function holes(ink: (x: number, y: number) => boolean, x0: number, x1: number, height: number): number {
  const w = x1 - x0
  const seen = new Uint8Array(w * height)
  let count = 0
  for (let start = 0; start < seen.length; start++) {
    if (seen[start] || ink(x0 + (start % w), Math.floor(start / w))) continue
    let size = 0,
      border = false
    const stack = [start]
    seen[start] = 1
    while (stack.length) {
      const p = stack.pop()!,
        x = p % w,
        y = Math.floor(p / w)
      size++
      if (x === 0 || y === 0 || x === w - 1 || y === height - 1) border = true
      for (const [nx, ny] of [
        [x - 1, y],
        [x + 1, y],
        [x, y - 1],
        [x, y + 1],
      ] as const) {
        if (nx < 0 || ny < 0 || nx >= w || ny >= height) continue
        const q = ny * w + nx
        if (!seen[q] && !ink(x0 + nx, ny)) {
          seen[q] = 1
          stack.push(q)
        }
      }
    }
    if (!border && size >= 6) count++
  }
  return count
}

const TRAIN = 300,
  HELD = 100
const chance = 1 / READABLE.length

t.test('the structural solver reads the old svg-captcha images (so this test can fail)', async (t) => {
  const samples: Sample[] = Array.from({ length: TRAIN + HELD }, () => {
    const c = svgCaptcha.create({ size: 5, noise: 2, charPreset: READABLE, color: false, width: 160, height: 56, fontSize: 52, background: '#ffffff' })
    return { text: c.text, units: svgUnits(c.data) }
  })
  const s = solver(samples.slice(0, TRAIN))
  const accuracy = s.accuracy('commands', samples.slice(TRAIN))
  t.ok(accuracy > 0.9, `svg-captcha read from its path commands: ${(accuracy * 100).toFixed(1)} % of characters`)
})

t.test('the same solver reads the raster images no better than chance', async (t) => {
  const samples: Sample[] = []
  for (let i = 0; i < TRAIN + HELD; i++) {
    const { text, image } = await imageCaptchaGenerator()
    samples.push({ text, units: await rasterUnits(image) })
  }
  const s = solver(samples.slice(0, TRAIN))
  const held = samples.slice(TRAIN)
  const results = s.kinds.map((kind) => [kind, s.accuracy(kind, held)] as const)
  const report = results.map(([k, a]) => `${k} ${(a * 100).toFixed(1)} %`).join(', ')
  t.comment(`chance is ${(chance * 100).toFixed(1)} %; per kind of signature: ${report}`)
  for (const [kind, accuracy] of results) t.ok(accuracy < 0.2, `${kind}: ${(accuracy * 100).toFixed(1)} % of characters, under 20 %`)
})

t.test('the image: a PNG of the expected size, readable alphabet, nothing of the text in the bytes', async (t) => {
  const text = randomCaptchaText()
  t.match(text, new RegExp(`^[${READABLE}]{${CAPTCHA_LENGTH}}$`))
  const url = await captchaImage(text)
  t.match(url, /^data:image\/png;base64,/)
  const meta = await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata()
  t.same([meta.format, meta.width, meta.height], ['png', WIDTH, HEIGHT])
  t.ok(WIDTH >= 160 && WIDTH <= 240)
  t.notOk(Buffer.from(url.split(',')[1]!, 'base64').toString('latin1').includes(text), 'the answer is not in the file')
  t.not(captchaSvg(text), captchaSvg(text), 'each drawing of the same text differs')
  // the bounded work: five glyph outlines and a fixed set of noise strokes
  t.ok(captchaSvg('MWMWM').length < 20_000, 'the drawing stays small even for the widest glyphs')
})
