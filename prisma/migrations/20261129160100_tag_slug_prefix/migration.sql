-- The public tag list's folded-prefix search (slug LIKE 'chuyen%') uses this trigram index under
-- any database collation (a btree serves LIKE only under the C collation).
-- CreateIndex
CREATE INDEX "Tag_slug_prefix_idx" ON "Tag" USING GIN ("slug" gin_trgm_ops);
