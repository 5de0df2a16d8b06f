// Builds every service with its explicit dependencies; routes reach them as app.services.
import type { ReadyConfig } from '../bootstrap.ts'
import type { Database } from '../db/index.ts'
import { createCaptchaService, imageCaptchaGenerator, type CaptchaGenerator } from './comments/captcha.ts'
import { createCommentService } from './comments/comments.ts'
import { createModerationService } from './comments/moderation.ts'
import { createModerationReports } from './comments/moderation-reports.ts'
import { createCommunityService } from './comments/community.ts'
import { queryRunner } from '../db/queries/statement.ts'
import { createCommenterService } from './comments/commenters.ts'
import { createStaffCommentActions } from './comments/staff-actions.ts'
import { createModerationHook } from './comments/moderation-hook.ts'
import { createReaderKey } from '../lib/reader.ts'
import { createRateLimiter, type RateLimitLogger } from './rate-limit.ts'
import { createAuthService } from './staff/auth.ts'
import { createUserService } from './staff/users.ts'
import { createMfaService } from './staff/mfa.ts'
import { createSessionService } from './staff/sessions.ts'
import { createApiKeyService } from './staff/api-keys.ts'
import { createArticleService } from './content/articles.ts'
import { createArticleRenderer } from './public/article-render.ts'
import { prismaQuery } from '../db/queries/statement.ts'
import { createAuthorService } from './content/authors.ts'
import { createOrganizationService } from './content/organizations.ts'
import { createPublicArticlesService } from './public/articles.ts'
import { createPublicAuthorsService } from './public/authors.ts'
import { createPublicOrganizationsService } from './public/organizations.ts'
import { createSectionService } from './content/sections.ts'
import { createTagService } from './content/tags.ts'
import { createPublicSectionsService } from './public/sections.ts'
import { createPublicTagsService } from './public/tags.ts'
import { createCollectionService } from './content/collections.ts'
import { createPublicCollectionsService } from './public/collections.ts'
import { createPublicRelatedService } from './public/related.ts'
import { createModerationStream, withStreamEvents } from './comments/stream.ts'
import { createPreviewService } from './content/previews.ts'
import type { ChangeFeed } from '../db/change-feed.ts'
import { createMediaService } from './media/media.ts'
import type { MediaStorage } from './media/storage.ts'

import type { Clock } from '../lib/clock.ts'
import type { OutboxSignal } from '../events/signal.ts'
import { createWebhookService } from './events/webhooks.ts'
import { createEventLog } from './events/event-log.ts'
import { createAuditService } from './audit/audit.ts'
import { systemResolver, type Resolver } from './events/webhook-target.ts'
import { createFeedService } from './feeds/feeds.ts'
import { createSitemapService } from './feeds/sitemaps.ts'

export interface ServiceDeps {
  db: Database
  config: ReadyConfig
  clock: Clock
  /** the captcha image maker; tests pass one whose answers they know */
  captchaGenerator?: CaptchaGenerator
  log?: RateLimitLogger
  changes: ChangeFeed
  /** scrypt cost of new password hashes; tests lower it */
  hashCost?: { N: number; r: number; p: number }
  /** told after every commit that recorded an event: the job runner dispatches it */
  outbox: OutboxSignal
  /** DNS for webhook URLs (tests map names to addresses) */
  resolver?: Resolver
  /** queues a delivery attempt (the job runner's, once it started) */
  enqueueDelivery?: (deliveryId: string) => Promise<void>
  /** media files: made by openMediaStorage (services/media/open.ts) before the services */
  mediaStorage: MediaStorage
}

/**
 * Wraps the writing methods of a service so that each successful write announces `tags` on the
 * change feed (after its transaction has committed), for the response caches to drop.
 */
function announcing<S extends object>(service: S, changes: ChangeFeed, outbox: OutboxSignal, tags: string[], methods: Array<keyof S>): S {
  const wrapped = { ...service }
  for (const name of methods) {
    const fn = service[name] as (...args: unknown[]) => Promise<unknown>
    wrapped[name] = (async (...args: unknown[]) => {
      const result = await fn(...args)
      changes.publish(tags)
      outbox.kick()
      return result
    }) as S[keyof S]
  }
  return wrapped
}

