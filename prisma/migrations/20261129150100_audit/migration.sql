-- The audit log (src/services/audit). Entries are only ever added: the trigger below refuses any
-- change or removal, whatever the caller, so a bug cannot rewrite history. Tests that tamper on
-- purpose set session_replication_role to replica for their one statement.
CREATE TABLE "AuditEntry" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "seq" INTEGER NOT NULL,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "actorType" TEXT NOT NULL,
  "actorId" UUID,
  "actorName" TEXT,
  "action" TEXT NOT NULL,
  "entity" TEXT NOT NULL,
  "entityId" TEXT,
  "changes" JSONB NOT NULL,
  "requestId" TEXT,
  "prevHash" TEXT NOT NULL,
  "hash" TEXT NOT NULL,
  CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "AuditEntry_seq_key" ON "AuditEntry"("seq");
CREATE INDEX "AuditEntry_entity_entityId_seq_idx" ON "AuditEntry"("entity", "entityId", "seq");
CREATE INDEX "AuditEntry_actorId_seq_idx" ON "AuditEntry"("actorId", "seq");
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
