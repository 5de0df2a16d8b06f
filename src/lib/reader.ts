// One reader identity (docs/DESIGN "One reader identity"): the only place a reader's IP or e-mail
// becomes an identifier. Rate limits, duplicate detection, reports, likes (and commenter ids and
// bans) all key on what this returns; raw IPs are never stored.
import { deriveKey, hmacHex } from './keys.ts'

export type ReaderKey = (ip: string, email?: string | null) => string

/** The folded form of an address: one reader whatever the case or surrounding space. */
export function foldEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase()
}

/**
 * `readerKey(ip, email?)`: an HMAC with a key derived from the server secret — of the folded
 * e-mail when one is given, else of the IP. The IP form is the value Comment.ipHash always held
 * (same derived key, same input), so stored hashes stay comparable without a migration.
 */
export function createReaderKey(secret: string): ReaderKey {
  const key = deriveKey(secret, 'ip-hash')
  return (ip, email) => {
    const folded = email ? foldEmail(email) : ''
    // the prefix keeps an e-mail from ever colliding with an IP's key
    return folded ? hmacHex(key, `email:${folded}`) : hmacHex(key, ip)
  }
}