export function createServices(deps: ServiceDeps) {
  const { db, config, clock, changes, hashCost, outbox } = deps
  const prisma = db.prisma
  // the hot statements of submissions, decisions, likes and staff authentication, on the primary
  const primary = queryRunner(db.pool, { named: db.namedStatements })
  const captcha = createCaptchaService({
    prisma,
    clock,
    secret: config.jwtSecret,
    ttlSeconds: config.captchaTtlSeconds,
    mode: config.captcha === 'pow' ? 'pow' : 'image',
    generator: deps.captchaGenerator ?? imageCaptchaGenerator,
    powMaxNumber: config.captchaPowMaxNumber,
  })
  const moderationReports = createModerationReports({ prisma, query: primary, clock })
  const readerKey = createReaderKey(config.jwtSecret)
  // shared by login now and comments: one Redis connection, one in-process fallback
  const rateLimiter = createRateLimiter({ redisUrl: config.redisUrl, clock, log: deps.log })
  // bylines and organization names appear inside articles: their changes reach article responses
  // public articles are rendered at write time: in the article's own transaction, and by the job
  const articleRenderer = createArticleRenderer({ mediaBase: config.media.publicUrl, site: config.site })
  const articles = announcing(
    createArticleService({ prisma, clock, render: (tx, ids) => articleRenderer.render(prismaQuery(tx), ids) }),
    changes,
    outbox,
    ['articles', 'authors', 'tags'],
    ['create', 'update', 'remove', 'transition'],
  )
  const moderationStream = createModerationStream({ prisma, clock, secret: config.jwtSecret, changes, stats: moderationReports.stats })
  const moderationHook = config.moderationHook
    ? createModerationHook({
        prisma,
        clock,
        changes,
        outbox,
        ...config.moderationHook,
        log: deps.log,
        onDecided: (c) => moderationStream.announce({ type: 'comment.decided', data: { ...c, decidedBy: null } }),
      })
    : undefined
  const commentServices = withStreamEvents(
    {
      moderation: createModerationService({ prisma, query: primary, clock, changes, outbox }),
      comments: createCommentService({
        prisma,
        query: primary,
        clock,
        changes,
        outbox,
        reads: db.reads,
        named: db.namedStatements,
        readerKey,
        captcha: config.captcha === 'off' ? null : captcha,
        rules: moderationReports.currentRules,
        hook: moderationHook,
      }),
    },
    moderationStream,
  )
  const mfa = createMfaService({
    prisma,
    clock,
    rateLimiter,
    secret: config.jwtSecret,
    mfaRequiredRoles: config.mfaRequiredRoles,
    attemptLimit: config.rateLimitLogin,
  })
  return {
    rateLimiter,
    readerKey,
    community: createCommunityService({
      prisma,
      clock,
      changes,
      rules: moderationReports.currentRules,
      query: primary,
      onHidden: (c) => moderationStream.announce({ type: 'comment.hidden', data: c }),
    }),
    commenters: createCommenterService({ prisma, clock }),
    staffComments: createStaffCommentActions({ prisma, clock, changes, outbox }),
    auth: createAuthService({
      prisma,
      query: primary,
      clock,
      rateLimiter,
      secret: config.jwtSecret,
      accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      refreshTokenTtlDays: config.refreshTokenTtlDays,
      loginLimit: config.rateLimitLogin,
      mfa,
      hashCost,
    }),
    mfa,
    sessions: createSessionService({ prisma, clock, rateLimiter, attemptLimit: config.rateLimitLogin, hashCost }),
    apiKeys: createApiKeyService({ prisma, clock }),
    users: createUserService({ prisma, clock, hashCost }),
    articles,
    previews: createPreviewService({
      prisma,
      db,
      clock,
      secret: config.jwtSecret,
      urlPattern: config.previewUrlPattern,
      mediaBase: config.media.publicUrl,
      site: config.site,
      visibleTo: (id, actor) => articles.get(id, actor),
    }),
    authors: announcing(createAuthorService({ prisma, clock }), changes, outbox, ['authors', 'articles'], ['create', 'update', 'remove']),
    organizations: announcing(createOrganizationService({ prisma, clock }), changes, outbox, ['organizations', 'articles'], ['create', 'update', 'remove']),
    // section and tag names show inside articles too
    sections: announcing(createSectionService({ prisma, clock }), changes, outbox, ['sections', 'articles'], ['create', 'update', 'remove']),
    tags: announcing(createTagService({ prisma, clock }), changes, outbox, ['tags', 'articles'], ['update', 'remove']),
    // the public read path: hand-written SQL on the shared pool, not Prisma
    publicArticles: createPublicArticlesService({
      db,
      clock,
      mediaBase: config.media.publicUrl,
      site: config.site,
      renderedFor: articleRenderer.renderedFor,
      totalCap: config.listTotalCap,
      linkedTotalCap: config.listTotalCapFiltered,
    }),
    publicAuthors: createPublicAuthorsService({ db, clock, mediaBase: config.media.publicUrl }),
    publicOrganizations: createPublicOrganizationsService({ db, mediaBase: config.media.publicUrl }),
    publicSections: createPublicSectionsService({ db }),
    publicTags: createPublicTagsService({ db, clock }),
    // a collection's public read names `collections`; article changes reach it through `articles`
    collections: announcing(createCollectionService({ prisma, clock }), changes, outbox, ['collections'], ['create', 'update', 'replaceArticles', 'remove']),
    publicCollections: createPublicCollectionsService({ db, clock, mediaBase: config.media.publicUrl }),
    publicRelated: createPublicRelatedService({ db, clock, mediaBase: config.media.publicUrl }),
    feeds: createFeedService({ db, clock, site: config.site, mediaBase: config.media.publicUrl }),
    sitemaps: createSitemapService({ db, clock, site: config.site }),
    // alt text, captions and focal points show inside public articles, authors and organizations
    media: announcing(
      createMediaService({ prisma, clock, storage: deps.mediaStorage, config: config.media, log: deps.log }),
      changes,
      outbox,
      ['articles', 'authors', 'organizations'],
      ['update', 'remove'],
    ),
    captcha,
    moderationReports,
    // decisions, claims and submissions also reach the live moderation stream (comments/stream.ts)
    ...commentServices,
    moderationStream,
    moderationHook,
    webhooks: createWebhookService({
      prisma,
      clock,
      resolver: deps.resolver ?? systemResolver,
      allowPrivate: config.webhookAllowPrivate,
      enqueue: (id) => deps.enqueueDelivery?.(id) ?? Promise.resolve(),
    }),
    eventLog: createEventLog({ prisma }),
    audit: createAuditService({ prisma }),
  }
}
