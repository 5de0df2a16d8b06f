// The job queue on the embedded database (PGlite behind pglite-socket, one connection): a scheduled
// article's time comes, its event is recorded and a webhook delivered to a receiver on 127.0.0.1.
// Runs whatever TEST_DATABASE_URL says, like embedded.test.ts.
import http from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { loadConfig } from '../../src/config.ts'
import { prepare } from '../../src/bootstrap.ts'
import { buildApp, serverOptions } from '../../src/app.ts'
import { createArticle } from '../fixtures/content.ts'
import { systemAudit } from '../../src/services/audit/record.ts'

const received: Array<{ id: string; type: string; data: { id: string } }> = []
const receiver = http.createServer((req, res) => {
  let body = ''
  req.on('data', (c) => {
    body += c
  })
  req.on('end', () => {
    received.push(JSON.parse(body))
    res.writeHead(204).end()
  })
})
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
t.teardown(() => receiver.close())

const dir = await mkdtemp(path.join(tmpdir(), 'toasoan-embedded-jobs-'))
t.teardown(() => rm(dir, { recursive: true, force: true }))

t.test('JOBS=on on the embedded database: a scheduled article fires and its webhook is delivered', async (t) => {
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOBS: 'on', WEBHOOK_ALLOW_PRIVATE: 'true', TICK_SECONDS: '1' })
  const { db, config: ready } = await prepare(config, { info() {}, warn() {} })
  t.teardown(() => db.close())
  t.equal(db.embedded, true)
  let now = new Date()
  const app = await buildApp({ config: ready, db, clock: () => now }, serverOptions(ready))
  t.teardown(() => app.close())
  await app.ready()
  const port = (receiver.address() as AddressInfo).port
  await app.services.webhooks.create({ url: `http://127.0.0.1:${port}/hook`, events: ['article.published'] }, systemAudit('test'))
  const article = await createArticle(db, { status: 'scheduled', publishedAt: new Date(now.getTime() + 60_000) })
  now = new Date(now.getTime() + 61_000) // its time comes: the running tick (every second) finds it
  await until(() => received.some((e) => e.data.id === article.id))
  const events = await db.prisma.event.findMany({ where: { entityId: article.id } })
  t.match(events, [{ type: 'article.published' }], 'recorded once')
  t.equal(received.filter((e) => e.data.id === article.id).length, 1, 'delivered once')
  t.equal((await app.inject(`/v1/articles/${article.slug}`)).statusCode, 200, 'and public')
  t.equal((await app.inject('/health/ready')).statusCode, 200, 'the one connection is still shared fine')
})

async function until(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 50))
  }
}
