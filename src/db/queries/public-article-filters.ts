// The article lists' filters on what an article is linked to (an author, an organization or section
// subtree, tags; the staff search uses the first two), each in two spellings: a probe of one article
// `a` (EXISTS, for the newest-first walk) and the filter's own link rows (for counting). A page-mode total counts from
// the first filter's link rows, index-only — not by walking every public article and probing it,
// which at a million articles read a third of them for an organization's feed (docs/performance.md).

export interface LinkFilter {
  /** true when article `a` passes */
  exists: string
  /** the filter's link rows `l` (`l."articleId"`), each article at most once: FROM and WHERE */
  from: string
  where: string
}

/** The articles of one author. */
export const authorFilter = (slug: string): LinkFilter => ({
  exists: `EXISTS (SELECT 1 FROM "ArticleAuthor" aa WHERE aa."articleId" = a.id
      AND aa."authorId" = (SELECT id FROM "Author" WHERE slug = ${slug}))`,
  from: '"ArticleAuthor" l',
  where: `l."authorId" = (SELECT id FROM "Author" WHERE slug = ${slug})`,
})

/** The articles carrying one tag. */
export const tagFilter = (slug: string): LinkFilter => ({
  exists: `EXISTS (SELECT 1 FROM "ArticleTag" atg WHERE atg."articleId" = a.id AND atg."tagId" = (SELECT id FROM "Tag" WHERE slug = ${slug}))`,
  from: '"ArticleTag" l',
  where: `l."tagId" = (SELECT id FROM "Tag" WHERE slug = ${slug})`,
})

/**
 * The articles linked to a node of a tree or anything below it. The closure table holds every
 * (ancestor, descendant) pair, itself included at depth 0. An article linked to several nodes of
 * the subtree is counted at its link with the smallest node id (an index-only probe of the link
 * table's primary key for each row counted).
 */
function subtreeFilter(o: { link: string; node: string; closure: string; tree: string; slug: string }): LinkFilter {
  const root = `(SELECT id FROM "${o.tree}" WHERE slug = ${o.slug})`
  return {
    exists: `EXISTS (SELECT 1 FROM "${o.link}" x JOIN "${o.closure}" c ON c."descendantId" = x."${o.node}"
      WHERE x."articleId" = a.id AND c."ancestorId" = ${root})`,
    from: `"${o.closure}" c JOIN "${o.link}" l ON l."${o.node}" = c."descendantId"`,
    // a scalar subquery, not NOT EXISTS: PostgreSQL turns the latter into an anti join, which may
    // hash every link of the subtree first (30,000 at 100,000 articles) however few rows are counted
    where: `c."ancestorId" = ${root}
        AND l."${o.node}" = (SELECT l2."${o.node}" FROM "${o.link}" l2 WHERE l2."articleId" = l."articleId"
          AND EXISTS (SELECT 1 FROM "${o.closure}" c2 WHERE c2."ancestorId" = c."ancestorId" AND c2."descendantId" = l2."${o.node}")
          ORDER BY l2."${o.node}" LIMIT 1)`,
  }
}

/** An organization and every organization below it. */
export const organizationFilter = (slug: string): LinkFilter =>
  subtreeFilter({ link: 'ArticleOrganization', node: 'organizationId', closure: 'OrganizationClosure', tree: 'Organization', slug })

/** A section and every section below it (ArticleSection lists every section of an article, the primary included). */
export const sectionFilter = (slug: string): LinkFilter =>
  subtreeFilter({ link: 'ArticleSection', node: 'sectionId', closure: 'SectionClosure', tree: 'Section', slug })

/**
 * How many public articles pass the filters, counted up to `cap` + 1: from the first link filter's
 * rows, each joined to its article's visibility columns (the Article_visibility_idx index, so
 * index-only) and probed for the other filters.
 */
export function linkedTotal(first: LinkFilter, rest: string, visible: string, cap: string): string {
  return `(SELECT count(*) FROM (SELECT 1 FROM ${first.from} JOIN "Article" a ON a.id = l."articleId"
      WHERE ${first.where} AND ${visible}${rest} LIMIT ${cap} + 1) n)::int`
}
