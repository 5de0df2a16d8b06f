// Reader comments: submission (rules, captcha, duplicates) and the public, approved-only view.
import { randomUUID } from 'node:crypto'
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts'
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors.ts'
import { plainText } from '../../lib/comment-text.ts'
import type { ReaderKey } from '../../lib/reader.ts'
import { closedBecause, evaluate, judgeCommenter, threadState, TRUST_WINDOW_DAYS, type Rules } from '../../lib/moderation-rules.ts'
import { contentHash } from '../../lib/text-folding.ts'
import type { CaptchaService } from './captcha.ts'
import type { ModerationHook } from './moderation-hook.ts'
import { changeStatus, visibleChangeTags } from './status.ts'
import { eventInsertSql, recordEvent } from '../../events/record.ts'
import { commentInsertSql } from '../../db/queries/comment-insert.ts'
import type { OutboxSignal } from '../../events/signal.ts'
import type { ChangeFeed } from '../../db/change-feed.ts'
import type { ReadRouter } from '../../db/replicas.ts'
import { submissionChecks } from '../../db/queries/submission-checks.ts'
import { routedReads, statement, statementFamily, type Query } from '../../db/queries/statement.ts'
import { commentableArticle, listPublicComments } from '../../db/queries/public-comments.ts'
import { cursorKey, sortKeyOf, type SortKey } from '../../db/keyset.ts'
import { listMeta, pagingOf, type ListMeta } from '../../lib/paging.ts'
import type { Clock } from '../../lib/clock.ts'
import type { Static } from 'typebox'
import type { PublicCommentSchema } from '../../schemas/comments.ts'

const DUPLICATE_WINDOW_MS = 10 * 60_000

const OPEN_ARTICLE = statement('comment_article', commentableArticle('$1', '$2::timestamptz'))

export interface CommentServiceDeps {
  prisma: PrismaClient
  /** the primary's statements of a submission (named where the database allows) */
  query: Query
  clock: Clock
  readerKey: ReaderKey
  /** null when CAPTCHA=off: comments are then accepted without one */
  captcha: CaptchaService | null
  rules: () => Promise<Rules>
  changes: ChangeFeed
  /** told after a commit that recorded an event */
  outbox?: OutboxSignal
  /** the public list's reads: a replica when one is fit (submission and moderation stay on the primary) */
  reads: Pick<ReadRouter, 'run'>
  /** whether the public list's statements may be named (DB_PREPARED_STATEMENTS, the embedded database) */
  named: boolean
  /** MODERATION_HOOK_URL: consulted after the commit, in the background */
  hook?: Pick<ModerationHook, 'submit'>
}

export interface OpenArticle {
  id: string
  commentsEnabled: boolean
  publishedAt: Date | null
}

export interface SubmitInput {
  article: OpenArticle
  ip: string
  authorName: string
  email?: string
  content: string
  parentId?: string
  captchaId?: string
  captchaAnswer?: string
}

export type PublicComment = Static<typeof PublicCommentSchema>
type PublicReply = PublicComment['replies'][number]

export type CommentSort = 'oldest' | 'newest' | 'top'

const OLDEST: SortKey[] = [
  { field: 'createdAt', dir: 'asc', type: 'date' },
  { field: 'id', dir: 'asc', type: 'uuid' },
]
export const COMMENT_SORTS: Record<CommentSort, SortKey[]> = {
  oldest: OLDEST,
  newest: [
    { field: 'createdAt', dir: 'desc', type: 'date' },
    { field: 'id', dir: 'desc', type: 'uuid' },
  ],
  // editor's picks first, then the most liked, then the oldest
  top: [{ field: 'featured', dir: 'desc', type: 'bool' }, { field: 'likes', dir: 'desc', type: 'int' }, ...OLDEST],
}

