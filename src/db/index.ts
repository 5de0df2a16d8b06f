// One pg.Pool per process on the primary, shared by Prisma (through its adapter) and the
// hand-written read queries; with replicas configured, one more pool (and Prisma) per replica,
// reached only through the read router (replicas.ts) by the public read services.
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { startEmbeddedDatabase, EMBEDDED_CONNECTIONS } from './embedded.ts'
import { createReadRouter, type ReadRouter } from './replicas.ts'

export type Prisma = PrismaClient

export interface Database {
  pool: pg.Pool
  prisma: PrismaClient
  embedded: boolean
  /** public reads: a replica when one is configured and fit, else this primary pool */
  reads: ReadRouter
  /** named prepared statements for the hot reads: not on PGlite, nor behind a transaction pooler */
  namedStatements: boolean
  /** true when a trivial query answers within the timeout */
  ping(timeoutMs?: number): Promise<boolean>
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize: number
  replicaUrls?: string[]
  replicaMaxLagMs?: number
  /** false behind PgBouncer in transaction mode (DB_PREPARED_STATEMENTS=off) */
  preparedStatements?: boolean
  /** how often replica lag is sampled; 0: only when the caller polls (tests) */
  replicaPollMs?: number
  now?: () => number
  log?: { warn(obj: object, msg: string): void }
}

function createPool(connectionString: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    // bounded waits: a request fails fast with 503 instead of hanging while the database is away
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: 15_000,
    application_name: applicationName,
  })
  // an idle client losing its server (database restart) must not crash the process
  pool.on('error', () => {})
  // nor may a checked-out one: a client handed over while the FATAL of a terminated backend is
  // still being parsed, or held between two statements, has no other 'error' listener at that
  // moment, and the event would be uncaught. Its query (if any) still fails, and the pool drops it.
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
  return pool
}

/** `postgresql://u:secret@host:5433/db` → `host:5433/db`, for logs. */
const shown = (url: string) => {
  const u = new URL(url)
  return `${u.hostname}:${u.port || 5432}${u.pathname}`
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const embedded = opts.databaseUrl ? null : await startEmbeddedDatabase(opts.dataDir)
  const pool = createPool(opts.databaseUrl ?? embedded!.url, embedded ? EMBEDDED_CONNECTIONS : opts.poolSize, 'toasoan')
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  const replicas = embedded
    ? []
    : (opts.replicaUrls ?? []).map((url) => {
        const replicaPool = createPool(url, opts.poolSize, 'toasoan-replica')
        return { name: shown(url), pool: replicaPool, prisma: new PrismaClient({ adapter: new PrismaPg(replicaPool) }) }
      })
  const reads = createReadRouter({
    primary: { name: 'primary', pool, prisma },
    replicas,
    maxLagMs: opts.replicaMaxLagMs ?? 5_000,
    pollMs: opts.replicaPollMs ?? 1_000,
    now: opts.now,
    log: opts.log,
  })
  // the first sample before serving, so replicas answer from the first request
  if (replicas.length) await reads.poll()
  return {
    pool,
    prisma,
    embedded: embedded !== null,
    reads,
    namedStatements: embedded === null && opts.preparedStatements !== false,
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
      })
      try {
        return await Promise.race([
          pool.query('SELECT 1').then(
            () => true,
            () => false,
          ),
          timeout,
        ])
      } finally {
        clearTimeout(timer)
      }
    },
    async close() {
      await reads.close()
      for (const r of replicas) {
        await r.prisma.$disconnect()
        await r.pool.end()
      }
      await prisma.$disconnect()
      await pool.end()
      await embedded?.close()
    },
  }
}
