// Writes openapi/openapi.json from the registered routes, without a database or a listening port.
// `--check` exits 1 when the committed file differs from what the code generates.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { generateOpenApi } from '../src/openapi.ts'

const file = 'openapi/openapi.json'
const text = await generateOpenApi()
if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '')
  if (committed !== text) {
    console.error(`${file} is stale: run npm run openapi`)
    process.exit(1)
  }
  console.log(`${file} is current`)
} else {
  await mkdir('openapi', { recursive: true })
  await writeFile(file, text)
  console.log(`wrote ${file}`)
}
