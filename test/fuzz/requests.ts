// Turns the app's OpenAPI document (generated from each route's TypeBox schema) into fast-check
// arbitraries of whole requests: path params, query string, headers and body, each valid or broken,
// sent anonymously, with a garbage token, or as a signed-in user of some role.
import fc from 'fast-check'
import { broken, hostileString, valid, type Resolve, type Schema } from './schema-arbitraries.ts'

interface Param {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema: Schema
}
interface OpenApiOperation {
  operationId?: string
  parameters?: Param[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>
  components?: { schemas?: Record<string, Schema> }
}

export interface Operation {
  id: string
  method: string
  path: string
  params: Param[]
  body?: Schema
}

export interface FuzzRequest {
  op: string
  who: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

export function operations(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      id: op.operationId ?? `${method} ${path}`,
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
    })),
  )
}

export function resolver(doc: OpenApiDocument): Resolve {
  return (ref) => {
    const name = ref.replace(/^#\/components\/schemas\//, '')
    const found = doc.components?.schemas?.[name]
    if (!found) throw new Error(`unresolved ${ref}`)
    return found
  }
}

/** percent-encoding that also survives lone surrogates (sent as the bytes a lax encoder would emit) */
export function encode(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return [...value]
      .map((ch) => {
        const code = ch.charCodeAt(0)
        if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
          return `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`
        }
        return encodeURIComponent(ch)
      })
      .join('')
  }
}

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))
const RAW_QUERY = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '&&&=&', '==', 'a[b]=1', 'a[__proto__][x]=1', 'limit=1&limit=2', 'page[]=1', ';limit=1']
const TRANSPORT: Array<[string | undefined, string]> = [
  ['application/json', '{"a":'],
  ['application/json', ''],
  ['application/json', 'null'],
  ['application/json', '"text"'],
  ['application/json', '[]'],
  ['application/json', '{"__proto__":{"admin":true}}'],
  ['application/json', '{"constructor":{"prototype":{"x":1}}}'],
  ['application/json', `{"limit":${'9'.repeat(400)}}`],
  ['application/json', '\ufeff{}'],
  ['application/json; charset=utf-16', '{}'],
  ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'a=1&b=2'],
  ['multipart/form-data; boundary=x', '--x--\r\n'],
  ['application/xml', '<a/>'],
  [undefined, '{}'],
]

export interface Identities {
  tokens: Record<string, string>
  garbage: string[]
}

/** Who sends it: nobody, a garbage or forged credential, or a valid token of a role. */
function identity(ids: Identities): fc.Arbitrary<{ who: string; authorization?: string }> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ who: 'anonymous' }) },
    { weight: 1, arbitrary: fc.constantFrom(...ids.garbage).map((authorization) => ({ who: 'garbage', authorization })) },
    { weight: 4, arbitrary: fc.constantFrom(...Object.entries(ids.tokens)).map(([who, token]) => ({ who, authorization: `Bearer ${token}` })) },
  )
}

export interface RequestContext {
  resolve: Resolve
  identities: Identities
  /** real ids and slugs for a path parameter of `path` */
  known: (path: string, param: string) => string[]
}

function paramValue(p: Param, ctx: RequestContext, path: string, breakable = true): fc.Arbitrary<unknown> {
  const known = p.in === 'path' ? ctx.known(path, p.name) : []
  return fc.oneof(
    { weight: 3, arbitrary: valid(p.schema, ctx.resolve) },
    ...(breakable ? [{ weight: 2, arbitrary: broken(p.schema, ctx.resolve) }] : []),
    ...(known.length ? [{ weight: 5, arbitrary: fc.constantFrom(...known) }] : []),
  )
}

/** A query string: sometimes every parameter valid, more often with some broken, repeated or extra. */
function queryString(params: Param[], ctx: RequestContext, path: string): fc.Arbitrary<string> {
  const build = (breakable: boolean) => {
    const parts = params.map((p) => {
      const one = paramValue(p, ctx, path, breakable)
      const value = breakable ? fc.oneof({ weight: 4, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 3 }) }) : one
      const pair = value.map((v) => (Array.isArray(v) && v.length > 1 ? v : [v]).map((x) => `${encode(p.name)}=${encode(asText(x))}`).join('&'))
      return fc.oneof({ weight: 2, arbitrary: fc.constant('') }, { weight: 1, arbitrary: pair })
    })
    const extra = breakable
      ? fc.oneof(
          { weight: 2, arbitrary: fc.constant('') },
          { weight: 1, arbitrary: fc.tuple(fc.oneof(fc.string({ maxLength: 10 }), hostileString), hostileString).map(([k, v]) => `${encode(k)}=${encode(v)}`) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW_QUERY) },
        )
      : fc.constant('')
    return fc.tuple(fc.tuple(...parts), extra).map(([ps, x]) => [...ps, x].filter(Boolean).join('&'))
  }
  return fc.oneof({ weight: 2, arbitrary: build(false) }, { weight: 3, arbitrary: build(true) })
}

function body(schema: Schema | undefined, ctx: RequestContext): fc.Arbitrary<{ type?: string; payload?: string }> {
  const json = (v: unknown) => ({ type: 'application/json', payload: JSON.stringify(v) })
  const transport = fc.constantFrom(...TRANSPORT).map(([type, payload]) => ({ type, payload }))
  if (!schema) return fc.oneof({ weight: 8, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: transport })
  return fc.oneof(
    { weight: 4, arbitrary: valid(schema, ctx.resolve).map(json) },
    { weight: 5, arbitrary: broken(schema, ctx.resolve).map(json) },
    { weight: 1, arbitrary: transport },
  )
}

const ETAGS = ['"1"', '"v1"', 'W/"1"', '*', '"', 'garbage', `"${'x'.repeat(500)}"`]

export function requestArbitrary(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path')
  const query = op.params.filter((p) => p.in === 'query')
  const hasIfMatch = op.params.some((p) => p.in === 'header' && p.name === 'if-match')
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => paramValue(p, ctx, op.path))),
      query: queryString(query, ctx, op.path),
      id: identity(ctx.identities),
      ifMatch: hasIfMatch ? fc.option(fc.constantFrom(...ETAGS), { nil: undefined }) : fc.constant(undefined),
      body: body(op.body, ctx),
    })
    .map(({ path, query: qs, id, ifMatch, body: b }) => {
      let url = op.path
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encode(asText(path[i])))
      })
      const headers: Record<string, string> = {}
      if (id.authorization) headers.authorization = id.authorization
      if (ifMatch) headers['if-match'] = ifMatch
      if (b.type) headers['content-type'] = b.type
      return { op: op.id, who: id.who, method: op.method, url: qs ? `${url}?${qs}` : url, headers, ...(b.payload !== undefined ? { payload: b.payload } : {}) }
    })
}
