// Everything between a validated configuration and an app ready to build: the database (embedded
// or PostgreSQL), migrations, the signing secret, the first admin and the demo content.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pg from 'pg'
import type { Config } from './config.ts'
import { openDatabase, type Database } from './db/index.ts'
import { applyMigrations } from './db/migrations.ts'
import { inMemory } from './lib/data-dir.ts'
import { hashPassword } from './lib/password.ts'
import { openMediaStorage } from './services/media/open.ts'

export interface Logger {
  info(msg: string): void
  warn(msg: string): void
}
export type ReadyConfig = Config & { jwtSecret: string }

export async function prepare(config: Config, log: Logger): Promise<{ db: Database; config: ReadyConfig }> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.dbPoolSize,
    replicaUrls: config.databaseReplicaUrls,
    replicaMaxLagMs: config.replicaMaxLagMs,
    preparedStatements: config.preparedStatements,
    log: { warn: (obj, msg) => log.warn(`${msg} ${JSON.stringify(obj)}`) },
  })
  try {
    const applied = await migrate(db, config.databaseDirectUrl)
    if (applied.length) log.info(`applied migrations: ${applied.join(', ')}`)
    const ready = { ...config, jwtSecret: await resolveSecret(config, db.embedded, log) }
    await ensureFirstAdmin(db, ready, log)
    if (config.seedDemo) {
      const { created } = await seedDemoWithImages(db, config)
      if (created) log.info('loaded the demo content')
    }
    if (config.captcha === 'off') log.warn('CAPTCHA=off: reader comments are accepted without a captcha')
    return { db, config: ready }
  } catch (err) {
    await db.close().catch(() => {})
    throw err
  }
}

/**
 * The demo's lead images go to the configured storage, except a throwaway one (DATA_DIR=memory://
 * without MEDIA_DIR: each app makes its own temporary directory, so these files would be lost).
 */
async function seedDemoWithImages(db: Database, config: Config) {
  // loaded only when asked for: the demo's images pull sharp (libvips) into the process
  const { seedDemo } = await import('./seed/demo.ts')
  const keeps = config.media.storage === 's3' || config.media.dir !== undefined
  if (!keeps) return seedDemo(db.prisma)
  const storage = await openMediaStorage(config.media)
  try {
    return await seedDemo(db.prisma, new Date(), { storage, maxPixels: config.media.maxPixels })
  } finally {
    await storage.close()
  }
}

/** The migration lock is a session lock: behind a transaction pooler it must take a direct connection. */
async function migrate(db: Database, directUrl: string | undefined): Promise<string[]> {
  if (!directUrl) return applyMigrations(db.pool)
  const direct = new pg.Pool({ connectionString: directUrl, max: 1, application_name: 'toasoan-migrate' })
  try {
    return await applyMigrations(direct)
  } finally {
    await direct.end()
  }
}

async function resolveSecret(config: Config, embedded: boolean, log: Logger): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret
  // an in-memory database keeps nothing on disk, and its key dies with it: a file written for it
  // would land in the working directory ("memory:/jwt-secret") and outlive it
  if (embedded && !inMemory(config.dataDir)) {
    // generated once and kept beside the embedded database, so tokens survive a restart
    const file = path.resolve(config.dataDir, 'jwt-secret')
    const existing = await readFile(file, 'utf8').catch(() => '')
    if (existing.trim().length >= 32) return existing.trim()
    const secret = randomBytes(48).toString('base64url')
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, `${secret}\n`, { mode: 0o600 })
    return secret
  }
  if (!embedded) log.warn('JWT_SECRET is not set: using a random key, so every restart signs everyone out')
  return randomBytes(48).toString('base64url')
}

async function ensureFirstAdmin(db: Database, config: ReadyConfig, log: Logger): Promise<void> {
  // plain SQL, not Prisma: an API instance that only serves public reads then never loads Prisma's
  // query compiler (WebAssembly, about 60 MB resident; see docs/performance.md "Process memory")
  if ((await db.pool.query('SELECT 1 FROM "User" LIMIT 1')).rowCount) return
  let email = config.adminEmail
  let password = config.adminPassword
  if (!email || !password) {
    if (!db.embedded) {
      log.warn('no user exists: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run user:create`')
      return
    }
    email = 'admin@localhost'
    password = randomBytes(12).toString('base64url')
    // printed once, on purpose: it is the only way to learn the generated password
    console.log(`\n  First admin created: ${email} / ${password}\n  (shown only now; change it after logging in)\n`)
  }
  await db.prisma.user.create({ data: { email, name: 'Quản trị viên', role: 'admin', passwordHash: await hashPassword(password) } })
  log.info(`created the first admin ${email}`)
}
