// scrypt password hashes, self-describing ("scrypt$N$r$p$salt$hash") so parameters can rise later
// without invalidating stored hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1
export const DEFAULT_COST = { N: 2 ** 17, r: 8, p: 1 }
const KEY_LENGTH = 32

function scrypt(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r }
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))))
}

export async function hashPassword(password: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, cost)
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

/** Whether `stored` was made with a lower cost than `cost` (or is unreadable): then a login rehashes it. */
export function needsRehash(stored: string, cost = DEFAULT_COST): boolean {
  const [scheme, N, r, p] = stored.split('$')
  if (scheme !== 'scrypt') return true
  return Number(N) < cost.N || Number(r) < cost.r || Number(p) < cost.p
}

let dummy: Promise<string> | undefined
/** A hash to verify against when the email is unknown, so both failures cost the same time. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'))
  return dummy
}
