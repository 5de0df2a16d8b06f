import { ensureDataset } from './datasets.ts'
for (const n of process.argv.slice(2).map(Number)) {
  const r = await ensureDataset(n)
  console.log(`${n}: ${r.loadSeconds} s`)
}
