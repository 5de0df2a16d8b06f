-- The moderation log is an audit record: it must outlive the comments and articles it describes.
-- Each entry keeps its comment id, its article's id and a copy of the article's title, and loses
-- the foreign key that deleted it together with its comment.

ALTER TABLE "ModerationLog" DROP CONSTRAINT "ModerationLog_commentId_fkey";

ALTER TABLE "ModerationLog" ADD COLUMN "articleId" UUID;
ALTER TABLE "ModerationLog" ADD COLUMN "articleTitle" TEXT;

-- backfill: every existing entry still has its comment (the foreign key cascaded until now)
UPDATE "ModerationLog" l
SET "articleId" = c."articleId", "articleTitle" = a.title
FROM "Comment" c JOIN "Article" a ON a.id = c."articleId"
WHERE c.id = l."commentId";

ALTER TABLE "ModerationLog" ALTER COLUMN "articleId" SET NOT NULL;
ALTER TABLE "ModerationLog" ALTER COLUMN "articleTitle" SET NOT NULL;

CREATE INDEX "ModerationLog_articleId_idx" ON "ModerationLog"("articleId");
