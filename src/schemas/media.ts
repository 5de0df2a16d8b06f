// The media library: staff and public views of an uploaded image, its list and its patch.
import { Type, type Static } from 'typebox'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { pagingQuery } from '../lib/paging.ts'

export const MEDIA_LIMITS = { alt: 500, caption: 1000, credit: 200, filename: 255 } as const

const Rendition = Type.Object({
  url: Type.String({ examples: ['/media/3f/a2/3fa2…-card.webp'] }),
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  mimeType: Type.Literal('image/webp'),
})

export const FocalPointSchema = Type.Object(
  {
    x: Type.Number({ minimum: 0, maximum: 1, examples: [0.5] }),
    y: Type.Number({ minimum: 0, maximum: 1, examples: [0.4] }),
  },
  { additionalProperties: false, description: 'the point the og crop centres on, 0..1 from the left and the top' },
)

const common = {
  id: Uuid,
  mimeType: Type.String({ examples: ['image/jpeg'], description: 'of the original, detected from its bytes' }),
  width: Type.Integer({ description: 'of the original, upright after orientation' }),
  height: Type.Integer(),
  alt: Type.Union([Type.String(), Type.Null()], { description: 'null: not written yet; "" only with decorative' }),
  decorative: Type.Boolean({ description: 'the image says nothing the text does not: an empty alt is intended' }),
  caption: Type.Union([Type.String(), Type.Null()]),
  credit: Type.Union([Type.String(), Type.Null()]),
  focalPoint: FocalPointSchema,
  createdAt: DateTime,
  renditions: Type.Object({ thumb: Rendition, card: Rendition, article: Rendition, og: Rendition }),
}

/** Inside public articles, authors and organizations: no size in bytes, no file name. */
export const PublicMediaSchema = Type.Object(common, { $id: 'PublicMedia' })
export type PublicMedia = Static<typeof PublicMediaSchema>
/**
 * PublicMedia by reference (registered once, plugins/swagger.ts): one response can hold it many
 * times (an organization, its children, each with a logo), and an inline $id may appear only once.
 */
export const PublicMediaRef = Type.Unsafe<PublicMedia>(Type.Ref('PublicMedia'))

export const MediaSchema = Type.Object(
  {
    ...common,
    bytes: Type.Integer({ description: 'size of the uploaded file' }),
    filename: Type.String(),
    uploadedById: Type.Union([Uuid, Type.Null()]),
    updatedAt: DateTime,
  },
  { $id: 'Media' },
)
export type Media = Static<typeof MediaSchema>

export const MediaListQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'words of the alt text, caption, credit or file name; tone marks optional' })),
    ...pagingQuery('images'),
  },
  { additionalProperties: false },
)
export type MediaListQuery = Static<typeof MediaListQuerySchema>

export const MediaListSchema = Type.Object({ data: Type.Array(MediaSchema), meta: ListMetaSchema })

export const MediaPatchSchema = Type.Object(
  {
    alt: Type.Optional(Type.Union([Type.String({ maxLength: MEDIA_LIMITS.alt }), Type.Null()])),
    decorative: Type.Optional(Type.Boolean()),
    caption: Type.Optional(Type.Union([Type.String({ maxLength: MEDIA_LIMITS.caption }), Type.Null()])),
    credit: Type.Optional(Type.Union([Type.String({ maxLength: MEDIA_LIMITS.credit }), Type.Null()])),
    focalPoint: Type.Optional(FocalPointSchema),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type MediaPatch = Static<typeof MediaPatchSchema>

/** The multipart fields beside the file, for the OpenAPI document (the parser reads them itself). */
export const MediaUploadSchema = Type.Object(
  {
    file: Type.String({ contentMediaType: 'application/octet-stream', description: 'one image: JPEG, PNG, WebP, AVIF or GIF (first frame)' }),
    alt: Type.Optional(Type.String({ maxLength: MEDIA_LIMITS.alt })),
    caption: Type.Optional(Type.String({ maxLength: MEDIA_LIMITS.caption })),
    credit: Type.Optional(Type.String({ maxLength: MEDIA_LIMITS.credit })),
  },
  { required: ['file'] },
)
export type MediaUploadFields = Omit<Static<typeof MediaUploadSchema>, 'file'>
