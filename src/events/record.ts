// Writing the outbox: `recordEvent` inside the change's own transaction (Prisma), and the same
// insert as SQL for changes made in one statement (a new comment, a moderator's decision). Nothing fires for
// a rolled-back change, nothing is lost for a committed one.
import { Prisma } from '../generated/prisma/client.ts'
import { isoUtc } from '../db/queries/sql.ts'
import { articleKeysSql, changeKeys, commentKeysSql, type ArticleRefs } from './tags.ts'
import type { EventData, EventEntity, EventType } from './types.ts'

type Tx = Prisma.TransactionClient

export interface EventInput<T extends EventType> {
  type: T
  entity: EventEntity
  entityId: string
  data: EventData<T>
  at: Date
  /** for the keys: a comment's article, an article's bylines and organizations */
  articleId?: string
  article?: ArticleRefs
}

/** The outbox row of a change: what recordEvent and eventInsertSql write. */
function eventRow<T extends EventType>(e: EventInput<T>) {
  return {
    type: e.type,
    entity: e.entity,
    entityId: e.entityId,
    data: e.data as Prisma.InputJsonValue,
    occurredAt: e.at,
    tags: changeKeys({ entity: e.entity, entityId: e.entityId, articleId: e.articleId, article: e.article }),
  }
}

export async function recordEvent<T extends EventType>(tx: Tx, e: EventInput<T>): Promise<void> {
  await tx.event.create({ data: eventRow(e) })
}

/**
 * recordEvent's insert as SQL, to follow the CTEs of a change made in one statement (a new
 * comment, comments/comments.ts): one round trip and no interactive transaction.
 */
export function eventInsertSql<T extends EventType>(e: EventInput<T>): Prisma.Sql {
  const r = eventRow(e)
  return Prisma.sql`INSERT INTO "Event" (type, entity, "entityId", data, tags, "occurredAt")
    VALUES (${r.type}, ${r.entity}, ${r.entityId}::uuid, ${JSON.stringify(r.data)}::jsonb, ${r.tags}::text[], ${r.occurredAt})`
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** The payload of an article event, from the row the change left. */
export function articleEventData(a: {
  id: string
  slug: string
  status: string
  publishedAt: Date | null
  unpublishAt: Date | null
}): EventData<'article.published'> {
  return { id: a.id, slug: a.slug, status: a.status, publishedAt: iso(a.publishedAt), unpublishAt: iso(a.unpublishAt) }
}

/**
 * A comment status change's event as a CTE (`evented`), reading the `changing` CTE of
 * comments/status.ts: one insert in the moderator's one statement. No type (a move back to
 * pending): no CTE.
 */
export function commentEventCte(type: EventType | undefined, to: string, at: Date): Prisma.Sql {
  if (!type) return Prisma.empty
  return Prisma.sql`,
    evented AS (
      INSERT INTO "Event" (type, entity, "entityId", data, tags, "occurredAt")
      SELECT ${type}, 'comment', changing.id,
        jsonb_build_object('id', changing.id, 'articleId', changing."articleId", 'status', ${to}::text),
        ${Prisma.raw(commentKeysSql('changing."articleId"'))}, ${at}
      FROM changing
    )`
}

/**
 * The scheduler's statement for one kind of due article (see schedule.ts): marks the rows and
 * records their events in one statement, so each time fires once whatever the number of instances.
 */
export function dueArticleEventsSql(kind: 'published' | 'unpublished'): string {
  const mark = kind === 'published' ? '"publishedEventAt"' : '"unpublishedEventAt"'
  const due =
    kind === 'published'
      ? `"publishedEventAt" IS NULL AND status = 'scheduled' AND "publishedAt" <= $1::timestamptz
       AND ("unpublishAt" IS NULL OR "unpublishAt" > "publishedAt")`
      : `"unpublishedEventAt" IS NULL AND "unpublishAt" <= $1::timestamptz AND status IN ('published', 'scheduled')
       AND "publishedAt" < "unpublishAt" AND (status = 'published' OR "publishedEventAt" IS NOT NULL)`
  const at = kind === 'published' ? 'a."publishedAt"' : 'a."unpublishAt"'
  return `WITH due AS (
      SELECT id FROM "Article" WHERE ${due} ORDER BY id LIMIT 500 FOR UPDATE SKIP LOCKED
    ),
    marked AS (
      UPDATE "Article" a SET ${mark} = $1::timestamptz FROM due WHERE a.id = due.id
      RETURNING a.id, a.slug, a.status, a."publishedAt", a."unpublishAt", a."sectionId"
    )
    INSERT INTO "Event" (type, entity, "entityId", data, tags, "occurredAt")
    SELECT 'article.${kind}', 'article', a.id,
      jsonb_build_object('id', a.id, 'slug', a.slug, 'status', a.status::text,
        'publishedAt', ${isoUtc('a."publishedAt"')},
        'unpublishAt', ${isoUtc('a."unpublishAt"')}),
      ${articleKeysSql('a')}, ${at}
    FROM marked a
    RETURNING id, tags`
}
