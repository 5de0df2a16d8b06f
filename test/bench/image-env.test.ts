// The bench starts the API with the environment the Docker image gives every process in it
// (bench/servers.ts imageEnv): the allocator's settings come from the Dockerfile, their one home.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { imageEnv } from '../../bench/servers.ts'

t.test("the Dockerfile's allocator settings", async (t) => {
  const env = imageEnv(readFileSync('Dockerfile', 'utf8'))
  t.same({ arenas: env.MALLOC_ARENA_MAX, mmap: env.MALLOC_MMAP_THRESHOLD_ }, { arenas: '2', mmap: '131072' })
  t.equal(env.NODE_ENV, 'production')
})

t.test('ENV lines, several pairs each; nothing else', async (t) => {
  const dockerfile = ['FROM node:24', 'ENV A=1 B=two', '# ENV C=3', 'RUN ENV=x echo', 'ENV  D=4', 'ENV E=a=b'].join('\n')
  t.same(imageEnv(dockerfile), { A: '1', B: 'two', D: '4', E: 'a=b' })
})
