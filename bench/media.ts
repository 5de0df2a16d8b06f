// The media part of the benchmark: lead images in the dataset (rows only: R1/R2 embed their JSON,
// no file is read), M1 uploads of a camera-sized JPEG, and /media file serving against the ceiling.
import { randomBytes, randomUUID } from 'node:crypto'
import type pg from 'pg'
import sharp from 'sharp'
import { signAccessToken } from '../src/lib/tokens.ts'
import { load, type LoadResult } from './load.ts'
import { withPeakRss } from './servers.ts'

const PRESETS = { thumb: [320, 180], card: [640, 360], article: [1280, 720], og: [1200, 630] } as const

/** Twelve library images, one on every third article: the share of a list page that has one. */
export const LEAD_IMAGE_COLUMNS = ['id', 'sha256', 'mimeType', 'width', 'height', 'bytes', 'filename', 'alt', 'caption', 'credit', 'originalKey', 'renditions']

/** The twelve Media rows (LEAD_IMAGE_COLUMNS); article i (i % 3 = 0) shows leadImageOf(i). */
export function leadImages(): unknown[][] {
  const media: unknown[][] = []
  for (let i = 0; i < 12; i++) {
    const sha = randomBytes(32).toString('hex')
    const at = `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`
    const renditions = Object.fromEntries(
      Object.entries(PRESETS).map(([p, [w, h]]) => [p, { key: `${at}-${p === 'og' ? 'og-0500-0500' : p}.webp`, width: w, height: h }]),
    )
    media.push([
      randomUUID(),
      sha,
      'image/jpeg',
      4000,
      2250,
      2_400_000,
      `anh-${i + 1}.jpg`,
      `Ảnh minh họa số ${i + 1}`,
      i % 2 ? 'Quang cảnh hội nghị' : null,
      'Ảnh: Báo Ngọc Lâm',
      `${at}-original.jpg`,
      JSON.stringify(renditions),
    ])
  }
  return media
}

/** The lead image of the i-th article (newest first): one in three has one, the twelve in turn. */
export const leadImageOf = (media: unknown[][], i: number): string | null => (i % 3 === 0 ? (media[(i / 3 + 1) % 12]![0] as string) : null)

/** A 4,000 × 3,000 JPEG like a camera's (noise, softened), made once per run. */
export async function cameraJpeg(): Promise<Buffer> {
  return sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .blur(1.2)
    .jpeg({ quality: 85 })
    .toBuffer()
}

/** The same picture with a different JPEG comment: new bytes, so no upload reuses another's files. */
function unique(jpeg: Buffer): Buffer {
  const text = Buffer.from(`bench ${randomUUID()}`)
  const comment = Buffer.from([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff])
  return Buffer.concat([jpeg.subarray(0, 2), comment, text, jpeg.subarray(2)])
}

async function editorToken(client: pg.ClientBase, secret: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "User" (email, name, role, "passwordHash") VALUES ($1, 'Biên tập ảnh', 'editor', 'scrypt$1$1$1$x$x') RETURNING id`,
    [`bench-media-${randomUUID().slice(0, 8)}@example.vn`],
  )
  return signAccessToken({ secret, ttlSeconds: 3600, now: new Date() }, { sub: rows[0]!.id, role: 'editor' })
}

async function uploadOnce(
  url: string,
  token: string,
  jpeg: Buffer,
): Promise<{ ms: number; status: number; body: { renditions?: Record<string, { url: string }>; id?: string } }> {
  const form = new FormData()
  form.append('alt', 'Ảnh thử tải lên')
  form.append('file', new Blob([unique(jpeg)], { type: 'image/jpeg' }), 'may-anh.jpg')
  const t0 = performance.now()
  // a connection the server closes (its 30 s requestTimeout, on a loaded machine) is a failed upload, not the end of the run
  const res = await fetch(`${url}/v1/admin/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).catch(() => null)
  if (!res) return { ms: performance.now() - t0, status: 0, body: {} }
  const body = (await res.json()) as { renditions?: Record<string, { url: string }>; id?: string }
  return { ms: performance.now() - t0, status: res.status, body }
}

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(0.95 * s.length))]!) : 0
}

export interface M1Result {
  inputMb: number
  sequential: number
  p95Ms: number
  concurrent: number
  concurrentSeconds: number
  peakRssMb: number
  liveMaxMs: number
  failed: number
  mediaUrl: string | null
}

/**
 * M1: `sequential` uploads one after another (each returns once every rendition is stored: the
 * p95 is "renditions ready"), then `concurrent` at once while /health/live is asked every 50 ms.
 */
export async function mediaUploads(
  url: string,
  pid: number,
  client: pg.ClientBase,
  secret: string,
  opts: { sequential: number; concurrent: number },
): Promise<M1Result> {
  const jpeg = await cameraJpeg()
  const token = await editorToken(client, secret)
  const times: number[] = []
  let failed = 0
  let mediaUrl: string | null = null
  for (let i = 0; i < opts.sequential; i++) {
    const r = await uploadOnce(url, token, jpeg)
    if (r.status !== 201) failed++
    else {
      times.push(r.ms)
      mediaUrl ??= r.body.renditions?.card?.url ?? null
    }
  }
  let liveMaxMs = 0
  let polling = true
  const poll = (async () => {
    while (polling) {
      const t0 = performance.now()
      const ok = await fetch(`${url}/health/live`).then(
        (r) => r.ok,
        () => false,
      )
      liveMaxMs = Math.max(liveMaxMs, ok ? performance.now() - t0 : Infinity)
      await new Promise((r) => setTimeout(r, 50))
    }
  })()
  const t0 = performance.now()
  const { result, peakRssMb } = await withPeakRss(pid, () => Promise.all(Array.from({ length: opts.concurrent }, () => uploadOnce(url, token, jpeg))))
  const concurrentSeconds = (performance.now() - t0) / 1000
  polling = false
  await poll
  failed += result.filter((r) => r.status !== 201).length
  return {
    inputMb: Math.round(jpeg.length / 1e5) / 10,
    sequential: times.length,
    p95Ms: p95(times),
    concurrent: opts.concurrent,
    concurrentSeconds: Math.round(concurrentSeconds * 10) / 10,
    peakRssMb,
    liveMaxMs: Math.round(liveMaxMs),
    failed,
    mediaUrl,
  }
}

