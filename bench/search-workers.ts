// articleSearchColumns for the dataset's articles on worker threads: folding 2–5 KB of text is
// most of the generator's time (about 0.5 ms an article), so at a million articles it runs beside
// the main thread, which keeps drawing the rows (and so the same dataset) from its one PRNG.
import { Worker } from 'node:worker_threads'
import { ensureBuilt } from './servers.ts'

type Text = { title: string; lead: string; body: string }
type Columns = Record<string, unknown>

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
import(workerData.module).then(({ articleSearchColumns }) => {
  parentPort.on('message', ({ id, texts }) => parentPort.postMessage({ id, columns: texts.map(articleSearchColumns) }))
  parentPort.postMessage({ ready: true })
})
`

export interface SearchWorkers {
  columns(texts: Text[]): Promise<Columns[]>
  close(): Promise<void>
}

export async function searchWorkers(count: number): Promise<SearchWorkers> {
  // the compiled module (dist/, built when stale, as the bench's servers are): a worker has no tsx loader
  ensureBuilt()
  const module = new URL('../dist/lib/article-search.js', import.meta.url).href
  const waiting = new Map<number, { resolve: (c: Columns[]) => void; reject: (e: unknown) => void }>()
  const workers = await Promise.all(
    Array.from({ length: count }, async () => {
      const w = new Worker(SOURCE, { eval: true, workerData: { module } })
      await new Promise<void>((resolve, reject) => {
        w.once('error', reject)
        w.once('message', () => resolve())
      })
      w.on('message', ({ id, columns }: { id: number; columns: Columns[] }) => {
        waiting.get(id)?.resolve(columns)
        waiting.delete(id)
      })
      w.on('error', (err) => {
        for (const p of waiting.values()) p.reject(err)
        waiting.clear()
      })
      return w
    }),
  )
  let next = 0
  return {
    columns(texts) {
      const id = next++
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        workers[id % workers.length]!.postMessage({ id, texts })
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
