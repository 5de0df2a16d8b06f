// One vocabulary of cache keys (DESIGN.md "One vocabulary of tags"), and the ONE mapping from a
// change to the keys it makes stale. It serves the Surrogate-Key / Cache-Tag response headers, the
// keys recorded with each event and the CDN purge job.
import type { EventEntity } from './types.ts'

export const LIST_KEY = 'articles'
export const articleKey = (id: string) => `article-${id}`
export const authorKey = (id: string) => `author-${id}`
export const organizationKey = (id: string) => `organization-${id}`
export const sectionKey = (id: string) => `section-${id}`
export const tagKey = (id: string) => `tag-${id}`
export const collectionKey = (id: string) => `collection-${id}`
export const commentsKey = (articleId: string) => `comments-${articleId}`

/** What a shown article touches: itself, its authors, organizations, primary section and tags. */
export interface ArticleRefs {
  id: string
  authors?: Array<{ id: string }>
  organizations?: Array<{ id: string }>
  section?: { id: string } | null
  tags?: Array<{ id: string }>
}

export function articleKeys(a: ArticleRefs): string[] {
  return [
    articleKey(a.id),
    ...(a.authors ?? []).map((x) => authorKey(x.id)),
    ...(a.organizations ?? []).map((x) => organizationKey(x.id)),
    ...(a.section ? [sectionKey(a.section.id)] : []),
    ...(a.tags ?? []).map((x) => tagKey(x.id)),
  ]
}

/**
 * A list response: `articles` plus each item's own key. Every change to what an item shows of its
 * authors, organizations, section or tags also names `articles` (changeKeys below), so their keys
 * would only lengthen the header (6 KB for a list of 20); the item's key stays because a comment's
 * visibility changes its `commentCount` and names the article alone.
 */
export function listKeys(items: ArticleRefs[]): string[] {
  return unique([LIST_KEY, ...items.map((i) => articleKey(i.id))])
}

/**
 * A collection's public response: its own key, plus what a list carries: `articles` (so an article
 * placed while hidden, whose key it does not carry yet, reaches it once public) and every item's keys.
 */
export function collectionKeys(id: string, items: ArticleRefs[]): string[] {
  return unique([collectionKey(id), ...listKeys(items)])
}

/**
 * Any other list (bylines, organizations): `articles` too, so a change that adds an entry (whose
 * keys no cached list carries yet) still reaches it, plus every entry's own key.
 */
export function entityListKeys(keys: string[]): string[] {
  // every change that reaches a byline or an organization also names `articles`, so a whole tree
  // (hundreds of keys, past what a CDN takes in one header) can stand on that key alone
  return keys.length > MAX_ENTITY_KEYS ? [LIST_KEY] : unique([LIST_KEY, ...keys])
}
const MAX_ENTITY_KEYS = 200

/** An organization with what it shows of others (breadcrumbs, children, a nested tree). */
export interface OrganizationRefs {
  id: string
  ancestors?: Array<{ id: string }>
  children?: OrganizationRefs[]
}

export function organizationKeys(o: OrganizationRefs): string[] {
  return unique([organizationKey(o.id), ...(o.ancestors ?? []).map((a) => organizationKey(a.id)), ...(o.children ?? []).flatMap(organizationKeys)])
}

/** A section with its breadcrumbs and children (or a nested tree). */
export interface SectionRefs {
  id: string
  ancestors?: Array<{ id: string }>
  children?: SectionRefs[]
}

export function sectionKeys(s: SectionRefs): string[] {
  return unique([sectionKey(s.id), ...(s.ancestors ?? []).map((a) => sectionKey(a.id)), ...(s.children ?? []).flatMap(sectionKeys)])
}

/** A comment list's keys, and what a comment's visibility change makes stale: the comments and their article. */
export const commentKeys = (articleId: string) => [commentsKey(articleId), articleKey(articleId)]

export interface Change {
  entity: EventEntity
  entityId: string
  /** the article a comment belongs to */
  articleId?: string
  /** an article's bylines and organizations */
  article?: ArticleRefs
}

/** The keys a change makes stale: every response that showed the entity, and the lists. */
export function changeKeys(c: Change): string[] {
  switch (c.entity) {
    case 'article':
      return unique([LIST_KEY, ...articleKeys(c.article ?? { id: c.entityId })])
    case 'comment':
      return c.articleId ? commentKeys(c.articleId) : []
    case 'author':
      return [authorKey(c.entityId), LIST_KEY]
    case 'organization':
      return [organizationKey(c.entityId), LIST_KEY]
    case 'section':
      return [sectionKey(c.entityId), LIST_KEY]
    case 'tag':
      return [tagKey(c.entityId), LIST_KEY]
    case 'media':
      return []
    // what a collection shows of its articles carries their keys: an article change reaches it that way
    case 'collection':
      return [collectionKey(c.entityId)]
  }
}

/** The same keys for an article, as SQL over the article alias `a` (events recorded inside one statement). */
export function articleKeysSql(a: string): string {
  return `ARRAY['${LIST_KEY}', 'article-' || ${a}.id::text]
    || ARRAY(SELECT 'author-' || x."authorId"::text FROM "ArticleAuthor" x WHERE x."articleId" = ${a}.id ORDER BY x.position)
    || ARRAY(SELECT 'organization-' || x."organizationId"::text FROM "ArticleOrganization" x WHERE x."articleId" = ${a}.id ORDER BY x.position)
    || ARRAY(SELECT 'section-' || ${a}."sectionId"::text WHERE ${a}."sectionId" IS NOT NULL)
    || ARRAY(SELECT 'tag-' || x."tagId"::text FROM "ArticleTag" x WHERE x."articleId" = ${a}.id ORDER BY x.position)`
}

/** The keys of a comment change, as SQL over the comment's article id expression. */
export function commentKeysSql(articleId: string): string {
  return `ARRAY['comments-' || ${articleId}::text, 'article-' || ${articleId}::text]`
}

const unique = (keys: string[]) => [...new Set(keys)]