/** `/media/...` of one stored file, as load; the caller compares with the ceiling at the same size. */
export async function mediaServing(url: string, path: string, seconds: number): Promise<{ body: Buffer; type: string; result: LoadResult }> {
  const res = await fetch(url + path)
  const body = Buffer.from(await res.arrayBuffer())
  await load({ url, seconds: 1, path }) // warm-up
  return { body, type: res.headers.get('content-type') ?? 'application/octet-stream', result: await load({ url, seconds, path }) }
}

/** A noisy JPEG upload whose `article` rendition is near 50 KB, for the /media scenario. */
export async function fiftyKbImage(url: string, client: pg.ClientBase, secret: string): Promise<string> {
  const jpeg = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#777', noise: { type: 'gaussian', mean: 120, sigma: 25 } } })
    .blur(0.8)
    .jpeg({ quality: 85 })
    .toBuffer()
  const r = await uploadOnce(url, await editorToken(client, secret), jpeg)
  if (r.status !== 201) throw new Error(`the /media scenario's upload failed: ${r.status}`)
  return r.body.renditions!.article!.url
}

type Row = Record<string, string | number>
interface Target {
  id: string
  what: string
  target: string
  measured: string
  met: boolean | null
}

/**
 * M1 (uploads) and M2 (/media against the HTTP ceiling at the file's size), as report rows and
 * targets. `ceiling(body)` starts a ceiling server answering with `body`.
 */
export async function runMedia(o: {
  url: string
  pid: number
  client: pg.ClientBase
  secret: string
  seconds: number
  quick: boolean
  only: Set<string> | null
  /** a ceiling server answering every GET with these bytes and this type (the load client's cost depends on both) */
  ceiling: (body: Buffer, contentType: string) => Promise<{ url: string }>
}): Promise<{ rows: Row[]; targets: Target[] }> {
  const rows: Row[] = []
  const targets: Target[] = []
  if (!o.only || o.only.has('M1')) {
    console.error('M1 uploads')
    const m = await mediaUploads(o.url, o.pid, o.client, o.secret, { sequential: o.quick ? 6 : 20, concurrent: 20 })
    rows.push({
      scenario: `M1 uploads of a 4000×3000 JPEG (${m.inputMb} MB), one at a time`,
      server: 'cache off',
      'req/s': '',
      'p50 ms': '',
      'p95 ms': m.p95Ms,
      'p99 ms': '',
      'vs baseline': '',
      'non-2xx': m.failed,
      'RSS MB': '',
    })
    rows.push({
      scenario: `M1 ${m.concurrent} concurrent uploads (${m.concurrentSeconds} s)`,
      server: 'cache off',
      'req/s': '',
      'p50 ms': '',
      'p95 ms': '',
      'p99 ms': '',
      'vs baseline': '',
      'non-2xx': m.failed,
      'RSS MB': m.peakRssMb,
    })
    targets.push({
      id: 'M1',
      what: 'renditions ready p95',
      target: '< 2 s',
      measured: `${m.p95Ms} ms over ${m.sequential}`,
      met: m.p95Ms < 2000 && m.failed === 0,
    })
    targets.push({ id: 'M1', what: `RSS with ${m.concurrent} concurrent uploads`, target: '< 400 MB', measured: `${m.peakRssMb} MB`, met: m.peakRssMb < 400 })
    targets.push({ id: 'M1', what: '/health/live while uploading', target: '≤ 200 ms', measured: `max ${m.liveMaxMs} ms`, met: m.liveMaxMs <= 200 })
  }
  if (!o.only || o.only.has('M2')) {
    console.error('M2 /media files')
    const path = await fiftyKbImage(o.url, o.client, o.secret)
    const ours = await mediaServing(o.url, path, o.seconds)
    const ceiling = await o.ceiling(ours.body, ours.type)
    const theirs = await mediaServing(ceiling.url, path, o.seconds)
    const ratio = ours.result.rps / theirs.result.rps
    const kb = Math.round(ours.body.length / 1024)
    rows.push({
      scenario: `M2 /media file (${kb} KB, fs)`,
      server: 'cache off',
      'req/s': ours.result.rps,
      'p50 ms': ours.result.p50,
      'p95 ms': ours.result.p95,
      'p99 ms': ours.result.p99,
      'vs baseline': `${ratio.toFixed(2)}× ceiling`,
      'non-2xx': ours.result.non2xx + ours.result.errors,
      'RSS MB': '',
    })
    rows.push({
      scenario: `M2 /media file (${kb} KB, fs)`,
      server: 'HTTP ceiling (fixed body)',
      'req/s': theirs.result.rps,
      'p50 ms': theirs.result.p50,
      'p95 ms': theirs.result.p95,
      'p99 ms': theirs.result.p99,
      'vs baseline': '',
      'non-2xx': '',
      'RSS MB': '',
    })
    targets.push({
      id: 'M2',
      what: '/media req/s (fs driver)',
      target: '≥ 0.5× ceiling',
      measured: `${ratio.toFixed(2)}×`,
      met: ratio >= 0.5 && ours.result.non2xx + ours.result.errors === 0,
    })
  }
  return { rows, targets }
}
