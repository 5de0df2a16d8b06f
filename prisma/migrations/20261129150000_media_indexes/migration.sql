-- Deleting a media row counts the articles, authors and organizations that name it (a 409 while
-- any does), and the foreign keys' RESTRICT check looks them up too: without these indexes both
-- scan the whole table
CREATE INDEX "Article_leadImageId_idx" ON "Article"("leadImageId");

CREATE INDEX "Author_avatarId_idx" ON "Author"("avatarId");

CREATE INDEX "Organization_logoId_idx" ON "Organization"("logoId");
