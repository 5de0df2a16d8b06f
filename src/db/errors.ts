// Recognising database failures, wherever in a cause chain pg or Prisma put them.

// connection refused/reset, admin shutdown, cannot connect now, connection exceptions (08xxx)
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300',
  '08000', '08001', '08003', '08004', '08006', 'P1001', 'P1002', 'P1017', 'P2024'])
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|the database system is (starting up|shutting down)|Can't reach database|Client has encountered a connection error|Connection closed|not queryable/i

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

/** 409 for a unique violation, 404 for a missing record, 400 for text PostgreSQL cannot store; else undefined. */
export function prismaErrorStatus(err: unknown): 400 | 404 | 409 | undefined {
  for (const e of chain(err)) {
    if (e.code === 'P2002' || e.code === '23505') return 409
    if (e.code === 'P2025') return 404
    if (typeof e.code === 'string' && INVALID_TEXT_CODES.has(e.code)) return 400
  }
  return undefined
}
