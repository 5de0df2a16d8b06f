// The SQL spellings of a public article's JSON: the list item (every statement that shows items
// joins the same tables and builds the same fields, so a field added here reaches them all), its
// version stamp, the page of items built or sent as rendered at write time, and the detail.
// The shape is the public schema's (schemas/articles.ts); callers name it as their Item/Detail type.
import { epochMs, isoUtc } from './sql.ts'
import { mediaJson } from './media-json.ts'

const authorsOf = (article: string) => `
  SELECT json_agg(json_build_object('id', x.id, 'slug', x.slug, 'name', x.name) ORDER BY aa.position, x.slug) AS list,
         max(x."updatedAt") AS changed
  FROM "ArticleAuthor" aa JOIN "Author" x ON x.id = aa."authorId"
  WHERE aa."articleId" = ${article}.id`

const organizationsOf = (article: string) => `
  SELECT json_agg(json_build_object('id', x.id, 'slug', x.slug, 'name', x.name) ORDER BY ao.position, x.slug) AS list,
         max(x."updatedAt") AS changed
  FROM "ArticleOrganization" ao JOIN "Organization" x ON x.id = ao."organizationId"
  WHERE ao."articleId" = ${article}.id`

const tagsOf = (article: string) => `
  SELECT json_agg(json_build_object('id', x.id, 'slug', x.slug, 'name', x.name) ORDER BY at.position, x.slug) AS list,
         max(x."updatedAt") AS changed, count(*) AS n
  FROM "ArticleTag" at JOIN "Tag" x ON x.id = at."tagId"
  WHERE at."articleId" = ${article}.id`

// the lead image and the primary section: a primary-key probe each per item, inside the same statement
const leadImageJoin = `LEFT JOIN "Media" li ON li.id = a."leadImageId"
  LEFT JOIN "Section" sec ON sec.id = a."sectionId"
  LEFT JOIN LATERAL (${tagsOf('a')}) tg ON true`

/**
 * What a list item reads besides the article row `a`: every statement that shows list items (this
 * list, collections, related articles) joins exactly these, so a field added to the item reaches
 * all of them.
 */
export const itemJoins = `${leadImageJoin}
  LEFT JOIN LATERAL (${authorsOf('a')}) au ON true
  LEFT JOIN LATERAL (${organizationsOf('a')}) og ON true`

/** The list item's JSON fields over `a` and `itemJoins`; `base` is the placeholder of MEDIA_PUBLIC_URL. */
export const itemFields = (base: string) => `
  'leadImage', ${mediaJson('li', base)},
  'id', a.id, 'slug', a.slug, 'title', a.title, 'lead', a.lead, 'source', a.source,
  'publishedAt', ${isoUtc('a."publishedAt"')}, 'updatedAt', ${isoUtc('a."updatedAt"')},
  'authors', coalesce(au.list, '[]'::json), 'organizations', coalesce(og.list, '[]'::json),
  'section', CASE WHEN sec.id IS NULL THEN NULL ELSE json_build_object('id', sec.id, 'slug', sec.slug, 'name', sec.name) END,
  'tags', coalesce(tg.list, '[]'::json), 'featured', a.featured,
  'commentCount', a."commentCount"`

// a renamed author, organization, section or tag changes the rendered article without touching
// the article row (a deleted tag only lowers the count), and approving a comment changes
// commentCount without touching updatedAt
export const versionStamp = (extra = '') =>
  `concat_ws(':', a.id, a.version, a."commentCount", coalesce(tg.n, 0), ` +
  `${epochMs(`greatest(a."updatedAt", au.changed, og.changed, li."updatedAt", sec."updatedAt", tg.changed${extra})`)})`

// the page's items built here, over the `shown` page
export const builtItems = (order: string, base: string) => `
  SELECT coalesce(json_agg(json_build_object(${itemFields(base)}) ORDER BY ${order}), '[]'::json) AS items,
         coalesce(string_agg(${versionStamp()}, ',' ORDER BY ${order}), '') AS stamp
  FROM shown s JOIN "Article" a ON a.id = s.id
  ${itemJoins}`

/**
 * The page's items as rendered at write time, with the comment count put back in; `missing`
 * counts those without a fresh text for this configuration. Their stamp is the text's digest and
 * the count, so it moves exactly when what is sent does.
 */
export const storedItems = (order: string, renderedFor: string) => `
  SELECT '[]'::json AS items,
         string_agg(r."itemHead" || a."commentCount" || r."itemTail", ',' ORDER BY ${order}) AS text,
         coalesce(string_agg(r.hash || ':' || a."commentCount", ',' ORDER BY ${order}), '') AS stamp,
         coalesce(string_agg(s.id::text, ',' ORDER BY ${order}), '') AS ids,
         coalesce(string_agg(${isoUtc('s."publishedAt"')}, ',' ORDER BY ${order}), '') AS "publishedAts",
         count(*) FILTER (WHERE r.stale IS DISTINCT FROM false OR r."renderedFor" IS DISTINCT FROM ${renderedFor})::int AS missing
  FROM shown s JOIN "Article" a ON a.id = s.id
  LEFT JOIN "ArticleRender" r ON r."articleId" = s.id`

// the detail's one spelling, shared by the public read and the draft preview; `base` is the
// placeholder of MEDIA_PUBLIC_URL. `media` holds the body's library images by id (public media
// JSON), for renderInlineMedia to fill in.
// `seo.canonicalUrl` is null unless set: the service puts the article URL in (lib/article-seo.ts)
const seoOf = (base: string) => `json_build_object('title', coalesce(a."metaTitle", a.title), 'description', coalesce(a."metaDescription", a.lead),
    'canonicalUrl', a."canonicalUrl", 'noindex', a.noindex,
    'image', coalesce(${base} || '/' || (ogi.renditions->'og'->>'key'), ${base} || '/' || (li.renditions->'og'->>'key')))`
export const detailOf = (extra: string, where: string, base: string) => `
  SELECT json_build_object(${itemFields(base)}, 'body', a.body, 'commentsEnabled', a."commentsEnabled", 'seo', ${seoOf(base)}) AS article,
         im.media, ${extra}
  FROM "Article" a
  ${itemJoins}
  LEFT JOIN "Media" ogi ON ogi.id = a."ogImageId"
  LEFT JOIN LATERAL (SELECT json_object_agg(m.id, ${mediaJson('m', base)}) AS media, max(m."updatedAt") AS changed
    FROM "ArticleMedia" am JOIN "Media" m ON m.id = am."mediaId" WHERE am."articleId" = a.id) im ON true
  WHERE ${where}`
