-- A starting worker marks stale the texts rendered for another configuration
-- (db/queries/article-render.ts markForRendering). Without an index that read every stored text:
-- 0.7 s warm at a million articles, on every start.
CREATE INDEX "ArticleRender_renderedFor_idx" ON "ArticleRender"("renderedFor");
