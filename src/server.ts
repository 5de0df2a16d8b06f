// Entry point: validate the configuration, prepare the database, build the app, listen, and shut
// down gracefully (in-flight requests finish, then the database closes).
import { buildApp, serverOptions } from './app.ts'
import { loadConfigOrExit } from './config.ts'
import { prepare } from './bootstrap.ts'

const config = loadConfigOrExit('toasoan')

const options = serverOptions(config)
const startLog = { info: (m: string) => console.log(`toasoan: ${m}`), warn: (m: string) => console.warn(`toasoan: warning: ${m}`) }
let prepared: Awaited<ReturnType<typeof prepare>>
try {
  prepared = await prepare(config, startLog)
} catch (err) {
  console.error(`toasoan: cannot start: ${(err as Error).message.split('\n')[0]}`)
  process.exit(1)
}
const { db } = prepared
const app = await buildApp({ config: prepared.config, db }, options)

let closing = false
async function shutdown(signal: string) {
  if (closing) return
  closing = true
  app.log.info({ signal }, 'shutting down: finishing in-flight requests')
  const force = setTimeout(() => {
    app.log.error('shutdown took over 10 s; exiting')
    process.exit(1)
  }, 10_000)
  force.unref()
  try {
    await app.close()
    await db.close()
    process.exit(0)
  } catch (err) {
    app.log.error({ err }, 'error during shutdown')
    process.exit(1)
  }
}
process.once('SIGTERM', () => void shutdown('SIGTERM'))
process.once('SIGINT', () => void shutdown('SIGINT'))

try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  console.error(`toasoan: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`)
  await db.close()
  process.exit(1)
}
const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`
console.log(`toasoan: ready on ${base} (${db.embedded ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}); API docs: ${base}/docs`)
