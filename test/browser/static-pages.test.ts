// How the API serves the built console and demo pages (no browser needed): the pages, their
// caching and CSP, hidden from the OpenAPI document; and a 503, not a crash, before a build.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import t from 'tap'
import { registerErrorHandlers } from '../../src/plugins/errors.ts'
import staticPages from '../../src/plugins/static-pages.ts'
import { build } from '../helper.ts'
import { ensureBuiltUi } from './browser.ts'

t.test('without a build the pages answer 503 problem+json and the app still starts', async (t) => {
  const empty = await mkdtemp(path.join(tmpdir(), 'toasoan-ui-'))
  t.teardown(() => rm(empty, { recursive: true, force: true }))
  const app = Fastify()
  registerErrorHandlers(app)
  await app.register(staticPages, { root: empty })
  t.teardown(() => app.close())
  for (const url of ['/console', '/demo/some-article', '/ui/assets/x.js']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 503, url)
    t.match(res.headers['content-type'], /application\/problem\+json/)
    t.match(res.json().detail, /npm run build/)
  }
})

t.test('the built pages are served with the API, under its CSP, outside the OpenAPI document', async (t) => {
  ensureBuiltUi()
  const { app } = await build(t)
  await app.ready()
  for (const url of ['/console', '/console/', '/demo', '/demo/hoi-thao-phat-trien-dang']) {
    const res = await app.inject(url)
    t.equal(res.statusCode, 200, url)
    t.match(res.headers['content-type'], /text\/html/)
    t.equal(res.headers['cache-control'], 'no-cache', `${url} is revalidated`)
    t.match(res.headers['content-security-policy'], /script-src 'self'/)
    t.match(res.body, /<html lang="vi">/)
    t.notMatch(res.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script')
  }
  const asset = /src="(\/ui\/assets\/[^"]+\.js)"/.exec((await app.inject('/console')).body)?.[1]
  t.ok(asset, 'the page loads its script from /ui/assets/')
  const js = await app.inject(asset!)
  t.equal(js.statusCode, 200)
  t.match(js.headers['content-type'], /javascript/)
  t.match(js.headers['cache-control'], /immutable/)
  t.equal((await app.inject('/ui/assets/nothing-here.js')).statusCode, 404)
  t.equal((await app.inject('/ui/../package.json')).statusCode, 404)
  const paths = Object.keys(app.swagger().paths ?? {})
  t.notOk(
    paths.some((p) => /^\/(console|demo|ui)\b/.test(p)),
    'no page route in the OpenAPI document',
  )
})
