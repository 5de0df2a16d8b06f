// Preview tokens: a JWT for ONE article at one preview version, with its own audience and its own
// key (derived from the server secret), so it never passes as an access token and an access token
// never passes as a preview token — either check refuses the other's audience and signature.
import jwt from 'jsonwebtoken'
import { deriveKey } from './keys.ts'
import { TOKEN_ISSUER } from './tokens.ts'

export const PREVIEW_AUDIENCE = 'toasoan-preview'
const ALGORITHM = 'HS256'

export interface PreviewClaims {
  articleId: string
  previewVersion: number
  expiresAt: Date
}

export const previewKey = (secret: string) => deriveKey(secret, 'preview-token')

export function signPreviewToken(key: Buffer, claims: { articleId: string; previewVersion: number }, now: Date, ttlSeconds: number): string {
  return jwt.sign({ pv: claims.previewVersion, iat: Math.floor(now.getTime() / 1000) }, key, {
    algorithm: ALGORITHM,
    issuer: TOKEN_ISSUER,
    audience: PREVIEW_AUDIENCE,
    subject: claims.articleId,
    expiresIn: ttlSeconds,
  })
}

/** The claims of a valid preview token; throws for anything forged, expired or meant for another use. */
export function verifyPreviewToken(key: Buffer, token: string, now: Date): PreviewClaims {
  const payload = jwt.verify(token, key, {
    algorithms: [ALGORITHM],
    issuer: TOKEN_ISSUER,
    audience: PREVIEW_AUDIENCE,
    clockTimestamp: Math.floor(now.getTime() / 1000),
  })
  if (
    typeof payload !== 'object' ||
    typeof payload.sub !== 'string' ||
    typeof payload.exp !== 'number' ||
    !Number.isSafeInteger(payload.pv) ||
    payload.pv < 0
  ) {
    throw new Error('preview token lacks sub, pv or exp')
  }
  return { articleId: payload.sub, previewVersion: payload.pv as number, expiresAt: new Date(payload.exp * 1000) }
}
