import { buildApp } from './app.ts'
import { loadConfig } from './config.ts'
import type { Database } from './db/index.ts'

/** The OpenAPI 3.1 document as committed text; routes need no database to be described. */
export async function generateOpenApi(): Promise<string> {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', JOBS: 'off' }), jwtSecret: 'x'.repeat(32) }
  const app = await buildApp({ config, db: {} as Database })
  await app.ready()
  const doc = app.swagger()
  await app.close()
  return `${JSON.stringify(doc, null, 2)}\n`
}
