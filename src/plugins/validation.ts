// TypeBox validation for every route. Unlike the type provider's stock compiler, query strings and
// params also get their schema defaults (limit=20, ...), so the schema stays the single source.
import type { FastifySchemaCompiler } from 'fastify'
import { registerAjvFormats } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'

registerAjvFormats()

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  const coerce = httpPart !== 'body'
  return (input: unknown) => {
    const value = coerce ? Value.Convert(schema, Value.Default(schema, input)) : input
    if (check.Check(value)) return { value }
    return { error: check.Errors(value) as never }
  }
}
