// TypeBox validation for every route. Unlike the type provider's stock compiler, query strings and
// params also get their schema defaults (limit=20, ...), so the schema stays the single source.
import type { FastifySchemaCompiler } from 'fastify'
import { registerAjvFormats } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'

registerAjvFormats()

// decimal digits only; a minus sign only before a non-zero value, so "-0" is not a second zero
const DECIMAL_INTEGER = /^(?:\d+|-0*[1-9]\d*)$/

type Schema = { type?: unknown; anyOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema }
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const acceptsInteger = (s: Schema): boolean => s.type === 'integer' || (s.anyOf?.some(acceptsInteger) ?? false)

/**
 * Value.Convert reads text as JavaScript does and then truncates: "2.9" → 2, "0x10" → 16,
 * "1e2" → 100, " 5" → 5. Where the schema wants an integer and the text is not plain decimal
 * digits (or is beyond the safe integers), the text is kept unconverted, so the check fails with
 * "must be integer" at that parameter's path.
 */
function strictIntegers(schema: Schema, raw: unknown, converted: unknown): unknown {
  if (typeof raw === 'string') {
    if (!acceptsInteger(schema)) return converted
    return DECIMAL_INTEGER.test(raw) && Number.isSafeInteger(Number(raw)) ? converted : raw
  }
  if (isRecord(raw) && isRecord(converted) && schema.properties) {
    for (const [key, property] of Object.entries(schema.properties)) {
      if (key in raw) converted[key] = strictIntegers(property, raw[key], converted[key])
    }
  } else if (Array.isArray(raw) && Array.isArray(converted) && schema.items && raw.length === converted.length) {
    return converted.map((item, i) => strictIntegers(schema.items!, raw[i], item))
  }
  return converted
}

/**
 * An object of text properties only, none with a default: what arrives (text) is what it wants,
 * so Value.Default and Value.Convert would hand back an equal copy: path parameters such as a slug
 * or an id. Checked as given, they skip a copy and two interpretive walks of the schema a request.
 */
const takesTextAsGiven = (schema: Schema & { default?: unknown }): boolean =>
  schema.type === 'object' &&
  schema.default === undefined &&
  Object.values(schema.properties ?? {}).every((p: Schema & { default?: unknown }) => p.type === 'string' && p.default === undefined)

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  const coerce = httpPart !== 'body'
  const asGiven = coerce && takesTextAsGiven(schema as Schema)
  return (input: unknown) => {
    // what fails here still goes the long way: a repeated query key arrives as an array, say
    if (asGiven && check.Check(input)) return { value: input }
    const raw = isRecord(input) ? { ...input } : input
    const value = coerce ? strictIntegers(schema as Schema, raw, Value.Convert(schema, Value.Default(schema, input))) : input
    if (check.Check(value)) return { value }
    return { error: check.Errors(value) as never }
  }
}
