// Access tokens (JWT, HS256 pinned) and refresh tokens (random, stored only as a hash).
import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'

export const TOKEN_ISSUER = 'toasoan'
export const TOKEN_AUDIENCE = 'toasoan-api'
// pinned on both sides: a token signed with `none` or another algorithm never verifies
const ALGORITHM = 'HS256'

/** `ver` is the user's tokenVersion at signing: a token behind the user's current version is dead. */
/** `sid` is the session (refresh family) the token was issued in: revoking it ends the token too. */
// jsonwebtoken, handed a string, first tries to read it as a PEM public (or private) key and makes a
// secret key of it only when that throws: on every verification, 6.5 % of a moderator's request in
// a profile. A secret's key object is made once; a process has one or two secrets.
const keys = new Map<string, KeyObject>()
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret)
  if (!key) {
    if (keys.size >= 16) keys.clear()
    keys.set(secret, (key = createSecretKey(Buffer.from(secret))))
  }
  return key
}

export interface AccessClaims {
  sub: string
  role: string
  ver: number
  sid?: string
}

export interface SignOptions {
  secret: string
  ttlSeconds: number
  now: Date
}

// `ver` may be left out for a user at version 0 (the column default), as verification reads it
export function signAccessToken({ secret, ttlSeconds, now }: SignOptions, claims: Omit<AccessClaims, 'ver'> & { ver?: number }): string {
  // iat comes from the injected clock, so `exp` follows the same time source as verification
  return jwt.sign({ role: claims.role, ver: claims.ver, sid: claims.sid, iat: Math.floor(now.getTime() / 1000) }, keyOf(secret), {
    algorithm: ALGORITHM,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    subject: claims.sub,
    expiresIn: ttlSeconds,
  })
}

/** The claims of a valid token; throws for anything forged, expired, or meant for someone else. */
export function verifyAccessToken(token: string, { secret, now }: { secret: string; now: Date }): AccessClaims {
  const payload = jwt.verify(token, keyOf(secret), {
    algorithms: [ALGORITHM],
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    clockTimestamp: Math.floor(now.getTime() / 1000),
  })
  if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.role !== 'string' || typeof payload.exp !== 'number') {
    throw new Error('access token lacks sub, role or exp')
  }
  // no `ver`: signed before versions existed, when every user was at 0
  const ver = payload.ver ?? 0
  if (!Number.isSafeInteger(ver) || ver < 0) throw new Error('access token has a malformed ver')
  const sid = typeof payload.sid === 'string' ? payload.sid : undefined
  return { sub: payload.sub, role: payload.role, ver, sid }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashRefreshToken(token) }
}

/** Only this digest is stored: a database leak yields no usable refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
