// The live moderation stream: the ticket that opens it and the events it carries (their `data`).
import { Type, type Static } from 'typebox'
import { DateTime, Uuid } from './common.ts'
import { CommentStatusSchema, StatsSchema } from './moderation.ts'

export const STREAM_TICKET_SECONDS = 30

export const StreamTicketSchema = Type.Object(
  {
    ticket: Type.String({ description: `single use, valid ${STREAM_TICKET_SECONDS} seconds; opens GET /v1/moderation/stream?ticket=` }),
    expiresAt: DateTime,
  },
  { description: 'A ticket for the moderation stream' },
)

export const StreamQuerySchema = Type.Object(
  {
    ticket: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'from POST /v1/moderation/stream-ticket (or send it as `Authorization: Bearer <ticket>`)' }),
    ),
  },
  { additionalProperties: false },
)

const Person = Type.Object({ id: Uuid, name: Type.String() })

export const StreamEventSchemas = {
  'comment.submitted': Type.Object(
    { id: Uuid, articleId: Uuid, status: CommentStatusSchema },
    { description: 'a reader sent a comment (pending, or already decided by the rules)' },
  ),
  'comment.decided': Type.Object(
    { id: Uuid, status: CommentStatusSchema, decidedBy: Type.Union([Person, Type.Null()]), decidedAt: Type.Union([DateTime, Type.Null()]) },
    { description: 'a moderator approved, rejected or marked a comment as spam' },
  ),
  'comment.hidden': Type.Object(
    { id: Uuid, articleId: Uuid },
    { description: "reader reports reached the rules' reportThreshold: the comment is hidden and waits in the reported view" },
  ),
  'comment.claimed': Type.Object(
    { ids: Type.Array(Uuid), claimedBy: Person, claimExpiresAt: DateTime },
    { description: 'a moderator leased these pending comments' },
  ),
  stats: StatsSchema,
}

export type StreamEventType = keyof typeof StreamEventSchemas
export type StreamEvent = { [K in StreamEventType]: { type: K; data: Static<(typeof StreamEventSchemas)[K]> } }[StreamEventType]
export const STREAM_EVENT_TYPES = Object.keys(StreamEventSchemas) as StreamEventType[]
