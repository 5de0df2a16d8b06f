// The zero-setup database: PGlite (PostgreSQL compiled to WebAssembly) in this process, persisted
// in DATA_DIR and served on a loopback socket so the app talks to it through the same `pg` driver,
// the same Prisma adapter and the same SQL as a real PostgreSQL server.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'

export const EMBEDDED_CONNECTIONS = 4

export interface EmbeddedDatabase {
  url: string
  close(): Promise<void>
}

/** `dataDir` of `memory://` keeps nothing on disk (used by tests). */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
  let dir = dataDir
  if (!dataDir.startsWith('memory://')) {
    dir = path.resolve(dataDir, 'pglite')
    await mkdir(path.dirname(dir), { recursive: true }) // PGlite creates only the last folder
  }
  const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } })
  // PGlite is one session; the socket server multiplexes a few client connections onto it and
  // keeps an open transaction's connection exclusive until it ends
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_CONNECTIONS })
  await server.start()
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres`,
    async close() {
      await server.stop()
      await db.close()
    },
  }
}
