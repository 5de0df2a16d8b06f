// The root plugin: infrastructure plugins, then routes, then the error and 404 handlers.
import { randomUUID } from 'node:crypto'
import Fastify, { type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.ts'
import type { ReadyConfig } from './bootstrap.ts'
import type { Database } from './db/index.ts'
import { validatorCompiler } from './plugins/validation.ts'
import { createSchemaCompilation } from './plugins/schema-compilation.ts'
import { clientErrorHandler, frameworkErrors, registerErrorHandlers } from './plugins/errors.ts'
import swagger from './plugins/swagger.ts'
import security from './plugins/security.ts'
import auth from './plugins/auth.ts'
import healthRoutes from './routes/health/index.ts'
import routes from './routes/index.ts'
import staticPages from './plugins/static-pages.ts'
import responseCache from './plugins/response-cache.ts'
import { createChangeFeed } from './db/change-feed.ts'
import { createServices } from './services/index.ts'
import type { Clock } from './lib/clock.ts'
import type { CaptchaGenerator } from './services/comments/captcha.ts'
import { createOutboxSignal } from './events/signal.ts'
import { startJobs, type JobRunner } from './jobs/index.ts'
import type { Resolver } from './services/events/webhook-target.ts'
import { openMediaStorage } from './services/media/open.ts'
import type { MediaStorage } from './services/media/storage.ts'

export interface AppDeps {
  config: ReadyConfig
  db: Database
  clock?: Clock
  captchaGenerator?: CaptchaGenerator
  /** scrypt cost of new password hashes (tests lower it); default lib/password.ts DEFAULT_COST */
  hashCost?: { N: number; r: number; p: number }
  /** DNS for webhook URLs, at save and at connect time (tests map a name to an address) */
  resolver?: Resolver
  /** the media files' driver; by default the one MEDIA_STORAGE names */
  mediaStorage?: MediaStorage
  /** how long a webhook or purge request may take (default 10 s; fault tests shorten it) */
  deliveryTimeoutMs?: number
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

/** Fastify's options, shared by server.ts and the tests so both validate and limit alike. */
export function serverOptions(config: Config): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refreshToken', '*.accessToken', '*.token', '*.ticket'],
        censor: '[redacted]',
      },
      // Fastify's own request serializer, with credentials that travel in the URL scrubbed
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustProxyOption(config.trustProxy),
    requestIdHeader: false, // genReqId reads it, keeping only well-formed ids
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    // slow-loris bounds: a client must send its headers and body within these times
    connectionTimeout: 60_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: false, // plugins/errors.ts answers 503 problem+json while draining (Fastify's own is plain JSON)
    // malformed URLs and over-long path parameters are refused by the router: problem+json there too
    frameworkErrors,
    // what Node's HTTP parser refuses (bad framing, oversized headers, timeouts): problem+json too
    clientErrorHandler,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }
}

// preview tokens (?token=) and stream tickets (?ticket=): EventSource and shared links cannot use a header
const URL_SECRETS = /([?&](?:token|ticket)=)[^&#]*/gi

/** The URL as logged: the values of `token` and `ticket` query parameters replaced. */
export const redactUrl = (url: string) => url.replace(URL_SECRETS, '$1[redacted]')

/**
 * Fastify 5 no longer honours a numeric `trustProxy` (it trusts nothing, since a client that can
 * reach the port directly can forge the chain); the contract keeps the hop count for the usual
 * nginx-on-the-same-host setup, so it is spelled here as proxy-addr's own hop-count function.
 * With hops = 1 the client is the rightmost X-Forwarded-For entry, the one nginx appended.
 */
function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (Array.isArray(trust)) return trust
  if (trust === 0) return false
  return (_address: string, hop: number) => hop < trust
}

export async function buildApp(deps: AppDeps, options: FastifyServerOptions = serverOptions(deps.config)) {
  const schemas = createSchemaCompilation()
  const app = Fastify({
    ...options,
    schemaController: { compilersFactory: { buildSerializer: schemas.buildSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.setValidatorCompiler(schemas.validator(validatorCompiler))
  app.decorate('compileSchemas', schemas.compileAll)
  // the embedded database serves one instance: changes need no trip through PostgreSQL there
  // LISTEN needs a session of its own: through a transaction pooler it goes to DATABASE_DIRECT_URL
  const listenUrl = deps.db.embedded ? undefined : (deps.config.databaseDirectUrl ?? deps.config.databaseUrl)
  const changes = createChangeFeed({ pool: deps.db.pool, listenUrl, log: app.log })
  // after a change, reads of its tags stay on the primary until the replicas have replayed it
  const unfence = changes.subscribe((tags, commit) => deps.db.reads.fence(tags, commit))
  const clock = deps.clock ?? (() => new Date())
  const outbox = createOutboxSignal()
  // the job runner: started when the app is ready (JOBS=on), or only to enqueue, on first need (JOBS=off)
  let jobs: Promise<JobRunner> | undefined
  const runner = (work: boolean) =>
    (jobs ??= startJobs({
      db: deps.db,
      clock,
      log: app.log,
      work,
      tickSeconds: deps.config.tickSeconds,
      allowPrivate: deps.config.webhookAllowPrivate,
      cdnPurgeUrl: deps.config.cdnPurgeUrl,
      outbox,
      changes,
      resolver: deps.resolver,
      timeoutMs: deps.deliveryTimeoutMs,
      mediaBase: deps.config.media.publicUrl,
      site: deps.config.site,
    }))
  const mediaStorage = deps.mediaStorage ?? (await openMediaStorage(deps.config.media))
  const services = createServices({
    db: deps.db,
    config: deps.config,
    clock,
    captchaGenerator: deps.captchaGenerator,
    log: app.log,
    changes,
    outbox,
    resolver: deps.resolver,
    enqueueDelivery: async (id) => (await runner(false)).enqueueDelivery(id),
    hashCost: deps.hashCost,
    mediaStorage,
  })
  app.decorate('services', services)
  app.decorate('jobs', () => runner(deps.config.jobs))
  if (deps.config.jobs)
    app.addHook('onReady', async () => {
      await runner(true)
    })
  app.decorate('config', deps.config)
  app.decorateReply('cacheTags', null)
  app.addHook('onClose', async () => {
    await (await jobs?.catch(() => undefined))?.stop()
    await services.rateLimiter.close()
    await services.moderationHook?.settled()
    unfence()
    await changes.close()
    await mediaStorage.close()
  })

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
    // anything that did not choose its caching (every authenticated response) is never stored
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  })
  registerErrorHandlers(app)
  await app.register(swagger)
  await app.register(security, { config: deps.config })
  await app.register(auth)
  if (deps.config.responseCache) {
    await app.register(responseCache, { maxBytes: deps.config.responseCacheMaxBytes, maxAgeMs: deps.config.responseCacheTtlMs, changes })
  }
  await app.register(healthRoutes, { db: deps.db })
  await app.register(routes)
  await app.register(staticPages)
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>

declare module 'fastify' {
  interface FastifyInstance {
    services: ReturnType<typeof createServices>
    config: ReadyConfig
    /** the job runner (started on first call when JOBS=off) */
    jobs: () => Promise<JobRunner>
  }
}
