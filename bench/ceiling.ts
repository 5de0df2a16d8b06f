// The HTTP ceiling of this machine: bare Fastify answering every GET with one fixed body (read
// from CEILING_BODY_FILE), so no server that does any work per request can be faster.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

// a JSON body by default; CEILING_CONTENT_TYPE serves a file's exact bytes (an image) instead
const type = process.env.CEILING_CONTENT_TYPE ?? 'application/json; charset=utf-8'
const raw = readFileSync(process.env.CEILING_BODY_FILE!)
const body = type.startsWith('application/json') ? raw.toString('utf8') : raw
const app = Fastify({ logger: false })
app.get('/health/ready', async () => ({ status: 'ok' }))
app.get('/*', async (_req, reply) => reply.type(type).send(body))
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0))
})
await app.listen({ port: Number(process.env.PORT ?? 3200), host: '127.0.0.1' })
