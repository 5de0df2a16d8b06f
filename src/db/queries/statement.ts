// Hand-written read queries run as named prepared statements: PostgreSQL parses and plans each
// text once per connection instead of on every request: on a list of 20 articles with bylines,
// unnamed statements served 0.60–0.77× the requests per second of named ones on a 2-core machine.
import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { ReadRouter } from '../replicas.ts'

export interface Statement {
  name: string
  text: string
  /**
   * false: always sent unnamed, so PostgreSQL plans it with the values each time. For a statement
   * whose best plan turns on its values (a list filtered by a slug, a search without statistics or
   * past its first page), where a cached generic plan, made blind to them, read far too much.
   */
  prepared?: boolean
}

export type Query = <Row>(statement: Statement, values: unknown[]) => Promise<Row[]>

/**
 * A statement named after a hash of its text: one name per distinct text, so queries built from
 * a few optional parts (filters, paging mode) never reuse a name for another text.
 */
export function statement(prefix: string, text: string): Statement {
  return { name: `${prefix}_${createHash('sha1').update(text).digest('hex').slice(0, 12)}`, text }
}

/** How many texts a statement family names (in use, a few shapes times a few page sizes). */
const NAMED_PER_FAMILY = 200

/**
 * For queries assembled from optional parts (filters, paging mode): one statement per distinct
 * text, remembered, so the few texts of a query family are hashed once.
 */
export function statementFamily(prefix: string, max = NAMED_PER_FAMILY): (text: string) => Statement {
  const known = new Map<string, Statement>()
  return (text) => {
    let s = known.get(text)
    if (s) return s
    s = statement(prefix, text)
    // past the bound a new text runs unnamed: every named text is a plan kept in each connection's
    // session, and written-in row counts (Params.count) multiply a family's shapes by the page sizes
    // clients ask for, so no client may fill the sessions with plans
    if (known.size >= max) return { ...s, prepared: false }
    known.set(text, s)
    return s
  }
}

/**
 * `named: false` for the embedded database: PGlite is one session behind several socket
 * connections, so a name prepared through one connection already exists for the next. And behind
 * PgBouncer in transaction mode (DB_PREPARED_STATEMENTS=off): a name prepared in one transaction
 * is on a server connection the next transaction may not get.
 */
export function queryRunner(pool: Pick<pg.Pool, 'query'>, { named }: { named: boolean }): Query {
  return async <Row>(s: Statement, values: unknown[]) => {
    const result = await pool.query(named && s.prepared !== false ? { name: s.name, text: s.text, values } : { text: s.text, values })
    return result.rows as Row[]
  }
}

/**
 * A read on the target the read router picks for reads that show `tags` (a replica when one is
 * fit, else the primary): every statement of one read goes to the same server.
 */
export function routedReads(reads: Pick<ReadRouter, 'run'>, tags: readonly string[], { named }: { named: boolean }) {
  return <T>(read: (query: Query) => Promise<T>): Promise<T> => reads.run(tags, (target) => read(queryRunner(target.pool, { named })))
}

/** A statement run inside a Prisma transaction (unnamed: Prisma prepares its own). */
export function prismaQuery(tx: { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }): Query {
  return <Row>(s: Statement, values: unknown[]) => tx.$queryRawUnsafe<Row[]>(s.text, ...values)
}
