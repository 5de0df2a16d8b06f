-- related articles of the same primary section walk this index newest first, one range per public
-- status, and it still serves the foreign key's lookups by sectionId
DROP INDEX "Article_sectionId_idx";

CREATE INDEX "Article_sectionId_status_publishedAt_id_unpublishAt_idx" ON "Article"("sectionId", "status", "publishedAt" DESC, "id" DESC, "unpublishAt");
