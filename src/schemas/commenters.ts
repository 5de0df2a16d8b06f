// Staff shapes of a commenter: one reader as lib/reader.ts identifies them, never their address.
import { Type, type Static } from 'typebox'
import { DateTime, Uuid } from './common.ts'

export const CommenterIdSchema = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'a keyed hash of the folded e-mail, else of the IP' })
export const CommenterParamsSchema = Type.Object({ commenterId: CommenterIdSchema })

const Counts = Type.Object({ approved: Type.Integer(), rejected: Type.Integer(), spam: Type.Integer(), pending: Type.Integer() })

export const CommenterSchema = Type.Object({
  commenterId: CommenterIdSchema,
  firstSeenAt: DateTime,
  counts: Counts,
  ban: Type.Optional(
    Type.Object(
      {
        until: Type.Union([DateTime, Type.Null()], { description: 'null: until lifted' }),
        reason: Type.String(),
        createdAt: DateTime,
        createdBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
      },
      { description: 'present while a ban is in force' },
    ),
  ),
  notes: Type.Array(
    Type.Object({
      id: Uuid,
      text: Type.String(),
      createdAt: DateTime,
      author: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
    }),
    { description: 'newest first' },
  ),
})
export type Commenter = Static<typeof CommenterSchema>

export const BanBodySchema = Type.Object(
  {
    until: Type.Optional(DateTime),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false, examples: [{ reason: 'Quảng cáo lặp lại', until: '2026-12-31T00:00:00.000Z' }] },
)

export const NoteBodySchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false, examples: [{ text: 'Hay gửi đường dẫn quảng cáo.' }] },
)
