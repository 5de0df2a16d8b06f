-- Events: the outbox, webhook endpoints and their deliveries, and the scheduler's columns on articles.
ALTER TABLE "Article" ADD COLUMN "unpublishAt" TIMESTAMPTZ(3),
  ADD COLUMN "publishedEventAt" TIMESTAMPTZ(3),
  ADD COLUMN "unpublishedEventAt" TIMESTAMPTZ(3);

-- What is public already went public before events existed: nothing fires for it now.
UPDATE "Article" SET "publishedEventAt" = "publishedAt"
WHERE "publishedAt" IS NOT NULL AND (status = 'published' OR (status = 'scheduled' AND "publishedAt" <= now()));

CREATE INDEX "Article_publishedEventAt_publishedAt_idx" ON "Article"("publishedEventAt", "publishedAt");
CREATE INDEX "Article_unpublishedEventAt_unpublishAt_idx" ON "Article"("unpublishedEventAt", "unpublishAt");

CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

CREATE TABLE "Event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "seq" BIGSERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" UUID NOT NULL,
    "data" JSONB NOT NULL,
    "tags" TEXT[],
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dispatchedAt" TIMESTAMPTZ(3),
    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Event_seq_key" ON "Event"("seq");
CREATE INDEX "Event_occurredAt_id_idx" ON "Event"("occurredAt" DESC, "id" DESC);
CREATE INDEX "Event_type_occurredAt_id_idx" ON "Event"("type", "occurredAt" DESC, "id" DESC);
CREATE INDEX "Event_dispatchedAt_seq_idx" ON "Event"("dispatchedAt", "seq");

CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "url" TEXT NOT NULL,
    "description" TEXT,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousUntil" TIMESTAMPTZ(3),
    "failingSince" TIMESTAMPTZ(3),
    "disabledReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "endpointId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "eventType" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "responseStatus" INTEGER,
    "durationMs" INTEGER,
    "error" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_eventId_key" ON "WebhookDelivery"("endpointId", "eventId");
CREATE INDEX "WebhookDelivery_endpointId_createdAt_id_idx" ON "WebhookDelivery"("endpointId", "createdAt" DESC, "id" DESC);
CREATE INDEX "WebhookDelivery_eventId_idx" ON "WebhookDelivery"("eventId");
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
