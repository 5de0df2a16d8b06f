// Bulk loading for the benchmark dataset: COPY … FROM STDIN through the pg driver's submittable
// interface (the same hooks pg-copy-streams uses, so no new dependency), and secondary indexes
// dropped before a load and rebuilt after it, which is several times faster than maintaining them
// row by row (the trigram GIN indexes above all).
import { once } from 'node:events'
import type pg from 'pg'

interface Connection {
  query(text: string): void
  sendCopyFromChunk(chunk: Buffer): void
  endCopyFrom(): void
  sendCopyFail(message: string): void
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean }
}

export interface CopyWriter {
  /** appends one row; await it, so the socket's backpressure holds the generator back */
  write(row: readonly unknown[]): Promise<void> | undefined
  /** ends the COPY and resolves with the number of rows PostgreSQL took */
  end(): Promise<number>
}

// COPY's text format: tab-separated, \N for NULL, backslash escapes for the separators
const field = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N'
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v)
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s
}

/** Starts `COPY table (columns) FROM STDIN` on `client` (which it keeps until end()). */
export async function copyInto(client: pg.ClientBase, table: string, columns: readonly string[]): Promise<CopyWriter> {
  let connection: Connection | null = null
  let failure: Error | null = null
  let rows = 0
  let ready!: () => void
  let settle!: (err: Error | null) => void
  const started = new Promise<void>((resolve) => {
    ready = resolve
  })
  const done = new Promise<number>((resolve, reject) => {
    settle = (err) => (err ? reject(err) : resolve(rows))
  })
  const submittable = {
    submit(c: Connection) {
      connection = c
      c.query(`COPY "${table}" (${columns.map((x) => `"${x}"`).join(', ')}) FROM STDIN`)
    },
    handleCopyInResponse: () => ready(),
    handleCommandComplete(msg: { text?: string }) {
      rows = Number(/\d+$/.exec(msg.text ?? '')?.[0] ?? rows)
    },
    handleError(err: Error) {
      failure = err
      ready() // a COPY refused at once (a bad column) never asks for data
    },
    handleReadyForQuery: () => settle(failure),
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    handleCopyData() {},
  }
  void client.query(submittable as never)
  await started
  if (failure) throw failure
  let buffer = ''
  const flush = () => {
    if (failure) throw failure
    if (buffer) connection!.sendCopyFromChunk(Buffer.from(buffer))
    buffer = ''
    return connection!.stream.writableNeedDrain ? once(connection!.stream, 'drain').then(() => undefined) : undefined
  }
  return {
    write(row) {
      buffer += `${row.map(field).join('\t')}\n`
      return buffer.length > 256 * 1024 ? flush() : undefined
    },
    async end() {
      await flush()
      connection!.endCopyFrom()
      return done
    },
  }
}

/** Copies a small array of rows in one go. */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const w = await copyInto(client, table, columns)
  for (const r of rows) await w.write(r)
  await w.end()
}

export interface DeferredIndex {
  name: string
  table: string
  definition: string
}

/**
 * Drops the indexes of `tables` that back no constraint (primary keys and foreign-key targets stay)
 * and returns their definitions for rebuildIndexes.
 */
export async function dropSecondaryIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<DeferredIndex[]> {
  const { rows } = await client.query<DeferredIndex>(
    `SELECT quote_ident(ic.relname) AS name, t.relname AS table, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relname = ANY($1::text[]) AND t.relnamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  )
  for (const ix of rows) await client.query(`DROP INDEX ${ix.name}`)
  return rows
}

/**
 * Rebuilds the dropped indexes on `clients` side by side (the GIN indexes, the slowest, first),
 * each session with a large maintenance_work_mem.
 */
export async function rebuildIndexes(clients: pg.ClientBase[], indexes: DeferredIndex[], memory = '512MB'): Promise<void> {
  const queue = [...indexes].sort((a, b) => Number(b.definition.includes('USING gin')) - Number(a.definition.includes('USING gin')))
  await Promise.all(
    clients.map(async (c) => {
      await c.query(`SET maintenance_work_mem = '${memory}'`)
      for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.definition)
      await c.query('RESET maintenance_work_mem')
    }),
  )
}
