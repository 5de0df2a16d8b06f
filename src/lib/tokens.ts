// Access tokens (JWT, HS256 pinned) and refresh tokens (random, stored only as a hash).
import { createHash, randomBytes } from 'node:crypto'
import jwt from 'jsonwebtoken'

export const TOKEN_ISSUER = 'toasoan'
export const TOKEN_AUDIENCE = 'toasoan-api'
// pinned on both sides: a token signed with `none` or another algorithm never verifies
const ALGORITHM = 'HS256'

export interface AccessClaims { sub: string; role: string }

export interface SignOptions { secret: string; ttlSeconds: number; now: Date }

export function signAccessToken({ secret, ttlSeconds, now }: SignOptions, claims: AccessClaims): string {
  // iat comes from the injected clock, so `exp` follows the same time source as verification
  return jwt.sign({ role: claims.role, iat: Math.floor(now.getTime() / 1000) }, secret, {
    algorithm: ALGORITHM,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    subject: claims.sub,
    expiresIn: ttlSeconds,
  })
}

/** The claims of a valid token; throws for anything forged, expired, or meant for someone else. */
export function verifyAccessToken(token: string, { secret, now }: { secret: string; now: Date }): AccessClaims {
  const payload = jwt.verify(token, secret, {
    algorithms: [ALGORITHM],
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    clockTimestamp: Math.floor(now.getTime() / 1000),
  })
  if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.role !== 'string' || typeof payload.exp !== 'number') {
    throw new Error('access token lacks sub, role or exp')
  }
  return { sub: payload.sub, role: payload.role }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, hash: hashRefreshToken(token) }
}

/** Only this digest is stored: a database leak yields no usable refresh token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
