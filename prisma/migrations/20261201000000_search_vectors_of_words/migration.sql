-- The search vectors are made of the folded words themselves (lib/vietnamese.ts searchWords), each
-- one lexeme, instead of being parsed again by to_tsvector: its parser split a word such as "2e5x"
-- into "2e5" and "x" (a number in exponent form), and the search, whose query was parsed alike, asked
-- for "2e5" followed by "x", which a vector without positions never matches. The queries now bind
-- their lexemes as a tsquery as they are (db/queries/sql.ts prefixTsQuery).
-- PostgreSQL 15 cannot change a generated column's expression, so the two columns are made again
-- (their GIN indexes with them). searchWords cuts a word at 100 characters, as a lexeme may not
-- exceed 2,047 bytes: rows written before it are cut here the same way first.
UPDATE "Article"
SET "searchTitle" = regexp_replace("searchTitle", '([^ ]{100})[^ ]+', '\1', 'g'),
    "searchText" = regexp_replace("searchText", '([^ ]{100})[^ ]+', '\1', 'g')
WHERE "searchText" ~ '[^ ]{101}';

ALTER TABLE "Article" DROP COLUMN "searchTitleVector", DROP COLUMN "searchVector";
ALTER TABLE "Article"
  ADD COLUMN "searchTitleVector" tsvector GENERATED ALWAYS AS (array_to_tsvector(string_to_array(btrim("searchTitle"), ' '))) STORED,
  ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (array_to_tsvector(string_to_array(btrim("searchText"), ' '))) STORED;

-- kept inline, as before (migration 20261130000100_article_search_vectors)
ALTER TABLE "Article" ALTER COLUMN "searchVector" SET STORAGE MAIN, ALTER COLUMN "searchTitleVector" SET STORAGE MAIN;

CREATE INDEX "Article_searchVector_idx" ON "Article" USING GIN ("searchVector");
CREATE INDEX "Article_searchTitleVector_idx" ON "Article" USING GIN ("searchTitleVector");

-- new columns have no statistics until the next ANALYZE, and the searches pick their reads by them
-- (db/queries/search-stats.ts: pg_stats.most_common_elems); a table rewrite does not trigger autoanalyze
ANALYZE "Article";
