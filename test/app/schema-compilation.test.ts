// Route schemas compile on first use (src/plugins/schema-compilation.ts): every one of them must
// still compile, requests must still be checked and answered through them, and what a public
// instance never serves is never compiled.
import t from 'tap'
import { createSchemaCompilation } from '../../src/plugins/schema-compilation.ts'
import { build } from '../helper.ts'

t.test('a validator compiles on its first call, once, and compileAll compiles what is left', async (t) => {
  const schemas = createSchemaCompilation()
  let compiled = 0
  const validator = schemas.validator(() => {
    compiled++
    return (input: unknown) => ({ value: input })
  })
  const route = { schema: {}, method: 'GET', url: '/x', httpPart: 'querystring' }
  const first = validator(route) as (input: unknown) => unknown
  validator({ ...route, url: '/y' })
  t.equal(compiled, 0, 'nothing is compiled at registration')
  t.same(first({ a: 1 }), { value: { a: 1 } })
  first({ a: 2 })
  t.equal(compiled, 1, 'compiled once, on first use')
  t.equal(schemas.compileAll(), 1, 'the other one was still pending')
  t.equal(compiled, 2)
  t.equal(schemas.compileAll(), 0)
})

t.test('a schema that cannot compile fails compileAll', async (t) => {
  const schemas = createSchemaCompilation()
  const serialize = schemas.buildSerializer()({
    method: 'GET',
    url: '/x',
    httpStatus: '200',
    schema: { type: 'object', properties: { a: { $ref: 'Missing' } } },
  })
  t.throws(() => schemas.compileAll())
  t.throws(() => serialize({ a: 1 }), 'and its first use, as an eager compile would have at start')
})

t.test('the API: every route schema compiles, and a request compiles only its own', async (t) => {
  const { app } = await build(t)
  await app.ready()
  const list = await app.inject('/v1/articles?limit=2')
  t.equal(list.statusCode, 200)
  t.same(Object.keys(list.json()), ['data', 'meta'], 'answered through the lazily compiled serializer')
  const bad = await app.inject('/v1/articles?limit=abc')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { status: 400, errors: [{ path: 'querystring/limit' }] }, 'and checked by the lazily compiled validator')

  const pending = app.compileSchemas()
  t.ok(pending > 200, `the schemas of routes not yet requested were pending (${pending})`)
  t.equal(app.compileSchemas(), 0)
  const login = await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'nobody' } })
  t.equal(login.statusCode, 400, 'a route compiled by compileAll checks its input')
})
