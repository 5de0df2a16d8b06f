// A curated collection as the public sees it: one statement, its items in the editors' order as
// list items (the public article list's JSON), the ones not public now left out.
import { itemFields, itemJoins, versionStamp } from './article-items.ts'
import { isPublic } from './public-now.ts'
import { epochMs } from './sql.ts'
import { statement, type Query } from './statement.ts'

const collectionStatement = statement(
  'public_collection',
  `SELECT c.id, c.slug, c.name,
    coalesce(agg.items, '[]'::json) AS articles,
    concat_ws(';', c.id, c.version, ${epochMs('c."updatedAt"')}, agg.stamp) AS stamp
  FROM "Collection" c
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object(${itemFields('$3::text')}) ORDER BY ci.position) AS items,
           string_agg(${versionStamp()}, ',' ORDER BY ci.position) AS stamp
    FROM "CollectionItem" ci JOIN "Article" a ON a.id = ci."articleId"
    ${itemJoins}
    WHERE ci."collectionId" = c.id AND ${isPublic('a', '$2::timestamptz')}
  ) agg ON true
  WHERE c.slug = $1::text`,
)

export interface CollectionRow<Item> {
  id: string
  slug: string
  name: string
  articles: Item[]
  /** what the representation depends on, for its ETag */
  stamp: string
}

/** The collection with that slug, or undefined when there is none. */
export async function findPublicCollection<Item>(query: Query, slug: string, now: Date, mediaBase: string): Promise<CollectionRow<Item> | undefined> {
  const [row] = await query<CollectionRow<Item>>(collectionStatement, [slug, now, mediaBase])
  return row
}

/** The statement's text, for plan checks. */
export const COLLECTION_SQL = collectionStatement.text
