-- A page-mode total of a list filtered by author, tag, organization or section counts from the
-- filter's link rows (db/queries/public-article-filters.ts): each link index carries articleId,
-- and each article's visibility is read by id from an index of its own, so the count never visits
-- the heap. Before, an organization's total hashed every link of its subtree: 165-200 ms at a
-- million articles.
DROP INDEX "ArticleAuthor_authorId_idx";
CREATE INDEX "ArticleAuthor_authorId_articleId_idx" ON "ArticleAuthor"("authorId", "articleId");
DROP INDEX "ArticleOrganization_organizationId_idx";
CREATE INDEX "ArticleOrganization_organizationId_articleId_idx" ON "ArticleOrganization"("organizationId", "articleId");
DROP INDEX "ArticleSection_sectionId_idx";
CREATE INDEX "ArticleSection_sectionId_articleId_idx" ON "ArticleSection"("sectionId", "articleId");
CREATE INDEX "Article_visibility_idx" ON "Article"("id", "status", "publishedAt", "unpublishAt");
