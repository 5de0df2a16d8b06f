-- The render job claims stale rows in articleId order. With an index on the flag alone the claim
-- walked the primary key and skipped every rendered row: rendering a million articles slowed from
-- 2,400 to 600 a second as they were done. The stale rows alone, in claim order, keep a claim at
-- the 100 rows it takes.
DROP INDEX "ArticleRender_stale_idx";
CREATE INDEX "ArticleRender_stale_idx" ON "ArticleRender"("articleId") WHERE stale;
