// The external moderation phase: each new comment the rules leave to people (pending) or publish
// (post mode, trusted commenters) is POSTed, signed like a webhook, to MODERATION_HOOK_URL, whose
// answer becomes a system decision. It runs after the comment's transaction commits and holds no
// database connection while it waits, so a slow or dead hook costs the reader nothing: every
// failure (timeout, error status, redirect, bad JSON, unknown action, too many in flight) leaves
// the comment where the rules put it, the queue by default.
import { lookup as dnsLookup } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { Clock } from '../../lib/clock.ts'
import type { CommentStatus } from '../../lib/comment-statuses.ts'
import type { ChangeFeed } from '../../db/change-feed.ts'
import type { OutboxSignal } from '../../events/signal.ts'
import { HOOK_ACTIONS } from '../../schemas/moderation.ts'
import { send, signatureHeader } from '../events/send.ts'
import { changeStatus, visibleChangeTags } from './status.ts'

export const HookAnswerBodySchema = Type.Object({
  action: Type.Enum([...HOOK_ACTIONS]),
  score: Type.Optional(Type.Number()),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
})
type HookAnswer = Static<typeof HookAnswerBodySchema>

const TARGET: Record<Exclude<HookAnswer['action'], 'queue'>, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam' }

export interface HookComment {
  id: string
  articleId: string
  parentId: string | null
  authorName: string
  content: string
  commenterId: string
  /** where the rules put it: only these two are sent */
  status: CommentStatus
  flags: unknown[]
  createdAt: Date
}

export interface ModerationHookDeps {
  prisma: PrismaClient
  clock: Clock
  changes: ChangeFeed
  outbox?: OutboxSignal
  url: string
  secret: string
  timeoutMs: number
  concurrency: number
  /** told after a decision the hook's answer made, like a moderator's */
  onDecided?: (c: { id: string; status: CommentStatus; decidedAt: string }) => void
  /** test seam: the hook is the operator's own service, so its address is not checked */
  lookup?: LookupFunction
  log?: { warn: (obj: object, msg: string) => void }
}

export function createModerationHook(deps: ModerationHookDeps) {
  const { prisma, clock, changes, outbox, url, secret, timeoutMs, concurrency, onDecided, log } = deps
  const inFlight = new Set<Promise<void>>()

  async function consult(c: HookComment): Promise<void> {
    // what a scorer needs, named one by one: never the e-mail or the address hash
    const comment = {
      id: c.id,
      articleId: c.articleId,
      parentId: c.parentId,
      authorName: c.authorName,
      content: c.content,
      commenterId: c.commenterId,
      status: c.status,
      flags: c.flags,
      createdAt: c.createdAt.toISOString(),
    }
    const body = JSON.stringify({ type: 'comment.moderate', comment })
    const sentAt = clock()
    const res = await send({
      url,
      body,
      timeoutMs,
      lookup: deps.lookup ?? (dnsLookup as LookupFunction),
      headers: { 'toasoan-event': 'comment.moderate', 'toasoan-signature': signatureHeader([secret], body, sentAt) },
    })
    const answer = res.status !== null && res.status >= 200 && res.status < 300 ? parse(res.snippet) : undefined
    if (!answer) {
      log?.warn({ commentId: c.id, status: res.status, error: res.error }, 'moderation hook gave no usable answer: the comment stays where the rules put it')
      return
    }
    await apply(c, answer)
  }

  /** The answer is kept for the staff views; a decision applies only if nobody decided meanwhile. */
  async function apply(c: HookComment, a: HookAnswer): Promise<void> {
    const reason = a.reason?.normalize('NFC').trim() || null
    const to = a.action === 'queue' ? null : TARGET[a.action]
    const now = clock()
    const moved = await prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ status: CommentStatus; hidden: boolean }>>`
        SELECT status::text AS status, hidden FROM "Comment" WHERE id = ${c.id}::uuid FOR UPDATE`
      if (!row) return null
      await tx.comment.update({ where: { id: c.id }, data: { hookAction: a.action, hookScore: a.score ?? null, hookReason: reason }, select: { id: true } })
      if (!to || row.status !== c.status || row.status === to) return null
      await changeStatus(tx, c.id, { to, actorId: null, reason: `moderation hook: ${reason ?? a.action}`, at: now })
      return { from: row.status, hidden: row.hidden }
    })
    if (!moved || !to) return
    const tags = visibleChangeTags(c.articleId, moved.from, to, moved.hidden)
    if (tags.length) changes.publish(tags)
    outbox?.kick()
    onDecided?.({ id: c.id, status: to, decidedAt: now.toISOString() })
  }

  return {
    /** Starts a consultation in the background; false when the comment is not sent (decided, or too many in flight). */
    submit(c: HookComment): boolean {
      if (c.status !== 'pending' && c.status !== 'approved') return false
      if (inFlight.size >= concurrency) {
        log?.warn({ commentId: c.id, inFlight: inFlight.size }, 'moderation hook busy: the comment stays where the rules put it')
        return false
      }
      const p = consult(c)
        .catch((err) => log?.warn({ err, commentId: c.id }, 'moderation hook answer could not be applied'))
        .finally(() => inFlight.delete(p))
      inFlight.add(p)
      return true
    },

    /** Resolves when every consultation started so far has finished (tests, shutdown). */
    async settled(): Promise<void> {
      while (inFlight.size) await Promise.allSettled([...inFlight])
    },
  }
}

function parse(text: string): HookAnswer | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return Value.Check(HookAnswerBodySchema, value) ? value : undefined
  } catch {
    return undefined
  }
}

export type ModerationHook = ReturnType<typeof createModerationHook>
