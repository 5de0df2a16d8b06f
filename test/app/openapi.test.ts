import { readFile } from 'node:fs/promises'
import t from 'tap'
import { generateOpenApi } from '../../src/openapi.ts'
import { generateClientTypes, TYPES_FILE } from '../../clients/typescript/generate.ts'

const generated = await generateOpenApi()
const doc = JSON.parse(generated)

t.test('the committed openapi/openapi.json is what the code generates', async (t) => {
  const committed = await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')
  t.ok(committed === generated, 'openapi/openapi.json is stale: run `npm run openapi` and commit it')
})

t.test("the typed client's committed types are what openapi-typescript makes of the document", async (t) => {
  const committed = await readFile(new URL(`../../${TYPES_FILE}`, import.meta.url), 'utf8')
  t.ok(committed === (await generateClientTypes(generated)), `${TYPES_FILE} is stale: run \`npm run openapi\` and commit it`)
})

t.test('every operation has tags, an operationId and a response per status', async (t) => {
  const ids = new Set<string>()
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const where = `${method.toUpperCase()} ${path}`
      t.ok(op.tags?.length, `${where} has tags`)
      t.type(op.operationId, 'string', `${where} has an operationId`)
      t.notOk(ids.has(op.operationId), `${where} operationId is unique`)
      ids.add(op.operationId)
      t.ok(Object.keys(op.responses ?? {}).length, `${where} declares its responses`)
      t.ok(Array.isArray(op.security), `${where} says whether it is public (security: []) or needs a token`)
      if (op.security?.length)
        t.ok(
          ['401', '403'].some((s) => s in op.responses),
          `${where} is protected and declares 401/403`,
        )
    }
  }
  t.equal(doc.openapi, '3.1.0')
})

t.test('a query parameter with a default is optional to the client', async (t) => {
  // the comment list's page and limit were documented as required although the validator fills them
  const params = doc.paths['/v1/articles/{slug}/comments'].get.parameters as Array<{ name: string; in: string; required: boolean }>
  t.same(
    params.filter((p) => p.in === 'query').map((p) => [p.name, p.required]),
    [
      ['sort', false],
      ['page', false],
      ['cursor', false],
      ['limit', false],
    ],
  )
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      for (const p of op.parameters ?? []) {
        if (p.in === 'query' && p.schema?.default !== undefined) t.notOk(p.required, `${method.toUpperCase()} ${path} ?${p.name} has a default`)
      }
    }
  }
})
