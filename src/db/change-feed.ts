// Tells every instance that public content changed, so response caches drop what they showed:
// at once in this process, and on other instances through PostgreSQL LISTEN/NOTIFY.
import { randomUUID } from 'node:crypto'
import pg from 'pg'

const CHANNEL = 'toasoan_changes'

/**
 * `commit`: where the change stands in the primary's WAL (`pg_current_wal_insert_lsn()` read after
 * the commit, carried with the notification), null when unknown; the read router keeps reads of
 * these tags off replicas that have not replayed that far (replicas.ts).
 */
export type ChangeListener = (tags: readonly string[], commit: Promise<string | null>) => void
export type MessageListener = (message: unknown) => void

const UNKNOWN = Promise.resolve(null)

export interface ChangeFeed {
  /** After a commit: listeners here run at once, other instances hear it within milliseconds. */
  publish(tags: readonly string[]): void
  subscribe(listener: ChangeListener): () => void
  /** A small JSON message (well under PostgreSQL's 8000-byte NOTIFY limit) for `topic`'s listeners everywhere. */
  send(topic: string, message: unknown): void
  on(topic: string, listener: MessageListener): () => void
  close(): Promise<void>
}

export interface ChangeFeedOptions {
  pool: Pick<pg.Pool, 'query'>
  /** where to LISTEN; absent (the embedded database: one instance) means local delivery only */
  listenUrl?: string
  log?: { warn(obj: object, msg: string): void }
}

export function createChangeFeed({ pool, listenUrl, log }: ChangeFeedOptions): ChangeFeed {
  const origin = randomUUID()
  const listeners = new Set<ChangeListener>()
  const deliver = (tags: readonly string[], commit: Promise<string | null>) => {
    for (const l of listeners) l(tags, commit)
  }
  const topics = new Map<string, Set<MessageListener>>()
  const deliverMessage = (topic: string, message: unknown) => {
    for (const l of topics.get(topic) ?? []) l(message)
  }
  // Topic messages wait while one send is in flight and then go together in one statement, each
  // its own notification: a stream of comments costs a round trip per burst, not one each.
  let outgoing: string[] = []
  let sending = false
  const sendQueued = () => {
    if (sending || !outgoing.length) return
    const payloads = outgoing
    outgoing = []
    sending = true
    // a lost notification is bounded by the cache's staleness limit, so a failure is only logged
    pool
      .query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS m(p, n) ORDER BY n', [CHANNEL, payloads])
      .catch((err: Error) => log?.warn({ err: { message: err.message } }, 'change feed: NOTIFY failed'))
      .finally(() => {
        sending = false
        sendQueued()
      })
  }
  let sent = 0
  const notify = (payload: object) => {
    if (!listenUrl) return
    // numbered: PostgreSQL folds identical payloads sent in one transaction into one notification
    outgoing.push(JSON.stringify({ origin, n: ++sent, ...payload }))
    sendQueued()
  }
  // Publications wait while one NOTIFY is in flight and then go together, their tags merged: a
  // burst (a thousand likes a second on one comment) costs a few notifications, not one each.
  let batch: { tags: Set<string>; waiters: Array<(lsn: string | null) => void> } | null = null
  let notifying = false
  function flush(): void {
    if (!batch || notifying) return
    const { tags, waiters } = batch
    batch = null
    notifying = true
    // the WAL insert position read after the commits is past their commit records (the write
    // position may not be, with synchronous_commit=off): one statement reads it and sends it along.
    // A lost notification is bounded by the cache's staleness limit (and a lost position by the
    // replicas' lag limit), so a failure is only logged.
    Promise.all(
      chunksOf([...tags]).map((part) =>
        pool
          .query<{ lsn: string }>(
            `SELECT l AS lsn, pg_notify($1, json_build_object('origin', $2::text, 'tags', $3::json, 'lsn', l)::text)
             FROM (SELECT pg_current_wal_insert_lsn()::text AS l) s`,
            [CHANNEL, origin, JSON.stringify(part)],
          )
          .then(
            (r) => r.rows[0]?.lsn ?? null,
            (err: Error) => {
              log?.warn({ err: { message: err.message } }, 'change feed: NOTIFY failed')
              return null
            },
          ),
      ),
    ).then((lsns) => {
      // unknown unless every part was sent
      const lsn = lsns.includes(null) ? null : (lsns.at(-1) ?? null)
      for (const w of waiters) w(lsn)
      notifying = false
      flush()
    })
  }
  let client: pg.Client | null = null
  let closed = false
  let retry: NodeJS.Timeout | undefined

  async function listen(delayMs: number): Promise<void> {
    if (closed || !listenUrl) return
    const c = new pg.Client({ connectionString: listenUrl, application_name: 'toasoan-changes' })
    c.on('notification', (msg) => {
      try {
        const {
          origin: from,
          tags,
          lsn,
          topic,
          message,
        } = JSON.parse(msg.payload ?? '{}') as { origin?: string; tags?: string[]; lsn?: string; topic?: unknown; message?: unknown }
        if (from === origin) return
        if (Array.isArray(tags)) deliver(tags, typeof lsn === 'string' ? Promise.resolve(lsn) : UNKNOWN)
        else if (typeof topic === 'string') deliverMessage(topic, message)
      } catch {}
    })
    const reconnect = () => {
      if (closed || client !== c) return
      client = null
      // notifications may have been missed while disconnected: forget everything cached
      deliver(['*'], UNKNOWN)
      retry = setTimeout(() => void listen(Math.min(delayMs * 2, 5_000)), delayMs)
    }
    c.on('error', () => {
      c.end().catch(() => {})
      reconnect()
    })
    c.on('end', reconnect)
    try {
      await c.connect()
      await c.query(`LISTEN ${CHANNEL}`)
      client = c
    } catch (err) {
      c.end().catch(() => {})
      log?.warn({ err: { message: (err as Error).message } }, 'change feed: cannot LISTEN; retrying')
      retry = setTimeout(() => void listen(Math.min(delayMs * 2, 5_000)), delayMs)
    }
  }
  void listen(250)

  return {
    publish(tags) {
      if (!listenUrl) return deliver(tags, UNKNOWN)
      const commit = new Promise<string | null>((resolve) => {
        batch ??= { tags: new Set(), waiters: [] }
        for (const t of tags) batch.tags.add(t)
        batch.waiters.push(resolve)
      })
      deliver(tags, commit)
      flush()
    },
    send(topic, message) {
      deliverMessage(topic, message)
      notify({ topic, message })
    },
    on(topic, listener) {
      const set = topics.get(topic) ?? new Set()
      topics.set(topic, set.add(listener))
      return () => {
        set.delete(listener)
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      closed = true
      clearTimeout(retry)
      const c = client
      client = null
      await c?.end().catch(() => {})
    },
  }
}

// NOTIFY payloads stop at 8000 bytes: tags go in parts well under it
const PART_BYTES = 6_000
function chunksOf(tags: string[]): string[][] {
  const parts: string[][] = [[]]
  let size = 0
  for (const t of tags) {
    const bytes = Buffer.byteLength(t) + 3
    if (size + bytes > PART_BYTES && parts.at(-1)!.length) {
      parts.push([])
      size = 0
    }
    parts.at(-1)!.push(t)
    size += bytes
  }
  return parts
}
