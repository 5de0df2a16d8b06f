// Recognising database failures, wherever in a cause chain pg or Prisma put them.

// connection refused/reset, admin shutdown, cannot connect now, connection exceptions (08xxx)
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300',
  '08000', '08001', '08003', '08004', '08006', 'P1001', 'P1002', 'P1017', 'P2024'])
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|the database system is (starting up|shutting down)|Can't reach database|Client has encountered a connection error|Connection closed|not queryable/i

function* chain(err: unknown): Generator<Record<string, unknown>> {
  let e = err as Record<string, unknown> | undefined
  for (let depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    yield e
    e = e.cause as Record<string, unknown> | undefined
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

/** 409 for a unique violation, 404 for a missing record; undefined for anything else. */
export function prismaErrorStatus(err: unknown): 404 | 409 | undefined {
  for (const e of chain(err)) {
    if (e.code === 'P2002' || e.code === '23505') return 409
    if (e.code === 'P2025') return 404
  }
  return undefined
}
