-- Draft previews: every preview token names the article's preview version, and bumping it revokes them.
ALTER TABLE "Article" ADD COLUMN "previewVersion" INTEGER NOT NULL DEFAULT 0;

-- Moderation stream tickets: single use, short-lived, stored as a hash.
CREATE TABLE "StreamTicket" (
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StreamTicket_pkey" PRIMARY KEY ("tokenHash")
);

CREATE INDEX "StreamTicket_expiresAt_idx" ON "StreamTicket"("expiresAt");
