// One webhook request: signed like Stripe's, sent without following redirects, bounded in time
// (10 s for the whole exchange, a slow body included) and in what it reads back (1 KB).
import { createHmac } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'

export const DELIVERY_TIMEOUT_MS = 10_000
const MAX_RESPONSE_BYTES = 1024

/** `t=<unix>,v1=<hex>[,v1=<hex>]`: one v1 per secret (two while a rotation overlaps). */
export function signatureHeader(secrets: string[], body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000)
  return [`t=${t}`, ...secrets.map((s) => `v1=${createHmac('sha256', s).update(`${t}.${body}`, 'utf8').digest('hex')}`)].join(',')
}

export interface SendInput {
  url: string
  body: string
  headers: Record<string, string>
  lookup: LookupFunction
  timeoutMs?: number
}

export interface SendResult {
  /** null: no response (refused, reset, timed out) */
  status: number | null
  durationMs: number
  error: string | null
  /** up to 1 KB of the response, for the log */
  snippet: string
}

export function send({ url, body, headers, lookup, timeoutMs = DELIVERY_TIMEOUT_MS }: SendInput): Promise<SendResult> {
  const started = performance.now()
  const u = new URL(url)
  const client = u.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    let settled = false
    const done = (status: number | null, error: string | null, snippet = '') => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ status, error, snippet, durationMs: Math.round(performance.now() - started) })
    }
    // agent: false: a fresh connection each time, so every connect goes through the guarded lookup
    const req = client.request(
      u,
      {
        method: 'POST',
        agent: false,
        lookup,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'ToaSoan-Webhooks/1', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        const finish = () => {
          done(res.statusCode ?? null, null, Buffer.concat(chunks).toString('utf8'))
          req.destroy()
        }
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size))
          size += chunk.length
          if (size >= MAX_RESPONSE_BYTES) finish()
        })
        res.on('end', finish)
        res.on('error', () => finish())
      },
    )
    const timer = setTimeout(() => {
      done(null, `no complete answer within ${timeoutMs} ms`)
      req.destroy()
    }, timeoutMs)
    req.on('error', (err: NodeJS.ErrnoException) => done(null, err.code === 'EPRIVATEADDRESS' ? err.message : `${err.code ?? 'error'}: ${err.message}`))
    req.end(body)
  })
}
