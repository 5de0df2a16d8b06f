-- The sitemap index groups public articles by their month in Vietnam's calendar. Without
-- statistics on that expression the planner guesses one group per row and sorts every article
-- (spilling to disk at 100,000), where a hash of a few dozen months suffices: about 200 ms
-- against 60 ms. Prisma's schema has no spelling for extended statistics, and its diff ignores them.
CREATE STATISTICS IF NOT EXISTS "Article_sitemap_month_stat" ON (date_trunc('month', ("publishedAt" AT TIME ZONE 'UTC') + interval '7 hours')) FROM "Article";
-- the statistics exist once the table is analysed: now, rather than at autovacuum's next visit
ANALYZE "Article";
