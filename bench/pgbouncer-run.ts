// --pgbouncer: R1 and R2 through Debian's PgBouncer in transaction mode, beside a direct run.
import { launchPgBouncer } from '../test/support/pgbouncer.ts'
import { load, median, type LoadResult } from './load.ts'
import type { Scenario } from './scenarios.ts'
import { startServer, stopServer, type Server } from './servers.ts'

/**
 * --pgbouncer: R1 and R2, cache off, through Debian's PgBouncer in transaction mode (prepared
 * statements off), and directly with prepared statements off (to tell the two costs apart); the
 * ratio is against the direct, prepared cache-off run above.
 */
export async function throughPgBouncer(
  url: string,
  list: Scenario[],
  measured: Record<string, { off?: LoadResult }>,
  serverEnv: (url: string, cache: boolean) => Record<string, string>,
  rounds: number,
  seconds: number,
) {
  const u = new URL(url)
  const bouncer = await launchPgBouncer({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) }, 10)
  const unnamed = { ...serverEnv(url, false), DB_PREPARED_STATEMENTS: 'off' }
  const started: Server[] = []
  const rows: Array<Record<string, string | number>> = []
  try {
    started.push(await startServer('direct, unprepared', 'src/server.ts', 4106, unnamed))
    started.push(
      await startServer('pgbouncer', 'src/server.ts', 4107, { ...unnamed, DATABASE_URL: bouncer.url(u.pathname.slice(1)), DATABASE_DIRECT_URL: url }),
    )
    for (const sc of list) {
      console.error(`${sc.id} through PgBouncer`)
      const runs = new Map<Server, number[]>(started.map((s) => [s, []]))
      for (const s of started) await load({ url: s.url, seconds: 1, next: sc.next })
      for (let r = 0; r < rounds; r++) for (const s of started) runs.get(s)!.push((await load({ url: s.url, seconds, next: sc.next })).rps)
      const direct = measured[sc.id]?.off?.rps
      for (const s of started) {
        const rps = median(runs.get(s)!)
        rows.push({
          scenario: `${sc.id} ${sc.name}`,
          server: `cache off, ${s.name}`,
          'req/s': rps,
          'p50 ms': '',
          'p95 ms': '',
          'p99 ms': '',
          'vs baseline': direct ? `${(rps / direct).toFixed(2)}× direct` : '',
          'non-2xx': '',
          'RSS MB': '',
        })
      }
    }
    return rows
  } finally {
    for (const s of started) await stopServer(s)
    await bouncer.stop()
  }
}
