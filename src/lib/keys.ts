import { createHmac } from 'node:crypto'

/** A separate key per purpose, derived from the server secret, so no two uses share a key. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`toasoan:${purpose}`).digest()
}

export function hmacHex(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('hex')
}
