-- Each article's public JSON, rendered at write time (src/services/public/article-render.ts).
-- The text is split around the approved-comment count, which moves too often to re-render for
-- and is put back in at read time. `stale` is set by the triggers below whenever something the
-- text shows changes, in the same transaction, so a stale text is never served: the read path
-- renders afresh until the article service or the render job stores a new one.
CREATE TABLE "ArticleRender" (
    "articleId" UUID NOT NULL,
    "stale" BOOLEAN NOT NULL DEFAULT true,
    "itemHead" TEXT,
    "itemTail" TEXT,
    "detailHead" TEXT,
    "detailTail" TEXT,
    "hash" TEXT,
    "keys" TEXT,
    "renderedFor" TEXT,
    "renderedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ArticleRender_pkey" PRIMARY KEY ("articleId")
);

CREATE INDEX "ArticleRender_stale_idx" ON "ArticleRender"("stale");

ALTER TABLE "ArticleRender" ADD CONSTRAINT "ArticleRender_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- backfill: every existing article gets a stale row, which the render job fills
INSERT INTO "ArticleRender" ("articleId") SELECT id FROM "Article";

-- marks even a row already stale: the row lock orders this change after a renderer that holds
-- it (which then renders again), or a renderer after this change (which then reads it)
CREATE FUNCTION article_render_mark(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "ArticleRender" SET stale = true WHERE "articleId" = ANY(ids)
$$;

-- an article row: a new one gets its (stale) row, a changed one is marked unless only counters
-- and scheduler marks moved (the comment count is put back in at read time)
CREATE FUNCTION article_render_on_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "ArticleRender" ("articleId") VALUES (NEW.id) ON CONFLICT ("articleId") DO UPDATE SET stale = true;
  ELSIF (to_jsonb(OLD) - ARRAY['commentCount', 'publishedEventAt', 'unpublishedEventAt', 'previewVersion'])
        IS DISTINCT FROM (to_jsonb(NEW) - ARRAY['commentCount', 'publishedEventAt', 'unpublishedEventAt', 'previewVersion']) THEN
    PERFORM article_render_mark(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Article_render" AFTER INSERT OR UPDATE ON "Article"
  FOR EACH ROW EXECUTE FUNCTION article_render_on_article();

-- an article's bylines, organizations, tags and body images
CREATE FUNCTION article_render_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM article_render_mark(ARRAY[OLD."articleId"]); END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM article_render_mark(ARRAY[NEW."articleId"]); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "ArticleAuthor_render" AFTER INSERT OR UPDATE OR DELETE ON "ArticleAuthor"
  FOR EACH ROW EXECUTE FUNCTION article_render_on_link();
CREATE TRIGGER "ArticleOrganization_render" AFTER INSERT OR UPDATE OR DELETE ON "ArticleOrganization"
  FOR EACH ROW EXECUTE FUNCTION article_render_on_link();
CREATE TRIGGER "ArticleTag_render" AFTER INSERT OR UPDATE OR DELETE ON "ArticleTag"
  FOR EACH ROW EXECUTE FUNCTION article_render_on_link();
CREATE TRIGGER "ArticleMedia_render" AFTER INSERT OR UPDATE OR DELETE ON "ArticleMedia"
  FOR EACH ROW EXECUTE FUNCTION article_render_on_link();

-- what an article embeds of others: every article showing the changed row is marked (a fan-out
-- the render job then works through)
CREATE FUNCTION article_render_on_embedded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'Author' THEN
    PERFORM article_render_mark(ARRAY(SELECT "articleId" FROM "ArticleAuthor" WHERE "authorId" = NEW.id));
  ELSIF TG_TABLE_NAME = 'Organization' THEN
    PERFORM article_render_mark(ARRAY(SELECT "articleId" FROM "ArticleOrganization" WHERE "organizationId" = NEW.id));
  ELSIF TG_TABLE_NAME = 'Tag' THEN
    PERFORM article_render_mark(ARRAY(SELECT "articleId" FROM "ArticleTag" WHERE "tagId" = NEW.id));
  ELSIF TG_TABLE_NAME = 'Section' THEN
    PERFORM article_render_mark(ARRAY(SELECT id FROM "Article" WHERE "sectionId" = NEW.id));
  ELSIF TG_TABLE_NAME = 'Media' THEN
    PERFORM article_render_mark(ARRAY(
      SELECT id FROM "Article" WHERE "leadImageId" = NEW.id OR "ogImageId" = NEW.id
      UNION SELECT "articleId" FROM "ArticleMedia" WHERE "mediaId" = NEW.id));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Author_render" AFTER UPDATE ON "Author"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION article_render_on_embedded();
CREATE TRIGGER "Organization_render" AFTER UPDATE ON "Organization"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION article_render_on_embedded();
CREATE TRIGGER "Tag_render" AFTER UPDATE ON "Tag"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION article_render_on_embedded();
CREATE TRIGGER "Section_render" AFTER UPDATE ON "Section"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION article_render_on_embedded();
CREATE TRIGGER "Media_render" AFTER UPDATE ON "Media"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION article_render_on_embedded();
