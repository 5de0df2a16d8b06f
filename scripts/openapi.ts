// Writes openapi/openapi.json from the registered routes, without a database or a listening port, and
// the typed client's clients/typescript/src/schema.d.ts from it.
// `--check` exits 1 when a committed file differs from what the code generates.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { generateOpenApi } from '../src/openapi.ts'
import { generateClientTypes, TYPES_FILE } from '../clients/typescript/generate.ts'

const file = 'openapi/openapi.json'
const text = await generateOpenApi()
const files = { [file]: text, [TYPES_FILE]: await generateClientTypes(text) }
if (process.argv.includes('--check')) {
  let stale = false
  for (const [name, content] of Object.entries(files)) {
    const committed = await readFile(name, 'utf8').catch(() => '')
    if (committed !== content) {
      console.error(`${name} is stale: run npm run openapi`)
      stale = true
    } else console.log(`${name} is current`)
  }
  if (stale) process.exit(1)
} else {
  await mkdir('openapi', { recursive: true })
  for (const [name, content] of Object.entries(files)) {
    await writeFile(name, content)
    console.log(`wrote ${name}`)
  }
}
