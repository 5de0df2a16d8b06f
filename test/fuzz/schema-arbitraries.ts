// fast-check arbitraries derived from a route's own JSON schema (TypeBox, as the OpenAPI document
// publishes it): `valid` values, and `broken` ones — the same shape with one part deliberately
// wrong (wrong type, missing or extra field, out of range, too long) or a hostile value outright.
import fc from 'fast-check'

export type Schema = {
  $ref?: string
  type?: string
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  items?: Schema
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  properties?: Record<string, Schema>
  required?: string[]
  additionalProperties?: boolean | Schema
  minProperties?: number
}
export type Resolve = (ref: string) => Schema

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b', 'x\udbff\udbffy']
const CONTROLS = ['\u0000', 'a\u0000b', '\u0007\u0008', '\u001b[31m', '\r\n\r\n', '\u202e\u2066', '\u0085\u00a0', '\ufeff', '\uffff']
const INJECTION = ["' OR 1=1 --", '\'; DROP TABLE "Article"; --', "%' AND pg_sleep(5)--", '\\', "\\'", '$1', '$' + '{}', '{{7*7}}']
const MARKUP = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"><svg/onload=alert(1)>']
const WEIRD = [
  '',
  ' ',
  '\t',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  'Infinity',
  '1e999',
  '0x1f',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '%00',
  '%',
  '%zz',
  'Ð́̈̃',
  'ƒ'.normalize('NFD'),
  'nghị quyết'.normalize('NFD'),
  '🇻🇳👨‍👩‍👧',
  '\u{10ffff}',
]
const BAD_UUIDS = [
  '00000000-0000-0000-0000-00000000000g',
  '0000000-0000-0000-0000-000000000000',
  ' 6f1c2a54-3b3e-4d4f-9c3e-1a2b3c4d5e6f',
  '6f1c2a54-3b3e-4d4f-9c3e-1a2b3c4d5e6f\u0000',
  '6f1c2a543b3e4d4f9c3e1a2b3c4d5e6f',
  '{6f1c2a54-3b3e-4d4f-9c3e-1a2b3c4d5e6f}',
  'ffffffff-ffff-ffff-ffff-fffffffffffff',
]
const BAD_NUMBERS = [-1, 0, -0, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 1, Number.MAX_SAFE_INTEGER, 5e-324]
const BAD_DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '9999-12-31T23:59:59+99:99',
  '2026-11-28T25:61:61Z',
  '-271821-04-19T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
]

/** Strings no form would send: controls, NUL, lone UTF-16 surrogates, markup, SQL, oddities. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...LONE_SURROGATES, ...CONTROLS, ...INJECTION, ...MARKUP, ...WEIRD, ...BAD_UUIDS, ...BAD_DATES),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((units) => String.fromCharCode(...units)),
  fc.tuple(fc.constantFrom('a', 'ă', 'đ', '\u0000', '\ud800', '🙂'), fc.integer({ min: 1_000, max: 200_000 })).map(([c, n]) => c.repeat(n)),
)

/** Nesting deep enough to trouble a recursive validator or serialiser. */
const deep: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 20, max: 3_000 }), fc.boolean()).map(([depth, asArray]) => {
  let v: unknown = 'x'
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v }
  return v
})

/** Any JSON value of any type, hostile or not. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom<unknown>(...BAD_NUMBERS, null, true, false, [], {}, [null], { __proto__: { admin: true } }, { constructor: { prototype: {} } }),
  fc.double(),
  fc.integer(),
  deep,
  fc.jsonValue({ maxDepth: 3 }),
)

function resolved(schema: Schema, resolve: Resolve): Schema {
  return schema.$ref ? resolved(resolve(schema.$ref), resolve) : schema
}

function validString(s: Schema): fc.Arbitrary<string> {
  const fits = (v: string) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity)
  if (s.format === 'uuid') return fc.uuid()
  if (s.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
  if (s.format === 'email') return fc.emailAddress().filter(fits)
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter(fits)
  const minLength = s.minLength ?? 0
  return fc.string({ unit: 'grapheme', minLength, maxLength: Math.min(s.maxLength ?? minLength + 30, minLength + 30) }).filter(fits)
}

/** A value the schema accepts. */
export function valid(schema: Schema, resolve: Resolve): fc.Arbitrary<unknown> {
  const s = resolved(schema, resolve)
  if (s.enum) return fc.constantFrom(...s.enum)
  if ('const' in s) return fc.constant(s.const)
  if (s.anyOf) return fc.oneof(...s.anyOf.map((a) => valid(a, resolve)))
  switch (s.type) {
    case 'string':
      return validString(s)
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 })
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const opts = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) }
      const item = valid(s.items ?? {}, resolve)
      return s.uniqueItems ? fc.uniqueArray(item, { ...opts, selector: (v) => JSON.stringify(v) }) : fc.array(item, opts)
    }
    case 'object': {
      const props = s.properties ?? {}
      const model = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, valid(p, resolve)]))
      const arb = fc.record(model, { requiredKeys: s.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>
      const min = s.minProperties ?? 0
      return min ? arb.filter((o) => Object.keys(o).length >= min) : arb
    }
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Values just outside the schema's own bounds. */
function edges(s: Schema): unknown[] {
  const out: unknown[] = []
  if (s.type === 'string' || s.format || s.pattern) {
    if (s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1), 'ẳ'.repeat(s.maxLength + 1))
    if (s.minLength) out.push('x'.repeat(s.minLength - 1))
    out.push(42, true, ['a'], { a: 1 })
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (s.minimum !== undefined) out.push(s.minimum - 1)
    if (s.maximum !== undefined) out.push(s.maximum + 1)
    out.push(1.5, '1', '', 'abc', null)
  }
  if (s.type === 'array')
    out.push(
      Array.from({ length: (s.maxItems ?? 1000) + 1 }, () => null),
      'a',
      {},
    )
  if (s.type === 'object') out.push([], 'x', 0)
  if (s.enum) out.push('not-one-of-them', String(s.enum[0]).toUpperCase())
  return out
}

/** A value the schema should refuse: `valid` with one part broken, an edge case, or anything hostile. */
export function broken(schema: Schema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  const s = resolved(schema, resolve)
  const options: fc.Arbitrary<unknown>[] = [hostileValue]
  const e = edges(s)
  if (e.length) options.push(fc.constantFrom(...e))
  if (s.type === 'object' && s.properties && depth < 3) {
    const keys = Object.keys(s.properties)
    const base = valid(s, resolve) as fc.Arbitrary<Record<string, unknown>>
    if (keys.length) {
      // one property broken (recursively), the rest valid
      options.push(fc.constantFrom(...keys).chain((k) => fc.tuple(base, broken(s.properties![k]!, resolve, depth + 1)).map(([o, v]) => ({ ...o, [k]: v }))))
    }
    if (s.required?.length) {
      options.push(
        fc.tuple(base, fc.constantFrom(...s.required)).map(([o, k]) => {
          const c = { ...o }
          delete c[k]
          return c
        }),
      )
    }
    options.push(
      fc
        .tuple(base, fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'status', 'role')), hostileValue)
        // a computed key, so even "__proto__" becomes an own property that JSON.stringify sends
        .map(([o, k, v]) => ({ ...o, [k]: v })),
    )
  }
  if (s.type === 'array' && s.items && depth < 3) {
    options.push(fc.tuple(valid(s, resolve) as fc.Arbitrary<unknown[]>, broken(s.items, resolve, depth + 1)).map(([a, v]) => [...a, v]))
  }
  return fc.oneof(...options)
}
