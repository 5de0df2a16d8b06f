// Public reads on streaming replicas. Which replica may answer is decided from state polled about
// once a second (not per request): whether it answers, and how far its replay trails the primary.
// After a change commits, reads of the tags it touched stay on the primary until the replicas have
// replayed past the change's commit LSN, so the response cache, just emptied of those tags, is not
// refilled from a replica that still shows the old rows.
import type pg from 'pg'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { isDatabaseUnavailable } from './errors.ts'

/** Where a read runs: the primary, or a replica with its own pool and Prisma client. */
export interface ReadTarget {
  pool: pg.Pool
  prisma: PrismaClient
  name: string
}

export interface ReplicaStatus {
  name: string
  up: boolean
  lagMs: number
  replayLsn: string
}

export interface ReadRouter {
  /**
   * Runs `read` on a replica fit for reads that show these tags (or tag families: `articles`,
   * `article`, `comments`), else on the primary. A replica that fails to answer is marked down
   * and the read repeated on the primary: a stopped replica costs one retry, not a 5xx.
   */
  run<T>(tags: readonly string[], read: (target: ReadTarget) => Promise<T>): Promise<T>
  /** After a commit on the primary: `lsn` is where the change stands in its WAL, null if unknown. */
  fence(tags: readonly string[], lsn: Promise<string | null>): void
  /** Samples the primary's WAL position and each replica's replay position (the timer calls it). */
  poll(): Promise<void>
  status(): ReplicaStatus[]
  close(): Promise<void>
}

export interface ReadRouterOptions {
  primary: ReadTarget
  replicas: ReadTarget[]
  maxLagMs: number
  /** 0: no timer, the caller polls (tests) */
  pollMs: number
  now?: () => number
  log?: { warn(obj: object, msg: string): void }
}

/** `16/B374D848` → a number that orders like the WAL position. */
export function parseLsn(lsn: string): bigint {
  const [hi = '', lo = ''] = lsn.split('/')
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`)
}

/** `article:…`, `article-…` and `article` are one family: a read names what it shows before it knows ids. */
export const familyOf = (tag: string) => /^[^:-]*/.exec(tag)![0]

// a replica conflict cancels a query the primary would have answered (e.g. rows vacuumed away)
const RECOVERY_CONFLICT = new Set(['40001', '40P01'])
const retryable = (err: unknown) => isDatabaseUnavailable(err) || RECOVERY_CONFLICT.has((err as { code?: string })?.code ?? '')

interface Replica {
  target: ReadTarget
  up: boolean
  replayLsn: bigint
  lagMs: number
}
interface Fence {
  lsn: bigint
  pending: number
  unknown: boolean
  until: number
}

/** A query that gives up after `ms`: a replica that hangs must not stall the poll. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms)
  })
  try {
    return await Promise.race([work, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export function createReadRouter({ primary, replicas: targets, maxLagMs, pollMs, now = Date.now, log }: ReadRouterOptions): ReadRouter {
  // unknown until the first poll: reads start on the primary
  const replicas: Replica[] = targets.map((target) => ({ target, up: false, replayLsn: 0n, lagMs: Infinity }))
  const fences = new Map<string, Fence>()
  // the primary's WAL position over time: a replica's lag is how long ago the primary first
  // stood beyond the replica's replay position (an idle primary leaves a caught-up replica at 0)
  let samples: Array<{ at: number; lsn: bigint }> = []
  let next = 0
  let polling: Promise<void> | null = null
  // a change is on every replica in use by this long after its commit, whatever its LSN says
  const fenceBound = () => maxLagMs + 2 * Math.max(pollMs, 1_000)

  function lagOf(lsn: bigint, at: number): number {
    const behind = samples.find((s) => s.lsn > lsn)
    return behind ? at - behind.at : 0
  }

  function fits(r: Replica, families: readonly string[], at: number): boolean {
    if (!r.up || r.lagMs > maxLagMs) return false
    for (const family of ['*', ...families]) {
      const f = fences.get(family)
      if (!f || at > f.until) continue
      if (f.pending > 0 || f.unknown || r.replayLsn < f.lsn) return false
    }
    return true
  }

  async function pollOnce(): Promise<void> {
    const at = now()
    try {
      const { rows } = await within(2_000, primary.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn'))
      samples.push({ at, lsn: parseLsn(rows[0]!.lsn) })
      samples = samples.filter((s) => s.at >= at - maxLagMs - 60_000)
    } catch {
      // the primary's own failures surface on its requests; replicas are judged on old samples
    }
    await Promise.all(
      replicas.map(async (r) => {
        try {
          const { rows } = await within(
            2_000,
            r.target.pool.query<{ recovery: boolean; lsn: string | null }>('SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS lsn'),
          )
          const row = rows[0]!
          // a promoted (or mistyped) server is no replica of this primary: its rows may have diverged
          if (!row.recovery || !row.lsn) throw new Error('not in recovery')
          r.replayLsn = parseLsn(row.lsn)
          r.lagMs = lagOf(r.replayLsn, at)
          if (!r.up) log?.warn({ replica: r.target.name, lagMs: r.lagMs }, 'replica: serving public reads')
          r.up = true
        } catch (err) {
          if (r.up) log?.warn({ replica: r.target.name, err: { message: (err as Error).message } }, 'replica: unreachable, reads go to the primary')
          r.up = false
        }
      }),
    )
    for (const [family, f] of fences) {
      if (at > f.until || (!f.pending && !f.unknown && replicas.every((r) => r.replayLsn >= f.lsn))) fences.delete(family)
    }
  }

  const timer =
    pollMs > 0 && replicas.length
      ? setInterval(() => {
          void router.poll()
        }, pollMs).unref()
      : undefined

  const router: ReadRouter = {
    async run(tags, read) {
      if (!replicas.length) return read(primary)
      const at = now()
      const families = [...new Set(tags.map(familyOf))]
      const fit = replicas.filter((r) => fits(r, families, at))
      if (!fit.length) return read(primary)
      const r = fit[next++ % fit.length]!
      try {
        return await read(r.target)
      } catch (err) {
        if (!retryable(err)) throw err
        r.up = false
        return read(primary)
      }
    },

    fence(tags, lsn) {
      if (!replicas.length) return
      const until = now() + fenceBound()
      const touched = [...new Set(tags.map(familyOf))].map((family) => {
        const f = fences.get(family) ?? { lsn: 0n, pending: 0, unknown: false, until }
        f.pending++
        f.until = until
        fences.set(family, f)
        return f
      })
      void lsn
        .then(
          (value) => value,
          () => null,
        )
        .then((value) => {
          for (const f of touched) {
            f.pending--
            if (value === null) f.unknown = true
            else if (parseLsn(value) > f.lsn) f.lsn = parseLsn(value)
          }
        })
    },

    poll() {
      // one poll at a time: a slow replica must not pile up polls behind it
      polling ??= pollOnce().finally(() => {
        polling = null
      })
      return polling
    },

    status: () =>
      replicas.map((r) => ({
        name: r.target.name,
        up: r.up,
        lagMs: r.lagMs,
        replayLsn: `${(r.replayLsn >> 32n).toString(16).toUpperCase()}/${(r.replayLsn & 0xffffffffn).toString(16).toUpperCase()}`,
      })),

    async close() {
      clearInterval(timer)
      await polling?.catch(() => {})
    },
  }
  return router
}
