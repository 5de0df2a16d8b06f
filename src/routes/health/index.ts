import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../../db/index.ts'
import { pendingMigrations, readMigrations } from '../../db/migrations.ts'

const Health = Type.Ref('Health')

const healthRoutes: FastifyPluginAsyncTypebox<{ db: Database }> = async (app, { db }) => {
  const migrations = await readMigrations()

  app.get(
    '/health/live',
    {
      schema: { tags: ['health'], operationId: 'getLiveness', summary: 'The process is up', response: { 200: Health } },
    },
    async (_req, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  )

  app.get(
    '/health/ready',
    {
      schema: {
        tags: ['health'],
        operationId: 'getReadiness',
        summary: 'The database answers and every migration is applied (503 otherwise)',
        response: { 200: Health, 503: Health },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      if (!(await db.ping())) return reply.code(503).send({ status: 'unavailable', database: 'down' })
      const pending = await pendingMigrations(db.pool, migrations).catch(() => null)
      if (pending === null) return reply.code(503).send({ status: 'unavailable', database: 'down' })
      if (pending.length) return reply.code(503).send({ status: 'unavailable', database: 'up', pendingMigrations: pending })
      return { status: 'ok', database: 'up' }
    },
  )

  app.get('/openapi.json', { schema: { hide: true } }, async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(app.swagger()))
}

export default healthRoutes
