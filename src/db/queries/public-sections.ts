// Public sections: one level, a (sub)tree, or one section with its breadcrumbs. Menu order: by
// position, then slug.
import { Params, epochMs } from './sql.ts'
import { statement, statementFamily, type Query } from './statement.ts'

export interface SectionRef {
  id: string
  slug: string
  name: string
}
export interface PublicSection extends SectionRef {
  parentId: string | null
  position: number
  childCount: number
}
export interface PublicSectionDetail extends PublicSection {
  ancestors: SectionRef[]
  children: PublicSection[]
}

export interface SectionRows {
  parentFound: boolean | null
  items: PublicSection[]
  stamp: string
}
export interface SectionLevelRows extends SectionRows {
  total: number | null
  fetched: number
}

const refFields = (s: string) => `'id', ${s}.id, 'slug', ${s}.slug, 'name', ${s}.name`
const fields = (s: string) => `${refFields(s)}, 'parentId', ${s}."parentId", 'position', ${s}.position,
  'childCount', (SELECT count(*) FROM "Section" ch WHERE ch."parentId" = ${s}.id)::int`
// childCount is part of what a row shows, and adding a child does not touch its parent's row
const stampOf = (s: string) => `concat_ws(':', ${s}.id, ${epochMs(`${s}."updatedAt"`)})`
const order = (s: string) => `${s}.position, ${s}.slug`

const rowsOf = (from: string, parentFound: string) => `
  SELECT ${parentFound} AS "parentFound", coalesce(json_agg(r.item ORDER BY r.position, r.slug), '[]'::json) AS items,
         coalesce(string_agg(r.stamp || ':' || (r.item->>'childCount'), ',' ORDER BY r.position, r.slug), '') AS stamp
  FROM (SELECT s.slug, s.position, json_build_object(${fields('s')}) AS item, ${stampOf('s')} AS stamp ${from}) r`

const statements = {
  all: statement('public_section_all', rowsOf(`FROM "Section" s`, 'NULL::boolean')),
  below: statement(
    'public_section_below',
    rowsOf(
      `FROM "SectionClosure" c JOIN "Section" s ON s.id = c."descendantId"
       WHERE c."ancestorId" = (SELECT id FROM "Section" WHERE slug = $1::text) AND c.depth > 0`,
      'EXISTS (SELECT 1 FROM "Section" WHERE slug = $1::text)',
    ),
  ),
  detail: statement(
    'public_section',
    `
    SELECT json_build_object(${fields('s')},
      'ancestors', coalesce((SELECT json_agg(json_build_object(${refFields('x')}) ORDER BY c.depth DESC)
        FROM "SectionClosure" c JOIN "Section" x ON x.id = c."ancestorId"
        WHERE c."descendantId" = s.id AND c.depth > 0), '[]'::json),
      'children', coalesce((SELECT json_agg(json_build_object(${fields('k')}) ORDER BY ${order('k')})
        FROM "Section" k WHERE k."parentId" = s.id), '[]'::json)) AS section,
      (SELECT string_agg(${stampOf('x')}, ',' ORDER BY x.id) FROM "Section" x
        WHERE x.id IN (SELECT c."ancestorId" FROM "SectionClosure" c WHERE c."descendantId" = s.id)
           OR x."parentId" = s.id) AS stamp
    FROM "Section" s WHERE s.slug = $1::text`,
  ),
}

/** The whole tree (or everything below `parentSlug`), flat, in menu order. */
export async function listSectionTree(query: Query, input: { parentSlug?: string }): Promise<SectionRows> {
  const [row] = input.parentSlug === undefined ? await query<SectionRows>(statements.all, []) : await query<SectionRows>(statements.below, [input.parentSlug])
  return row!
}

const levelStatement = statementFamily('public_section_level')

/**
 * One level in menu order, a page at a time: `parentSlug` absent, the top sections; present, its
 * children. Page mode with `offset` (and the level's total), keyset mode with `after` = the last
 * row's (position, slug); `limit + 1` rows are read to know whether more follow.
 */
export async function listSectionLevel(
  query: Query,
  input: { parentSlug?: string; limit: number; offset?: number; after?: { position: number; slug: string } },
): Promise<SectionLevelRows> {
  const p = new Params()
  const slug = input.parentSlug === undefined ? undefined : p.add(input.parentSlug, 'text')
  const level = slug === undefined ? 's."parentId" IS NULL' : `s."parentId" = (SELECT id FROM "Section" WHERE slug = ${slug})`
  const limit = p.add(input.limit, 'int')
  const offset = input.offset === undefined ? undefined : p.add(input.offset, 'int')
  const after = input.after === undefined ? '' : ` AND (s.position, s.slug) > (${p.add(input.after.position, 'int')}, ${p.add(input.after.slug, 'text')})`
  const text = `WITH page AS MATERIALIZED (
      SELECT s.* FROM "Section" s WHERE ${level}${after}
      ORDER BY ${order('s')} LIMIT ${limit} + 1${offset === undefined ? '' : ` OFFSET ${offset}`}
    ), shown AS (SELECT * FROM page s ORDER BY ${order('s')} LIMIT ${limit}),
    rendered AS (SELECT s.slug, s.position, json_build_object(${fields('s')}) AS item, ${stampOf('s')} AS stamp FROM shown s)
    SELECT ${slug === undefined ? 'NULL::boolean' : `EXISTS (SELECT 1 FROM "Section" WHERE slug = ${slug})`} AS "parentFound",
      ${offset === undefined ? 'NULL::int' : `(SELECT count(*) FROM "Section" s WHERE ${level})::int`} AS total,
      (SELECT count(*) FROM page)::int AS fetched,
      coalesce(json_agg(r.item ORDER BY r.position, r.slug), '[]'::json) AS items,
      coalesce(string_agg(r.stamp || ':' || (r.item->>'childCount'), ',' ORDER BY r.position, r.slug), '') AS stamp
    FROM rendered r`
  const [row] = await query<SectionLevelRows>(levelStatement(text), p.values)
  return row!
}

export async function findPublicSection(query: Query, slug: string): Promise<{ section: PublicSectionDetail; stamp: string } | undefined> {
  const [row] = await query<{ section: PublicSectionDetail; stamp: string }>(statements.detail, [slug])
  return row
}
