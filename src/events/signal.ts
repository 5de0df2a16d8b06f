// "An event was committed": services kick it after a commit that recorded one, and the job runner
// (src/jobs/) dispatches at once instead of waiting for its next tick. Losing a kick costs only
// latency: the tick finds every undispatched event anyway.
export interface OutboxSignal {
  kick(): void
  onKick(listener: () => void): () => void
}

export function createOutboxSignal(): OutboxSignal {
  const listeners = new Set<() => void>()
  return {
    kick() {
      for (const l of listeners) l()
    },
    onKick(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
