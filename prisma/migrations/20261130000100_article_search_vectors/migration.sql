-- Public article search as full-text prefix terms (word:* joined with &) over the folded columns
-- that lib/article-search.ts writes: the 'simple' configuration only splits words, so folding stays
-- in lib/vietnamese.ts. Stripped (no positions): a prefix AND query needs none, and the vectors stay small.
ALTER TABLE "Article"
  ADD COLUMN "searchTitleVector" tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, "searchTitle"))) STORED,
  ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, "searchText"))) STORED;

-- kept inline (compressed) rather than in TOAST: a newest-first walk tests the vector of every row
-- it reads, and a TOAST fetch per row made that ten times slower (docs/search-explain.md)
ALTER TABLE "Article" ALTER COLUMN "searchVector" SET STORAGE MAIN, ALTER COLUMN "searchTitleVector" SET STORAGE MAIN;

CREATE INDEX "Article_searchVector_idx" ON "Article" USING GIN ("searchVector");
CREATE INDEX "Article_searchTitleVector_idx" ON "Article" USING GIN ("searchTitleVector");

-- the title trigram index served only the public search. The one on searchText stays: the staff
-- article list searches with LIKE (services/content/articles.ts).
DROP INDEX "Article_searchTitle_idx";
