// One pg.Pool per process, shared by Prisma (through its adapter) and the hand-written read queries.
import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { startEmbeddedDatabase, EMBEDDED_CONNECTIONS } from './embedded.ts'

export type Prisma = PrismaClient

export interface Database {
  pool: pg.Pool
  prisma: PrismaClient
  embedded: boolean
  /** true when a trivial query answers within the timeout */
  ping(timeoutMs?: number): Promise<boolean>
  close(): Promise<void>
}

export interface DatabaseOptions {
  databaseUrl?: string
  dataDir: string
  poolSize: number
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const embedded = opts.databaseUrl ? null : await startEmbeddedDatabase(opts.dataDir)
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl ?? embedded!.url,
    max: embedded ? EMBEDDED_CONNECTIONS : opts.poolSize,
    // bounded waits: a request fails fast with 503 instead of hanging while the database is away
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: 15_000,
    application_name: 'toasoan',
  })
  // an idle client losing its server (database restart) must not crash the process
  pool.on('error', () => {})
  // nor may a checked-out one: a client handed over while the FATAL of a terminated backend is
  // still being parsed, or held between two statements, has no other 'error' listener at that
  // moment, and the event would be uncaught. Its query (if any) still fails, and the pool drops it.
  pool.on('connect', (client) => { client.on('error', () => {}) })
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  return {
    pool,
    prisma,
    embedded: embedded !== null,
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs) })
      try {
        return await Promise.race([pool.query('SELECT 1').then(() => true, () => false), timeout])
      } finally {
        clearTimeout(timer)
      }
    },
    async close() {
      await prisma.$disconnect()
      await pool.end()
      await embedded?.close()
    },
  }
}
