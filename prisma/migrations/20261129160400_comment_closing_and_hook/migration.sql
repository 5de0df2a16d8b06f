-- Comment threads close closeAfterDays after publication (0 = never), and the external moderation
-- hook's answer is kept beside the comment for the staff views.
-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "hookAction" TEXT,
ADD COLUMN     "hookReason" TEXT,
ADD COLUMN     "hookScore" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "ModerationRules" ADD COLUMN     "closeAfterDays" INTEGER NOT NULL DEFAULT 0;
