// The live moderation stream: a single-use ticket (EventSource cannot send the Authorization
// header), then an EventSource; views subscribe to its events. When the stream drops, a fresh
// ticket is fetched and the stream reopened, backing off up to 30 s; while it is down the stats
// bar falls back to polling (ui.ts asks liveConnected()).
import { ok } from '../lib/api.ts'
import type { CommentStatus, StaffComment, Stats } from '../lib/types.ts'
import { api } from './auth.ts'

export interface LiveEvents {
  'comment.submitted': { id: string; articleId: string; status: CommentStatus }
  'comment.decided': { id: string; status: CommentStatus; decidedBy: StaffComment['decidedBy']; decidedAt: string | null }
  'comment.hidden': { id: string; articleId: string }
  'comment.claimed': { ids: string[]; claimedBy: NonNullable<StaffComment['claimedBy']>; claimExpiresAt: string }
  stats: Stats
}
type Name = keyof LiveEvents
type Listener<K extends Name> = (data: LiveEvents[K]) => void

const NAMES: Name[] = ['comment.submitted', 'comment.decided', 'comment.hidden', 'comment.claimed', 'stats']
const listeners = new Map<Name, Set<Listener<never>>>()
let source: EventSource | null = null
let retry: ReturnType<typeof setTimeout> | undefined
let delay = 1_000
let running = false
let connected = false

export const liveConnected = () => connected

export function onLive<K extends Name>(name: K, listener: Listener<K>): () => void {
  const set = listeners.get(name) ?? new Set()
  listeners.set(name, set.add(listener as Listener<never>))
  return () => {
    set.delete(listener as Listener<never>)
  }
}

function emit(name: Name, raw: string): void {
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return
  }
  for (const l of listeners.get(name) ?? []) (l as Listener<Name>)(data as LiveEvents[Name])
}

async function open(): Promise<void> {
  if (!running) return
  try {
    const { ticket } = await ok(api.POST('/v1/moderation/stream-ticket'))
    if (!running) return
    const es = new EventSource(`/v1/moderation/stream?ticket=${encodeURIComponent(ticket)}`)
    source = es
    es.onopen = () => {
      connected = true
      delay = 1_000
    }
    for (const name of NAMES) es.addEventListener(name, (ev) => emit(name, (ev as MessageEvent<string>).data))
    // the browser would retry with the same, now spent, ticket: close and start over with a new one
    es.onerror = () => {
      es.close()
      if (source === es) reconnect()
    }
  } catch {
    reconnect()
  }
}

function reconnect(): void {
  connected = false
  source = null
  if (!running) return
  clearTimeout(retry)
  retry = setTimeout(() => void open(), delay)
  delay = Math.min(delay * 2, 30_000)
}

export function startLive(): void {
  stopLive()
  running = true
  void open()
}

export function stopLive(): void {
  running = false
  connected = false
  clearTimeout(retry)
  source?.close()
  source = null
}
