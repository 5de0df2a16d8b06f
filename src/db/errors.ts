// Recognising database failures, wherever in a cause chain pg or Prisma put them, and the one
// place they become client errors.
import { ConflictError } from '../lib/errors.ts'

// connection refused/reset, admin shutdown, cannot connect now, connection exceptions (08xxx)
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
])
const UNAVAILABLE_MESSAGES = new RegExp(
  [
    'Connection terminated',
    'timeout exceeded when trying to connect',
    'Query read timeout',
    'the database system is (starting up|shutting down)',
    "Can't reach database",
    'Client has encountered a connection error',
    'Connection closed',
    'not queryable',
  ].join('|'),
  'i',
)

// another transaction got in the way (deadlock, serialization failure; Prisma: a write conflict or
// deadlock, a transaction that ran past its time while waiting for locks): nothing was written,
// and the same request may well succeed a moment later
const TRANSIENT_CODES = new Set(['40P01', '40001', 'P2034', 'P2028'])

/** A transaction that lost to a concurrent one: 503 with Retry-After, never a 500. */
export function isTransientConflict(err: unknown): boolean {
  for (const e of chain(err)) {
    if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true
    if (typeof e.originalCode === 'string' && TRANSIENT_CODES.has(e.originalCode)) return true
  }
  return false
}

// PostgreSQL refuses these in any text value (NUL, invalid UTF-8): only a client can have sent them
const INVALID_TEXT_CODES = new Set(['22021', '22P05'])

/** The error, its causes, and the driver error Prisma keeps in `meta` (a bounded walk). */
function* chain(err: unknown): Generator<Record<string, unknown>> {
  const queue: unknown[] = err && typeof err === 'object' ? [err] : []
  const seen = new Set<unknown>()
  while (queue.length && seen.size < 16) {
    const e = queue.shift() as Record<string, unknown>
    if (seen.has(e)) continue
    seen.add(e)
    yield e
    const meta = e.meta as Record<string, unknown> | undefined
    for (const next of [e.cause, meta, meta?.driverAdapterError]) if (next && typeof next === 'object') queue.push(next)
  }
}

export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true
    if (typeof e.originalCode === 'string' && UNAVAILABLE_CODES.has(e.originalCode)) return true
    if (typeof e.kind === 'string' && /DatabaseNotReachable|ConnectionClosed|SocketTimeout|TooManyConnections/.test(e.kind)) return true
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true
  }
  return false
}

// Prisma's code and PostgreSQL's: which one arrives depends on the query path (model call or raw)
const UNIQUE_CODES = ['P2002', '23505']
const FOREIGN_KEY_CODES = ['P2003', '23503']

const hasCode = (err: unknown, codes: readonly string[]) => {
  for (const e of chain(err)) if (typeof e.code === 'string' && codes.includes(e.code)) return true
  return false
}

export const isUniqueViolation = (err: unknown) => hasCode(err, UNIQUE_CODES)
export const isForeignKeyViolation = (err: unknown) => hasCode(err, FOREIGN_KEY_CODES)

/**
 * 409 for a unique or foreign-key violation (a row added or removed meanwhile by another writer),
 * 404 for a missing record, 400 for text PostgreSQL cannot store; else undefined.
 */
export function prismaErrorStatus(err: unknown): 400 | 404 | 409 | undefined {
  for (const e of chain(err)) {
    if (typeof e.code !== 'string') continue
    if (UNIQUE_CODES.includes(e.code) || FOREIGN_KEY_CODES.includes(e.code)) return 409
    if (e.code === 'P2025') return 404
    if (INVALID_TEXT_CODES.has(e.code)) return 400
  }
  return undefined
}

/**
 * Runs a write whose foreign keys can still refuse it after the service's own checks: a row it
 * points at was deleted, or a row it deletes was just referenced, by a transaction that committed
 * in between. That is a conflict the client can resolve, so it leaves as a 409 saying which.
 */
export async function conflictOnForeignKey<T>(write: () => Promise<T>, detail: string): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new ConflictError(detail)
    throw err
  }
}
