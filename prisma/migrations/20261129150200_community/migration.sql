-- The comment community: reports (one per reader per comment, hiding a comment at the rules'
-- threshold), likes (one per reader per comment, counted in the same statement) and editor's picks.
CREATE TYPE "ReportReason" AS ENUM ('offensive', 'abusive', 'spam', 'off_topic', 'other');

ALTER TABLE "Comment" ADD COLUMN "reportCount" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "hidden" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "likes" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "featured" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "isStaff" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_counters_check" CHECK ("reportCount" >= 0 AND "likes" >= 0);

ALTER TABLE "ModerationRules" ADD COLUMN "reportThreshold" INTEGER NOT NULL DEFAULT 3,
    ADD COLUMN "trustedAfter" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "distrustAfter" INTEGER NOT NULL DEFAULT 2;

-- commenterId: readerKey of the e-mail, else of the IP. The server secret is not in the database,
-- so earlier comments keep the IP form (their ipHash, the same key) whether or not they had an e-mail.
ALTER TABLE "Comment" ADD COLUMN "commenterId" TEXT;
UPDATE "Comment" SET "commenterId" = "ipHash";
ALTER TABLE "Comment" ALTER COLUMN "commenterId" SET NOT NULL;
CREATE INDEX "Comment_commenterId_status_idx" ON "Comment"("commenterId", "status");

CREATE TABLE "CommenterBan" (
    "commenterId" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3),
    "reason" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommenterBan_pkey" PRIMARY KEY ("commenterId")
);

CREATE TABLE "CommenterNote" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "commenterId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommenterNote_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CommenterNote_commenterId_createdAt_idx" ON "CommenterNote"("commenterId", "createdAt");

CREATE TABLE "CommentReport" (
    "commentId" UUID NOT NULL,
    "readerKey" TEXT NOT NULL,
    "reason" "ReportReason" NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMPTZ(3),
    CONSTRAINT "CommentReport_pkey" PRIMARY KEY ("commentId", "readerKey")
);
ALTER TABLE "CommentReport" ADD CONSTRAINT "CommentReport_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "CommentReaction" (
    "commentId" UUID NOT NULL,
    "readerKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommentReaction_pkey" PRIMARY KEY ("commentId", "readerKey", "type")
);
ALTER TABLE "CommentReaction" ADD CONSTRAINT "CommentReaction_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
