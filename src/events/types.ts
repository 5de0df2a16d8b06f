// The event types and their payload schemas: the only place an event type is named. Webhook
// payloads, the event log (GET /v1/admin/events) and docs/webhooks.md follow these schemas.
import { Type, type Static } from 'typebox'

const Uuid = Type.String({ format: 'uuid' })
const DateTime = Type.String({ format: 'date-time' })

/** What an article event records: enough to find it again; deliveries render the rest (docs/webhooks.md). */
export const ArticleEventDataSchema = Type.Object(
  {
    id: Uuid,
    slug: Type.String(),
    status: Type.String(),
    publishedAt: Type.Union([DateTime, Type.Null()]),
    unpublishAt: Type.Union([DateTime, Type.Null()]),
  },
  { description: 'the article as the change left it' },
)

export const CommentEventDataSchema = Type.Object(
  {
    id: Uuid,
    articleId: Uuid,
    status: Type.String(),
  },
  { description: 'the comment as the change left it (no reader identifiers)' },
)

const Named = Type.Object({ id: Uuid, slug: Type.String(), name: Type.String() })
export const SectionEventDataSchema = Named
export const TagDeletedEventDataSchema = Type.Object({
  ...Named.properties,
  mergedInto: Type.Optional(Uuid),
})
export const MediaEventDataSchema = Type.Object({ id: Uuid })
export const CollectionEventDataSchema = Type.Object(
  { id: Uuid, slug: Type.String(), name: Type.String(), version: Type.Integer(), articleIds: Type.Array(Uuid) },
  { description: 'the collection as the change left it: its articles in order, drafts included' },
)

export const EVENT_SCHEMAS = {
  'article.published': ArticleEventDataSchema,
  'article.updated': ArticleEventDataSchema,
  'article.unpublished': ArticleEventDataSchema,
  'article.scheduled': ArticleEventDataSchema,
  'comment.submitted': CommentEventDataSchema,
  'comment.approved': CommentEventDataSchema,
  'comment.rejected': CommentEventDataSchema,
  'author.updated': Named,
  'organization.updated': Named,
  'section.updated': SectionEventDataSchema,
  'tag.updated': Named,
  'tag.deleted': TagDeletedEventDataSchema,
  'media.deleted': MediaEventDataSchema,
  'collection.created': CollectionEventDataSchema,
  'collection.updated': CollectionEventDataSchema,
  'collection.deleted': CollectionEventDataSchema,
} as const

export type EventType = keyof typeof EVENT_SCHEMAS
export type EventData<T extends EventType> = Static<(typeof EVENT_SCHEMAS)[T]>
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as Array<keyof typeof EVENT_SCHEMAS>
export type EventEntity = 'article' | 'comment' | 'author' | 'organization' | 'section' | 'tag' | 'media' | 'collection'

export const EventTypeSchema = Type.Enum(EVENT_TYPES as [EventType, ...EventType[]], { description: 'an event type' })

/** The comment event a status change records (none for a move back to pending). */
export const COMMENT_STATUS_EVENT: Record<string, EventType | undefined> = {
  approved: 'comment.approved',
  rejected: 'comment.rejected',
  spam: 'comment.rejected',
}

/** One row of the event log. */
export const EventSchema = Type.Object({
  id: Uuid,
  type: EventTypeSchema,
  entity: Type.String({ description: 'article, comment, author, organization, section, tag, media or collection' }),
  entityId: Uuid,
  occurredAt: DateTime,
  data: Type.Unknown({ description: 'the payload recorded with the event (schema per type: docs/webhooks.md)' }),
  tags: Type.Array(Type.String(), { description: 'the cache keys the change makes stale (Surrogate-Key vocabulary)' }),
  dispatchedAt: Type.Union([DateTime, Type.Null()], { description: 'when deliveries and purges were queued for it' }),
})
export type EventRow = Static<typeof EventSchema>
