-- The matches of a search with a rare word, read from GIN (db/queries/public-article-search.ts).
-- Written into a search statement, that read was costed from the words' values: a statement with a
-- rare word was planned on every request (1.3-1.7 ms at 2,000 articles, 6-11 ms at a million), and
-- its generic plan, blind to the words, cost the read as a scan of the table. Behind this function
-- the caller's plan no longer turns on the words, and the read itself keeps one generic plan per
-- session: the caller sends it here only when the statistics call a word rare, which is when GIN
-- is the right read at every size. `in_title`: matches of the title; otherwise matches of the text
-- whose title does not match. `indexed` goes to the index; `words`, the whole search when the index
-- is asked for only some of its words, is checked on each row found (NULL: nothing more to check).
CREATE FUNCTION article_search_matches(in_title boolean, indexed tsquery, words tsquery)
RETURNS TABLE (id uuid, "publishedAt" timestamptz, status "ArticleStatus", "unpublishAt" timestamptz, featured boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
  IF in_title THEN
    RETURN QUERY SELECT a.id, a."publishedAt", a.status, a."unpublishAt", a.featured FROM "Article" a
      WHERE a."searchTitleVector" @@ indexed AND (words IS NULL OR ts_match_vq(a."searchTitleVector", words));
  ELSE
    RETURN QUERY SELECT a.id, a."publishedAt", a.status, a."unpublishAt", a.featured FROM "Article" a
      WHERE a."searchVector" @@ indexed AND (words IS NULL OR ts_match_vq(a."searchVector", words))
        AND NOT ts_match_vq(a."searchTitleVector", coalesce(words, indexed));
  END IF;
END $$;
