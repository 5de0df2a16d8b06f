// The bench starts the API as `npm start` does (bench/servers.ts startCommand): the environment the
// start script sets before node, the user's own value first, and its node flags.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { startCommand } from '../../bench/servers.ts'

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts

t.test("npm start's allocator settings and heap flags", async (t) => {
  const start = startCommand(scripts.start!, {})
  t.same(start.env, { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' })
  t.same(start.flags, ['--enable-source-maps', '--max-semi-space-size=4', '--heap-growing-percent=50'])
  t.same(startCommand(scripts.start!, { MALLOC_ARENA_MAX: '4' }).env.MALLOC_ARENA_MAX, '4', "a value in the environment is the user's")
})

t.test('the worker starts as the API does', async (t) => {
  t.same(startCommand(scripts.worker!, {}), startCommand(scripts.start!, {}))
})

t.test('plain assignments, and none at all', async (t) => {
  t.same(startCommand('A=1 B=x node --flag dist/x.js', {}), { env: { A: '1', B: 'x' }, flags: ['--flag'] })
  t.same(startCommand('node dist/x.js', {}), { env: {}, flags: [] })
  t.same(startCommand('node X=1 dist/x.js', {}).env, {}, 'an assignment after node is an argument, not the environment')
})
