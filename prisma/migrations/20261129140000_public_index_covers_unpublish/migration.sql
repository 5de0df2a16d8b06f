-- The public lists read two ranges of this index and count them index-only. With unpublishAt in the
-- public rule the index must carry it, or every count visits the table
DROP INDEX "Article_status_publishedAt_id_idx";

CREATE INDEX "Article_status_publishedAt_id_idx" ON "Article"("status", "publishedAt" DESC, "id" DESC, "unpublishAt");
