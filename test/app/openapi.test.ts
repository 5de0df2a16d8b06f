import { readFile } from 'node:fs/promises'
import t from 'tap'
import { generateOpenApi } from '../../src/openapi.ts'

const generated = await generateOpenApi()
const doc = JSON.parse(generated)

t.test('the committed openapi/openapi.json is what the code generates', async (t) => {
  const committed = await readFile(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')
  t.ok(committed === generated, 'openapi/openapi.json is stale: run `npm run openapi` and commit it')
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
    }
  }
  t.equal(doc.openapi, '3.1.0')
})
