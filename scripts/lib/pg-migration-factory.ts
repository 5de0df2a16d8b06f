import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { createScratchDatabase } from './scratch-db.ts'

/** Discrete pg params from a URL (pg lets `connectionString` override `database`, which breaks shadow DBs). */
export function pgConfigFromUrl(url: string): pg.PoolConfig {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  }
}

/**
 * Migration-aware factory for the Wasm schema engine. Works around @prisma/adapter-pg 7.10.1:
 *  1. connectToShadowDb() with a connectionString connects to the MAIN database (connectionString wins over `database`);
 *  2. shadow databases must be dropped after their pool is closed, and the engine does not always dispose them:
 *     close() drops every shadow database this factory created.
 *  3. executeScript splits a migration on every `;`, dollar-quoted function bodies too: the shadow database
 *     gets each script whole, as the runner at start (src/db/migrations.ts) sends it.
 */
export function pgMigrationFactory(url: string, shadowUrl?: string): SqlMigrationAwareDriverAdapterFactory & { close(): Promise<void> } {
  const cfg = pgConfigFromUrl(url)
  const pool = new pg.Pool(cfg)
  const main = new PrismaPg(pool)
  const shadows: Array<{ drop(): Promise<void>; pool: pg.Pool }> = []
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async close() {
      await pool.end()
      for (const s of shadows) {
        await s.pool.end().catch(() => {})
        await s.drop()
      }
    },
    async connectToShadowDb() {
      if (shadowUrl) return new PrismaPg(pgConfigFromUrl(shadowUrl)).connect()
      const shadow = await createScratchDatabase({ prefix: 'toasoan_shadow_', admin: url })
      const shadowPool = new pg.Pool(pgConfigFromUrl(shadow.url))
      shadows.push({ drop: shadow.drop, pool: shadowPool })
      const adapter = await new PrismaPg(shadowPool).connect()
      adapter.dispose = async () => {} // the pool is ended, and the database dropped, in close()
      adapter.executeScript = async (script) => {
        await shadowPool.query(script)
      }
      return adapter
    },
  }
}
