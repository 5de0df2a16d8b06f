-- The staff article list searches the full-text vector, as the public search does
-- (db/queries/staff-article-search.ts): the same word-prefix rule the LIKE ' word' filter had.
-- The trigram index over the whole folded text it replaces was the costliest index of an article
-- save, and of a bulk load the slowest step (20 minutes of a million-article load).
DROP INDEX "Article_searchText_idx";
