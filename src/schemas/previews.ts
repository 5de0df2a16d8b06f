// Draft previews: the link a staff member makes, and how the preview is opened.
import { Type, type Static } from 'typebox'
import { DateTime } from './common.ts'

export const PREVIEW_DEFAULT_SECONDS = 3600
export const PREVIEW_MAX_SECONDS = 7 * 86_400

export const PreviewBodySchema = Type.Object(
  {
    expiresIn: Type.Optional(
      Type.Integer({
        minimum: 60,
        maximum: PREVIEW_MAX_SECONDS,
        default: PREVIEW_DEFAULT_SECONDS,
        description: 'seconds the link stays valid: 60 to 604800 (7 days); 1 hour when left out',
        examples: [86_400],
      }),
    ),
  },
  { additionalProperties: false },
)
export type PreviewBody = Static<typeof PreviewBodySchema>

export const PreviewLinkSchema = Type.Object(
  {
    token: Type.String({ description: 'the preview token: read-only, for this one article; never an access token' }),
    url: Type.String({
      description: 'where the preview opens (PREVIEW_URL_PATTERN with the id, slug and token filled in)',
      examples: ['/v1/preview/articles/3c9a6b2e-1f4d-4e8a-b7c5-9d0e1f2a3b4c?token=eyJ…'],
    }),
    expiresAt: DateTime,
  },
  { description: 'A draft preview link' },
)

export const PreviewQuerySchema = Type.Object(
  {
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 4096, description: 'the preview token, when it cannot travel in `Authorization: Bearer`' })),
  },
  { additionalProperties: false },
)
