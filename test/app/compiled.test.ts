// Production runs the compiled JavaScript (`npm start`: dist/server.js, built when missing or
// stale): it must start, migrate, answer and stop as the TypeScript sources do under tsx.
import t from 'tap'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { createTestDatabase, TEST_SECRET } from '../helper.ts'

const freePort = async () => {
  const s = createServer().listen(0, '127.0.0.1')
  await once(s, 'listening')
  const { port } = s.address() as AddressInfo
  s.close()
  return port
}

t.test('the compiled server starts, serves and shuts down cleanly', { timeout: 180_000 }, async (t) => {
  const build = spawnSync(process.execPath, ['scripts/build-server-if-stale.mjs'], { encoding: 'utf8' })
  t.equal(build.status, 0, `builds: ${build.stderr}`)
  const url = await createTestDatabase(t)
  const port = await freePort()
  const child = spawn(process.execPath, ['dist/server.js'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      JWT_SECRET: TEST_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JOBS: 'off',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  t.teardown(() => child.kill('SIGKILL'))
  const base = `http://127.0.0.1:${port}`
  let ready = false
  for (let i = 0; i < 240 && !ready && child.exitCode === null; i++) {
    ready = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (!ready) await new Promise((r) => setTimeout(r, 250))
  }
  t.ok(ready, `ready: ${output}`)
  const list = await fetch(`${base}/v1/articles?limit=1`)
  t.equal(list.status, 200)
  t.same(((await list.json()) as { data: unknown[] }).data, [], 'an empty, migrated database')
  const docs = await fetch(`${base}/openapi.json`)
  t.equal(docs.status, 200, 'the OpenAPI document is served')
  child.kill('SIGTERM')
  const [code] = await once(child, 'exit')
  t.equal(code, 0, `exits 0 on SIGTERM: ${output}`)
})
