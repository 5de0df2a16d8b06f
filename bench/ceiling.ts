// The HTTP ceiling of this machine: bare Fastify answering every GET with one fixed body (read
// from CEILING_BODY_FILE), so no server that does any work per request can be faster.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const body = readFileSync(process.env.CEILING_BODY_FILE!, 'utf8')
const app = Fastify({ logger: false })
app.get('/health/ready', async () => ({ status: 'ok' }))
app.get('/*', async (_req, reply) => reply.type('application/json; charset=utf-8').send(body))
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0))
})
await app.listen({ port: Number(process.env.PORT ?? 3200), host: '127.0.0.1' })
