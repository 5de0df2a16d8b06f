// Webhook endpoints, their deliveries, and the event log (admin).
import { Type, type Static } from 'typebox'
import { ListMetaSchema, pagingQuery } from '../lib/paging.ts'
import { EVENT_TYPES, EventSchema, EventTypeSchema } from '../events/types.ts'

const Uuid = Type.String({ format: 'uuid' })
const DateTime = Type.String({ format: 'date-time' })
const Url = Type.String({
  minLength: 8,
  maxLength: 2000,
  description: 'http or https; loopback, private and link-local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true',
})
const Events = Type.Array(Type.Enum(['*', ...EVENT_TYPES]), { minItems: 1, maxItems: 20, uniqueItems: true, description: 'event types, or ["*"] for all' })

export const WebhookSchema = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()], { description: 'why delivery stopped: 410 Gone, or 24 hours of failures' }),
  previousSecretValidUntil: Type.Union([DateTime, Type.Null()], { description: 'until then deliveries carry a signature with the previous secret too' }),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type Webhook = Static<typeof WebhookSchema>

export const WebhookWithSecretSchema = Type.Object({
  ...WebhookSchema.properties,
  secret: Type.String({ description: 'the signing secret: shown only in this response' }),
})
export type WebhookWithSecret = Static<typeof WebhookWithSecretSchema>

export const WebhookCreateSchema = Type.Object(
  {
    url: Url,
    events: Events,
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
)
export type WebhookCreate = Static<typeof WebhookCreateSchema>

export const WebhookPatchSchema = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    active: Type.Optional(Type.Boolean({ description: 'true re-enables an endpoint that was disabled' })),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type WebhookPatch = Static<typeof WebhookPatchSchema>

export const WebhookListSchema = Type.Object({ data: Type.Array(WebhookSchema), meta: ListMetaSchema })
export const WebhookListQuerySchema = Type.Object({ ...pagingQuery('webhooks') }, { additionalProperties: false })

export const DeliverySchema = Type.Object({
  id: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  attempt: Type.Integer({ minimum: 0, description: 'attempts made so far' }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()], { description: 'why the last attempt failed without an HTTP status' }),
  nextAttemptAt: Type.Union([DateTime, Type.Null()]),
  createdAt: DateTime,
})
export type Delivery = Static<typeof DeliverySchema>
export const DeliveryListSchema = Type.Object({ data: Type.Array(DeliverySchema), meta: ListMetaSchema })
export const DeliveryListQuerySchema = Type.Object({ ...pagingQuery('deliveries') }, { additionalProperties: false })
export const DeliveryParamsSchema = Type.Object({ id: Uuid, deliveryId: Uuid })

export const EventListSchema = Type.Object({ data: Type.Array(EventSchema), meta: ListMetaSchema })
export const EventListQuerySchema = Type.Object({ type: Type.Optional(EventTypeSchema), ...pagingQuery('events') }, { additionalProperties: false })
export type EventListQuery = Static<typeof EventListQuerySchema>
