// Writing the audit log: `recordAudit(tx, entry)` inside the change's own transaction, called last
// (it takes the chain-head lock, held until the commit). A write that rolls back leaves no entry.
// Each entry stores the previous entry's hash and its own: SHA-256 over a canonical serialisation
// (keys sorted) of its content and that previous hash, so changing any stored entry breaks the
// chain at that entry (verify.ts finds it).
import { createHash } from 'node:crypto'
import type { Prisma } from '../../generated/prisma/client.ts'
import type { AuditActor, AuditChanges, AuditEntity } from '../../schemas/audit.ts'

type Tx = Prisma.TransactionClient

/** Who made a change, and in which request: built from the request (plugins/auth.ts auditContext) and handed to the service. */
export interface AuditContext {
  actor: AuditActor
  requestId: string | null
}

/** Work without a request or a signed-in user: the scheduler, a command-line tool (its name). */
export const systemAudit = (name: string): AuditContext => ({ actor: { type: 'system', id: null, name }, requestId: null })

export interface AuditInput {
  by: AuditContext
  /** a verb: create, update, delete, publish, revoke, login-failed, … */
  action: string
  entity: AuditEntity
  entityId: string | null
  /** field → [before, after]; build with changesOf */
  changes?: AuditChanges
}

/** The first entry's previous hash. */
export const GENESIS = '0'.repeat(64)
// one chain head, one writer at a time: every recordAudit in the database takes this lock
const CHAIN_LOCK = 0x746f_6175_6469_74n // "toaudit"
const REDACTED = '***'
// never stored, whatever a caller passes: passwords, secrets, key material and their hashes
const SECRET_FIELD = /password|secret|hash|token|^key$|code/i
// long texts (an article body) are cut: the full text is in the article's revisions
const TEXT_MAX = 1000

/** The stored fields a hash covers: everything but the id and the hash itself. */
export interface ChainedContent {
  seq: number
  at: Date
  actorType: string
  actorId: string | null
  actorName: string | null
  action: string
  entity: string
  entityId: string | null
  changes: unknown
  requestId: string | null
}

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`
}

export function entryHash(content: ChainedContent, prevHash: string): string {
  const { seq, at, actorType, actorId, actorName, action, entity, entityId, changes, requestId } = content
  const text = canonicalJson({ seq, at: at.toISOString(), actorType, actorId, actorName, action, entity, entityId, changes, requestId, prevHash })
  return createHash('sha256').update(text).digest('hex')
}

const plain = (v: unknown): unknown => {
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'string' && v.length > TEXT_MAX) return `${v.slice(0, TEXT_MAX)}… (${v.length} characters)`
  return v === undefined ? null : v
}
const same = (a: unknown, b: unknown) => canonicalJson(plain(a)) === canonicalJson(plain(b))
// bookkeeping columns every write touches: noise in a diff
const SKIPPED = new Set(['id', 'createdAt', 'updatedAt', 'version'])

/**
 * The changed fields of a record as before/after pairs: `before` null for a creation, `after`
 * null for a deletion. Only fields that differ; secrets become `['***', '***']`.
 */
export function changesOf(before: object | null, after: object | null): AuditChanges {
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const out: AuditChanges = {}
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (SKIPPED.has(field)) continue
    const from = before ? b[field] : null
    const to = after ? a[field] : null
    if (from === undefined && to === undefined) continue
    if (before && after && !(field in a)) continue
    if (!same(from, to)) out[field] = SECRET_FIELD.test(field) ? [REDACTED, REDACTED] : [plain(from), plain(to)]
  }
  return out
}

/** A field that changed without its value being recorded (a password, a secret). */
export const secretChanged = (): [string, string] => [REDACTED, REDACTED]

function scrub(changes: AuditChanges): AuditChanges {
  const out: AuditChanges = {}
  for (const [field, pair] of Object.entries(changes)) out[field] = SECRET_FIELD.test(field) ? [REDACTED, REDACTED] : [plain(pair[0]), plain(pair[1])]
  return out
}

/** Appends one entry at the chain head. Call it last in the transaction: the head stays locked until the commit. */
export async function recordAudit(tx: Tx, entry: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`
  // the database's clock, read under the lock: `at` grows with `seq` whatever the instance
  const [head] = await tx.$queryRaw<Array<{ seq: number | null; hash: string | null; now: Date }>>`
    SELECT last.seq, last.hash, date_trunc('milliseconds', clock_timestamp()) AS now
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT seq, hash FROM "AuditEntry" ORDER BY seq DESC LIMIT 1) AS last ON true`
  const { actor, requestId } = entry.by
  const content: ChainedContent = {
    seq: (head?.seq ?? 0) + 1,
    at: head!.now,
    actorType: actor.type,
    actorId: actor.id,
    actorName: actor.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    changes: scrub(entry.changes ?? {}),
    requestId,
  }
  const prevHash = head?.hash ?? GENESIS
  await tx.auditEntry.create({ data: { ...content, changes: content.changes as Prisma.InputJsonValue, prevHash, hash: entryHash(content, prevHash) } })
}
