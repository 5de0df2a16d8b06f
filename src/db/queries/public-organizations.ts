// Public party organizations: one level, a (sub)tree, or one organization with its breadcrumbs.
import { Params, epochMs } from './sql.ts'
import { statement, statementFamily, type Query } from './statement.ts'
import { mediaJson } from './media-json.ts'

export type OrganizationKind = 'provincial_committee' | 'bloc_committee' | 'grassroots_committee' | 'cell'

export interface OrganizationRef {
  id: string
  slug: string
  name: string
  shortName: string | null
  kind: OrganizationKind
}
/** `Media`: the public media shape (schemas/media.ts PublicMedia), named by the caller as for articles */
export interface PublicOrganization<Media = unknown> extends OrganizationRef {
  parentId: string | null
  childCount: number
  logo: Media | null
}
export interface PublicOrganizationDetail<Media> extends PublicOrganization<Media> {
  ancestors: OrganizationRef[]
  children: PublicOrganization<Media>[]
}

export interface OrganizationRows<Media> {
  parentFound: boolean | null
  items: PublicOrganization<Media>[]
  stamp: string
}
export interface OrganizationLevelRows<Media> extends OrganizationRows<Media> {
  total: number | null
  fetched: number
}

const refFields = (o: string) => `'id', ${o}.id, 'slug', ${o}.slug, 'name', ${o}.name, 'shortName', ${o}."shortName", 'kind', ${o}.kind`
// `base`: the placeholder of MEDIA_PUBLIC_URL, for the logo's rendition URLs
const fields = (o: string, base: string) => `${refFields(o)}, 'parentId', ${o}."parentId",
  'childCount', (SELECT count(*) FROM "Organization" ch WHERE ch."parentId" = ${o}.id)::int,
  'logo', (SELECT ${mediaJson('lg', base)} FROM "Media" lg WHERE lg.id = ${o}."logoId")`
// childCount is part of what a row shows, and adding a child does not touch its parent's row; a
// new alt text of the logo changes the row without touching it either
const stampOf = (o: string) => `concat_ws(':', ${o}.id, ${epochMs(`${o}."updatedAt"`)},
  (SELECT ${epochMs('lg."updatedAt"')} FROM "Media" lg WHERE lg.id = ${o}."logoId"))`

const rowsOf = (from: string, parentFound: string, base: string) => `
  SELECT ${parentFound} AS "parentFound", coalesce(json_agg(r.item ORDER BY r.slug), '[]'::json) AS items,
         coalesce(string_agg(r.stamp || ':' || (r.item->>'childCount'), ',' ORDER BY r.slug), '') AS stamp
  FROM (SELECT o.slug, json_build_object(${fields('o', base)}) AS item, ${stampOf('o')} AS stamp ${from}) r`

const parentId = `(SELECT id FROM "Organization" WHERE slug = $1::text)`
const parentExists = `EXISTS (SELECT 1 FROM "Organization" WHERE slug = $1::text)`

// the fixed statements' placeholders: $1 the slug where there is one, then MEDIA_PUBLIC_URL
const statements = {
  all: statement('public_org_all', rowsOf(`FROM "Organization" o`, 'NULL::boolean', '$1::text')),
  below: statement(
    'public_org_below',
    rowsOf(
      `FROM "OrganizationClosure" c JOIN "Organization" o ON o.id = c."descendantId" WHERE c."ancestorId" = ${parentId} AND c.depth > 0`,
      parentExists,
      '$2::text',
    ),
  ),
  detail: statement(
    'public_org',
    `
    SELECT json_build_object(${fields('o', '$2::text')},
      'ancestors', coalesce((SELECT json_agg(json_build_object(${refFields('x')}) ORDER BY c.depth DESC)
        FROM "OrganizationClosure" c JOIN "Organization" x ON x.id = c."ancestorId"
        WHERE c."descendantId" = o.id AND c.depth > 0), '[]'::json),
      'children', coalesce((SELECT json_agg(json_build_object(${fields('k', '$2::text')}) ORDER BY k.slug)
        FROM "Organization" k WHERE k."parentId" = o.id), '[]'::json)) AS organization,
      (SELECT string_agg(${stampOf('x')}, ',' ORDER BY x.id) FROM "Organization" x
        WHERE x.id IN (SELECT c."ancestorId" FROM "OrganizationClosure" c WHERE c."descendantId" = o.id)
           OR x."parentId" = o.id) AS stamp
    FROM "Organization" o WHERE o.slug = $1::text`,
  ),
}

