// Route schemas are compiled on their route's first request instead of at start. Of the API's 115
// operations a public-facing instance serves a handful; compiling every validator and response
// serializer up front kept ~15 MB of heap for the rest (start RSS 135 → 115 MB, docs/performance.md
// "Process memory"). `compileAll` compiles whatever is still pending: the test that every route's
// schemas compile calls it, so a schema that cannot compile still fails before it ships.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'

type Compiled<In, Out> = (input: In) => Out

export interface SchemaCompilation {
  /** the validator compiler, compiling `compile`'s result on first use */
  validator(compile: FastifySchemaCompiler<TSchema>): FastifySchemaCompiler<TSchema>
  /** Fastify's `schemaController.compilersFactory.buildSerializer`: fast-json-stringify, on first use */
  buildSerializer: ReturnType<typeof SerializerSelector>
  /** compiles every schema not compiled yet; returns how many there were */
  compileAll(): number
}

export function createSchemaCompilation(): SchemaCompilation {
  const pending = new Set<() => void>()
  // a compiled function that compiles on its first call; compileAll may do it sooner
  function lazily<In, Out>(compile: () => Compiled<In, Out>): Compiled<In, Out> {
    let compiled: Compiled<In, Out> | undefined
    const force = () => {
      compiled ??= compile()
      pending.delete(force)
      return compiled
    }
    pending.add(force)
    return (input) => (compiled ?? force())(input)
  }
  const serializers = SerializerSelector()
  return {
    // the wrapper answers what the compiled validator returns; it carries no `.errors` property, so
    // it suits compilers that report { value } or { error } (plugins/validation.ts), not `false`
    validator: (compile) => (route) => lazily(() => compile(route)) as ReturnType<FastifySchemaCompiler<TSchema>>,
    buildSerializer: (externalSchemas, options) => {
      const compile = serializers(externalSchemas, options)
      return (route) => lazily(() => compile(route))
    },
    compileAll() {
      const all = [...pending]
      for (const force of all) force()
      return all.length
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** SchemaCompilation.compileAll of this app */
    compileSchemas(): number
  }
}
