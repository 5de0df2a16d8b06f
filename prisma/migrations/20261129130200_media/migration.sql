-- The media library: uploaded images, the inline images of article bodies, and the image columns
-- of articles (lead image), authors (avatar) and organizations (logo).
CREATE TABLE "Media" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "sha256" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "alt" TEXT,
    "decorative" BOOLEAN NOT NULL DEFAULT false,
    "caption" TEXT,
    "credit" TEXT,
    "focalX" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "focalY" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
    "originalKey" TEXT NOT NULL,
    "renditions" JSONB NOT NULL,
    "searchText" TEXT NOT NULL DEFAULT '',
    "uploadedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Media_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Media_createdAt_id_idx" ON "Media"("createdAt" DESC, "id" DESC);
CREATE INDEX "Media_sha256_idx" ON "Media"("sha256");
CREATE INDEX "Media_searchText_idx" ON "Media" USING GIN ("searchText" gin_trgm_ops);

CREATE TABLE "ArticleMedia" (
    "articleId" UUID NOT NULL,
    "mediaId" UUID NOT NULL,
    CONSTRAINT "ArticleMedia_pkey" PRIMARY KEY ("articleId","mediaId")
);
CREATE INDEX "ArticleMedia_mediaId_idx" ON "ArticleMedia"("mediaId");
ALTER TABLE "ArticleMedia" ADD CONSTRAINT "ArticleMedia_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ArticleMedia" ADD CONSTRAINT "ArticleMedia_mediaId_fkey" FOREIGN KEY ("mediaId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Article" ADD COLUMN "leadImageId" UUID;
ALTER TABLE "Article" ADD CONSTRAINT "Article_leadImageId_fkey" FOREIGN KEY ("leadImageId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Author" ADD COLUMN "avatarId" UUID;
ALTER TABLE "Author" ADD CONSTRAINT "Author_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Organization" ADD COLUMN "logoId" UUID;
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_logoId_fkey" FOREIGN KEY ("logoId") REFERENCES "Media"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
