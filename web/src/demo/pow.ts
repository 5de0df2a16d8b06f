// CAPTCHA=pow: find the secret number of an ALTCHA challenge with ALTCHA's solver in Web Workers
// and turn it into the base64 payload the API takes as captchaAnswer.
import { solveChallengeWorkers } from 'altcha-lib/v1'
import type { PowChallenge } from '../lib/types.ts'

/** The payload, or null when this browser cannot hash (no WebCrypto outside a secure context) or found nothing. */
export async function solvePow(pow: PowChallenge): Promise<string | null> {
  if (!globalThis.crypto?.subtle || typeof Worker === 'undefined') return null
  // each worker scans its own share of 0..maxnumber; more than four rarely helps a phone
  const concurrency = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1))
  const solution = await solveChallengeWorkers(
    () => new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' }),
    concurrency,
    pow.challenge,
    pow.salt,
    pow.algorithm,
    pow.maxnumber,
  )
  if (!solution) return null
  const { algorithm, challenge, salt, signature } = pow
  return btoa(JSON.stringify({ algorithm, challenge, number: solution.number, salt, signature }))
}
