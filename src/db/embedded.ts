// The zero-setup database: PGlite (PostgreSQL compiled to WebAssembly) in this process, persisted
// in DATA_DIR and served on a loopback socket so the app talks to it through the same `pg` driver,
// the same Prisma adapter and the same SQL as a real PostgreSQL server.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { inMemory } from '../lib/data-dir.ts'

// One connection: pglite-socket's multiplexer interleaves the extended-protocol messages of several
// connections (Parse/Bind/Execute), so one connection's unnamed portal can be replaced by another's
// ("portal \"\" does not exist" under concurrent transactions). The app's pool waits its turn instead.
export const EMBEDDED_CONNECTIONS = 1

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
  if (!inMemory(dataDir)) {
    dir = path.resolve(dataDir, 'pglite')
    await mkdir(path.dirname(dir), { recursive: true }) // PGlite creates only the last folder
  }
  const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } })
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