export function createCommentService({ prisma, query, clock, readerKey, captcha, rules, changes, outbox, reads, named, hook }: CommentServiceDeps) {
  const inserts = statementFamily('comment_insert')
  // what the public list shows changes under the tags the route caches it with
  const readComments = routedReads(reads, ['comments', 'article', 'articles'], { named })
  async function publicArticle(slug: string): Promise<OpenArticle> {
    const now = clock()
    // a statement of its own on the primary: it runs before every submission
    const [article] = await query<OpenArticle>(OPEN_ARTICLE, [slug, now])
    if (!article) throw new NotFoundError('no published article with this slug')
    return article
  }

  /** listPublic on the server the read router picks (a replica or the primary); the rules come from the primary, cached. */
  async function listOn(
    on: Query,
    slug: string,
    paging: ReturnType<typeof pagingOf>,
    sort: CommentSort,
  ): Promise<{ data: PublicComment[]; meta: ListMeta; articleId: string; thread: ReturnType<typeof threadState> }> {
    const keys = COMMENT_SORTS[sort]
    const [rows, currentRules] = await Promise.all([
      listPublicComments(on, {
        slug,
        now: clock(),
        limit: paging.limit,
        keys,
        ...(paging.kind === 'page' ? { offset: (paging.page - 1) * paging.limit } : { after: cursorKey(paging, keys) }),
      }),
      rules(),
    ])
    if (!rows.article) throw new NotFoundError('no published article with this slug')
    const shown = rows.top.slice(0, paging.limit)
    const last = shown.at(-1)
    const meta = listMeta(paging, rows.total ?? undefined, rows.top.length > paging.limit && last ? sortKeyOf(last, keys) : undefined)
    const byParent = new Map<string, PublicReply[]>()
    for (const r of rows.replies) byParent.set(r.parentId!, [...(byParent.get(r.parentId!) ?? []), { ...r, replies: [] as never[] }])
    return {
      data: shown.map((c) => ({ ...c, replies: byParent.get(c.id) ?? [] })),
      meta,
      articleId: rows.article.id,
      thread: threadState(rows.article, currentRules, clock()),
    }
  }

  return {
    publicArticle,

    /** The article a reader may comment on: public (404 otherwise) with its thread open (409: switched off, or closeAfterDays passed). */
    async openArticle(slug: string): Promise<OpenArticle> {
      const [article, currentRules] = await Promise.all([publicArticle(slug), rules()])
      const closed = closedBecause(article, currentRules, clock())
      if (closed) throw new ConflictError(closed)
      return article
    },

    async submit(input: SubmitInput): Promise<{ id: string; status: string }> {
      const authorName = plainText(input.authorName).replace(/\s+/g, ' ')
      const content = plainText(input.content)
      const errors = []
      if (authorName.length < 1 || authorName.length > 80) errors.push({ path: 'body/authorName', message: 'must be 1–80 characters of text' })
      if (content.length < 1 || content.length > 5000) errors.push({ path: 'body/content', message: 'must be 1–5,000 characters of text' })
      if (errors.length) throw new BadRequestError('invalid comment', errors)

      const { article } = input
      if (input.parentId) {
        const parent = await prisma.comment.findFirst({
          where: { id: input.parentId, articleId: article.id, status: 'approved', hidden: false, parentId: null },
          select: { id: true },
        })
        if (!parent) throw new BadRequestError('invalid comment', [{ path: 'body/parentId', message: 'must be an approved top-level comment of this article' }])
      }
      if (captcha) {
        const ok = input.captchaId && input.captchaAnswer !== undefined && (await captcha.verify(input.captchaId, input.captchaAnswer))
        if (!ok) throw new BadRequestError('wrong or expired captcha; ask for a new one', [{ path: 'body/captchaAnswer', message: 'wrong or expired captcha' }])
      }

      const now = clock()
      // the IP's reader key: what Comment.ipHash has always held
      const ipHash = readerKey(input.ip)
      const commenterId = readerKey(input.ip, input.email)
      // copies that differ only in case, marks, punctuation, invisible or look-alike characters are one comment
      const hash = contentHash(content)
      const [{ duplicate, standing }, currentRules] = await Promise.all([
        submissionChecks(query, {
          articleId: article.id,
          ipHash,
          contentHash: hash,
          commenterId,
          duplicateSince: new Date(now.getTime() - DUPLICATE_WINDOW_MS),
          recentSince: new Date(now.getTime() - TRUST_WINDOW_DAYS * 86_400_000),
          now,
        }),
        rules(),
      ])
      if (duplicate) throw new ConflictError('the same comment was already sent for this article')

      const verdict = judgeCommenter(evaluate(content, currentRules), standing, currentRules)
      const data = {
        id: randomUUID(),
        articleId: article.id,
        parentId: input.parentId ?? null,
        authorName,
        email: input.email?.trim().toLowerCase() || null,
        content,
        contentHash: hash,
        ipHash,
        commenterId,
        status: 'pending' as const,
        flags: verdict.flags,
        createdAt: now,
        updatedAt: now,
      }
      const submitted = {
        type: 'comment.submitted' as const,
        entity: 'comment' as const,
        entityId: data.id,
        articleId: article.id,
        at: now,
        data: { id: data.id, articleId: article.id, status: 'pending' as const },
      }
      // a comment arrives pending; a decision by the rules is a status change like a moderator's
      // (status.ts: decision fields, log, counter), in the same transaction. Left pending (the
      // default mode), the comment and its event are one statement.
      if (verdict.status === 'pending') {
        const insert = Prisma.sql`WITH created AS (${commentInsertSql(data)}) ${eventInsertSql(submitted)}`
        await query(inserts(insert.text), insert.values)
      } else {
        await prisma.$transaction(async (tx) => {
          await tx.comment.create({ data, select: { id: true } })
          await recordEvent(tx, submitted)
          await changeStatus(tx, data.id, { to: verdict.status, actorId: null, reason: verdict.reason, at: now })
        })
      }
      const comment = { id: data.id }
      outbox?.kick()
      const tags = visibleChangeTags(article.id, 'pending', verdict.status)
      if (tags.length) changes.publish(tags)
      hook?.submit({
        id: comment.id,
        articleId: article.id,
        parentId: data.parentId,
        authorName,
        content,
        commenterId,
        status: verdict.status,
        flags: verdict.flags,
        createdAt: now,
      })
      return { id: comment.id, status: verdict.status }
    },

    /**
     * Approved comments of a public article (oldest first, newest first, or top), replies nested under their
     * parent. A reply whose parent was taken down stays visible at the top level, so what the
     * page shows always adds up to the article's commentCount.
     */
    async listPublic(
      slug: string,
      query: { page?: number; cursor?: string; limit?: number; sort?: CommentSort },
    ): Promise<{ data: PublicComment[]; meta: ListMeta; articleId: string; thread: ReturnType<typeof threadState> }> {
      const paging = pagingOf(query, 50)
      // what the list shows changes under the tags the route caches it with (comments, article, articles)
      return readComments((on) => listOn(on, slug, paging, query.sort ?? 'oldest'))
    },
  }
}

export type CommentService = ReturnType<typeof createCommentService>