/**
 * The whole tree: `parentSlug` absent, every organization; present, everything below it. Rows
 * come flat, ordered by slug.
 */
export async function listOrganizationTree<Media>(query: Query, input: { parentSlug?: string; mediaBase: string }): Promise<OrganizationRows<Media>> {
  const s = input.parentSlug === undefined ? statements.all : statements.below
  const [row] = await query<OrganizationRows<Media>>(s, input.parentSlug === undefined ? [input.mediaBase] : [input.parentSlug, input.mediaBase])
  return row!
}

const levelStatement = statementFamily('public_org_level')

/**
 * One level by slug, a page at a time (a bloc committee can have well over a hundred cells):
 * `parentSlug` absent, the roots; present, its children. Page mode with `offset` (and the level's
 * total), keyset mode with `afterSlug`; `limit + 1` rows are read to know whether more follow.
 */
export async function listOrganizationLevel<Media>(
  query: Query,
  input: { parentSlug?: string; limit: number; offset?: number; afterSlug?: string; mediaBase: string },
): Promise<OrganizationLevelRows<Media>> {
  const p = new Params()
  const base = p.add(input.mediaBase, 'text')
  const slug = input.parentSlug === undefined ? undefined : p.add(input.parentSlug, 'text')
  const level = slug === undefined ? 'o."parentId" IS NULL' : `o."parentId" = (SELECT id FROM "Organization" WHERE slug = ${slug})`
  const limit = p.add(input.limit, 'int')
  const offset = input.offset === undefined ? undefined : p.add(input.offset, 'int')
  const after = input.afterSlug === undefined ? '' : ` AND o.slug > ${p.add(input.afterSlug, 'text')}`
  const text = `WITH page AS MATERIALIZED (
      SELECT o.* FROM "Organization" o WHERE ${level}${after}
      ORDER BY o.slug LIMIT ${limit} + 1${offset === undefined ? '' : ` OFFSET ${offset}`}
    ), shown AS (SELECT * FROM page ORDER BY slug LIMIT ${limit}),
    rendered AS (SELECT s.slug, json_build_object(${fields('s', base)}) AS item, ${stampOf('s')} AS stamp FROM shown s)
    SELECT ${slug === undefined ? 'NULL::boolean' : `EXISTS (SELECT 1 FROM "Organization" WHERE slug = ${slug})`} AS "parentFound",
      ${offset === undefined ? 'NULL::int' : `(SELECT count(*) FROM "Organization" o WHERE ${level})::int`} AS total,
      (SELECT count(*) FROM page)::int AS fetched,
      coalesce(json_agg(r.item ORDER BY r.slug), '[]'::json) AS items,
      coalesce(string_agg(r.stamp || ':' || (r.item->>'childCount'), ',' ORDER BY r.slug), '') AS stamp
    FROM rendered r`
  const [row] = await query<OrganizationLevelRows<Media>>(levelStatement(text), p.values)
  return row!
}

export async function findPublicOrganization<Media>(
  query: Query,
  slug: string,
  mediaBase: string,
): Promise<{ organization: PublicOrganizationDetail<Media>; stamp: string } | undefined> {
  const [row] = await query<{ organization: PublicOrganizationDetail<Media>; stamp: string }>(statements.detail, [slug, mediaBase])
  return row
}
