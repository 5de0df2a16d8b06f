// The counts on the queue and reported tabs: pending from the stats bar (ui.ts: pushed by the
// live stream, else polled), reported from the list's total, asked again when a decision arrives on the
// stream (an approval or rejection empties it) and every 30 s, since a reader's report sends no
// event on the stream.
import { ok } from '../lib/api.ts'
import { api } from './auth.ts'
import { onLive } from './live.ts'

const POLL_MS = 30_000
let timer: ReturnType<typeof setInterval> | undefined
let pending: ReturnType<typeof setTimeout> | undefined
let offs: Array<() => void> = []

export function showTabCount(view: 'queue' | 'reported', count: number): void {
  const el = document.querySelector<HTMLElement>(`#nav a[data-view="${view}"] .tab-count`)
  if (!el) return
  el.textContent = ` (${count})`
  el.dataset.count = String(count)
}

export async function refreshTabCounts(): Promise<void> {
  try {
    const res = await ok(api.GET('/v1/moderation/comments', { params: { query: { status: 'reported', limit: 1, page: 1 } } }))
    showTabCount('reported', res.meta.total ?? res.data.length)
  } catch {
    // the next event or poll tries again; a lost session is handled by auth.ts
  }
}

/** Several decisions in a burst make one request. */
function soon(): void {
  clearTimeout(pending)
  pending = setTimeout(() => void refreshTabCounts(), 300)
}

export function startTabCounts(): void {
  stopTabCounts()
  // a decision can empty the reported view, a report can fill it
  offs = [onLive('comment.decided', soon), onLive('comment.hidden', soon)]
  void refreshTabCounts()
  timer = setInterval(() => {
    if (!document.hidden) void refreshTabCounts()
  }, POLL_MS)
}

export function stopTabCounts(): void {
  clearInterval(timer)
  clearTimeout(pending)
  for (const off of offs) off()
  offs = []
}
