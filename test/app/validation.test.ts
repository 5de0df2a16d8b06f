// The validator compiler (src/plugins/validation.ts): path parameters and query strings get their
// defaults and conversions; an object of text properties without defaults is checked as given,
// which must answer exactly what the long way (Value.Default, then Value.Convert) answers.
import t from 'tap'
import { Type, type TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'
import { validatorCompiler } from '../../src/plugins/validation.ts'

type Outcome = { value?: unknown; error?: unknown }
const compile = (schema: TSchema, httpPart = 'params') =>
  validatorCompiler({ schema, httpPart, method: 'GET', url: '/x' }) as unknown as (input: unknown) => Outcome

// what the compiler answered before it had a shortcut (for schemas without integers)
const longWay = (schema: TSchema, input: unknown): Outcome => {
  const value = Value.Convert(schema, Value.Default(schema, input))
  return Compile(schema).Check(value) ? { value } : { error: true }
}

const slug = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]+$', maxLength: 20 }) })
const withDefault = Type.Object({ slug: Type.String(), sort: Type.Optional(Type.String({ default: 'newest' })) })
const withBoolean = Type.Object({ slug: Type.String(), featured: Type.Optional(Type.Boolean()) })
const optionalText = Type.Object({ q: Type.Optional(Type.String({ minLength: 1 })) })

t.test('text-only objects without defaults answer what the long way answers', async (t) => {
  const cases: Array<[TSchema, unknown]> = [
    [slug, { slug: 'bai-viet-1' }],
    [slug, { slug: 'Bài viết' }],
    [slug, {}],
    [slug, { slug: 'a'.repeat(21) }],
    [slug, { slug: ['a', 'b'] }],
    [optionalText, {}],
    [optionalText, { q: 'đảng' }],
    [optionalText, { q: '' }],
    [optionalText, { q: ['a', 'b'] }],
    [withDefault, { slug: 'a' }],
    [withDefault, { slug: 'a', sort: 'top' }],
    [withBoolean, { slug: 'a', featured: 'true' }],
    [withBoolean, { slug: 'a', featured: 'maybe' }],
  ]
  for (const [schema, input] of cases) {
    const got = compile(schema)(structuredClone(input))
    const want = longWay(schema, structuredClone(input))
    const label = JSON.stringify(input)
    if (want.error) t.ok(got.error, `${label}: refused`)
    else t.same(got, want, `${label}: ${JSON.stringify(want.value)}`)
  }
})

t.test('defaults and conversions still apply where the schema has them', async (t) => {
  t.same(compile(withDefault)({ slug: 'a' }), { value: { slug: 'a', sort: 'newest' } }, 'the default is filled in')
  t.same(compile(withBoolean)({ slug: 'a', featured: 'true' }), { value: { slug: 'a', featured: true } }, 'text converted to a boolean')
  t.same(compile(Type.Object({ limit: Type.Integer() }), 'querystring')({ limit: '5' }), { value: { limit: 5 } })
  t.ok(compile(Type.Object({ limit: Type.Integer() }), 'querystring')({ limit: '2.9' }).error, 'not truncated')
})
