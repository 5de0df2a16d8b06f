// The editorial workflow: ONE table of what each action accepts, leads to, and who may take it.
// Routes take their roles from here (requireRoles); the article service refuses every other move.
import type { ArticleStatus } from '../../generated/prisma/enums.ts'
import { ConflictError } from '../../lib/errors.ts'
import type { Role } from '../../schemas/auth.ts'

export type WorkflowAction = 'submit' | 'reject' | 'publish' | 'unpublish' | 'archive'

interface Transition {
  from: readonly ArticleStatus[]
  /** publish goes to `scheduled` instead when publishAt is in the future */
  to: ArticleStatus
  /** besides admin; a contributor only ever on an article under their own byline */
  roles: readonly Role[]
}

export const TRANSITIONS: Record<WorkflowAction, Transition> = {
  submit: { from: ['draft'], to: 'in_review', roles: ['editor', 'contributor'] },
  reject: { from: ['in_review'], to: 'draft', roles: ['editor'] },
  publish: { from: ['draft', 'in_review'], to: 'published', roles: ['editor'] },
  unpublish: { from: ['published', 'scheduled'], to: 'draft', roles: ['editor'] },
  archive: { from: ['draft', 'in_review', 'scheduled', 'published'], to: 'archived', roles: ['editor'] },
}

export interface TransitionInput {
  publishAt?: Date
  reason?: string
}

export interface TransitionResult {
  status: ArticleStatus
  publishedAt: Date | null
  rejectionReason: string | null
}

/** Where `action` takes an article now, or a 409 naming its current status. */
export function planTransition(
  action: WorkflowAction,
  article: { status: ArticleStatus; publishedAt: Date | null; rejectionReason: string | null },
  input: TransitionInput,
  now: Date,
): TransitionResult {
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(article.status)) {
    throw new ConflictError(`cannot ${action} an article that is ${article.status}`, {
      currentStatus: article.status,
      allowedFrom: rule.from,
    })
  }
  switch (action) {
    case 'submit':
      // the last review's reason stays in the revisions; the article is in review again
      return { status: rule.to, publishedAt: article.publishedAt, rejectionReason: null }
    case 'reject':
      return { status: rule.to, publishedAt: article.publishedAt, rejectionReason: input.reason ?? null }
    case 'publish': {
      if (input.publishAt && input.publishAt > now) return { status: 'scheduled', publishedAt: input.publishAt, rejectionReason: null }
      // re-publishing keeps the first publication time, unless one is given (or the kept one is a
      // future time left from an unpublished schedule)
      const kept = article.publishedAt && article.publishedAt <= now ? article.publishedAt : now
      return { status: rule.to, publishedAt: input.publishAt ?? kept, rejectionReason: null }
    }
    case 'unpublish':
    case 'archive':
      return { status: rule.to, publishedAt: article.publishedAt, rejectionReason: article.rejectionReason }
  }
}
