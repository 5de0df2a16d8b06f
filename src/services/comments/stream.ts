// The live moderation stream: single-use tickets that open it (EventSource cannot send a header),
// and the hub that carries comment events to every open stream on every instance, through the
// change feed (db/change-feed.ts, LISTEN/NOTIFY; local only with the embedded database). Events
// are announced after the commit by the callers of status changes (withStreamEvents below), and
// a `stats` snapshot follows a burst of them, computed once per instance.
import { randomBytes } from 'node:crypto'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { ChangeFeed } from '../../db/change-feed.ts'
import { deriveKey, hmacHex } from '../../lib/keys.ts'
import type { Clock } from '../../lib/clock.ts'
import type { AuthUser } from '../../schemas/auth.ts'
import type { CommentStatus } from '../../lib/comment-statuses.ts'
import { STREAM_EVENT_TYPES, STREAM_TICKET_SECONDS, type StreamEvent } from '../../schemas/moderation-stream.ts'
import type { CommentService } from './comments.ts'
import type { ModerationService } from './moderation.ts'

const TOPIC = 'moderation'
export const STATS_DEBOUNCE_MS = 1_000
const KNOWN = new Set<string>(STREAM_EVENT_TYPES)

export interface StreamDeps {
  prisma: PrismaClient
  clock: Clock
  secret: string
  changes: ChangeFeed
  /** the moderation stats (moderation-reports.ts), read for the debounced snapshot */
  stats: () => Promise<Extract<StreamEvent, { type: 'stats' }>['data']>
  statsDebounceMs?: number
}

export type StreamListener = (event: StreamEvent) => void

export function createModerationStream({ prisma, clock, secret, changes, stats, statsDebounceMs = STATS_DEBOUNCE_MS }: StreamDeps) {
  const key = deriveKey(secret, 'stream-ticket')
  const listeners = new Set<StreamListener>()
  const fanOut = (event: StreamEvent) => {
    for (const l of listeners) l(event)
  }
  let statsTimer: NodeJS.Timeout | undefined
  let issued = 0

  const snapshot = async (): Promise<StreamEvent> => ({ type: 'stats', data: await stats() })
  function scheduleStats() {
    if (statsTimer || listeners.size === 0) return
    statsTimer = setTimeout(() => {
      statsTimer = undefined
      if (listeners.size) snapshot().then(fanOut, () => {})
    }, statsDebounceMs)
    statsTimer.unref()
  }

  const unsubscribe = changes.on(TOPIC, (message) => {
    const event = message as StreamEvent | null
    if (typeof event !== 'object' || event === null || !KNOWN.has(event.type) || event.type === 'stats') return
    fanOut(event)
    scheduleStats()
  })

  return {
    /** After the commit: every open stream, on every instance, receives it. */
    announce(event: Exclude<StreamEvent, { type: 'stats' }>) {
      changes.send(TOPIC, event)
    },

    subscribe(listener: StreamListener): () => void {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },

    snapshot,

    async issueTicket(user: Pick<AuthUser, 'id'>): Promise<{ ticket: string; expiresAt: string }> {
      const ticket = randomBytes(32).toString('base64url')
      const now = clock()
      const expiresAt = new Date(now.getTime() + STREAM_TICKET_SECONDS * 1000)
      await prisma.streamTicket.create({ data: { tokenHash: hmacHex(key, ticket), userId: user.id, expiresAt, createdAt: now } })
      if (++issued % 100 === 1) await prisma.streamTicket.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3_600_000) } } })
      return { ticket, expiresAt: expiresAt.toISOString() }
    },

    /**
     * Spends the ticket and returns its moderator, or null: unknown, spent, expired, or a user who
     * since lost the role or was disabled.
     */
    async redeem(ticket: string): Promise<{ id: string; name: string } | null> {
      const now = clock()
      const [spent] = await prisma.streamTicket.updateManyAndReturn({
        where: { tokenHash: hmacHex(key, ticket), usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
        select: { userId: true },
      })
      if (!spent) return null
      const user = await prisma.user.findUnique({ where: { id: spent.userId }, select: { id: true, name: true, role: true, disabled: true } })
      return user && !user.disabled && (user.role === 'moderator' || user.role === 'admin') ? { id: user.id, name: user.name } : null
    },

    close() {
      clearTimeout(statsTimer)
      unsubscribe()
      listeners.clear()
    },
  }
}

export type ModerationStream = ReturnType<typeof createModerationStream>

/**
 * The comment services with their successful changes announced on the stream, after the commit:
 * a submission, a decision (one or many) and a claim.
 */
export function withStreamEvents(services: { comments: CommentService; moderation: ModerationService }, stream: ModerationStream) {
  const { comments, moderation } = services
  const decided = (c: Awaited<ReturnType<ModerationService['decide']>>) =>
    stream.announce({ type: 'comment.decided', data: { id: c.id, status: c.status, decidedBy: c.decidedBy, decidedAt: c.decidedAt } })
  return {
    comments: {
      ...comments,
      async submit(input: Parameters<CommentService['submit']>[0]) {
        const result = await comments.submit(input)
        stream.announce({ type: 'comment.submitted', data: { id: result.id, articleId: input.article.id, status: result.status as CommentStatus } })
        return result
      },
    } satisfies CommentService,
    moderation: {
      ...moderation,
      async decide(...args: Parameters<ModerationService['decide']>) {
        const comment = await moderation.decide(...args)
        decided(comment)
        return comment
      },
      async decideMany(...args: Parameters<ModerationService['decideMany']>) {
        const results = await moderation.decideMany(...args)
        for (const r of results) if (r.ok && r.comment) decided(r.comment)
        return results
      },
      async claim(...args: Parameters<ModerationService['claim']>) {
        const claimed = await moderation.claim(...args)
        const [first] = claimed
        if (first?.claimedBy && first.claimExpiresAt) {
          stream.announce({
            type: 'comment.claimed',
            data: { ids: claimed.map((c) => c.id), claimedBy: first.claimedBy, claimExpiresAt: first.claimExpiresAt },
          })
        }
        return claimed
      },
    } satisfies ModerationService,
  }
}
