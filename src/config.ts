// The environment, validated once at start; nothing else reads process.env. The checks of single
// values live in config-values.ts.
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import { passwordProblem } from './lib/password-policy.ts'
import { inMemory } from './lib/data-dir.ts'
import { ConfigError, checkArticleUrlPattern, checkDatabaseUrl, checkPreviewUrlPattern, parseRoles, parseTrustProxy } from './config-values.ts'
import type { Role } from './schemas/auth.ts'

const Bool = Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0')])
const Int = (minimum: number, maximum: number, def: number, description: string) => Type.Integer({ minimum, maximum, default: def, description })

export const EnvSchema = Type.Object({
  NODE_ENV: Type.Optional(Type.String({ description: 'production enables the stricter checks' })),
  PORT: Int(1, 65535, 3000, 'port to listen on'),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'address to listen on' }),
  DATABASE_URL: Type.Optional(Type.String({ description: 'PostgreSQL connection string; absent: the embedded database' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data', description: 'where the embedded database keeps its files' }),
  SEED_DEMO: Type.Optional(Bool),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'signing key, at least 32 bytes' })),
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  MFA_REQUIRED_ROLES: Type.String({ default: 'admin', description: 'comma-separated roles that must use two-factor sign-in; none for no role' }),
  CAPTCHA: Type.Union([Type.Literal('image'), Type.Literal('pow'), Type.Literal('off')], { default: 'image' }),
  CAPTCHA_POW_MAXNUMBER: Int(1_000, 10_000_000, 50_000, 'largest secret number of a CAPTCHA=pow challenge (its cost)'),
  CAPTCHA_TTL_SECONDS: Int(30, 3600, 300, 'how long a captcha challenge stays valid'),
  CORS_ORIGINS: Type.String({ default: '', description: 'comma-separated origins allowed to call the API' }),
  RATE_LIMIT_COMMENTS: Int(1, 1_000_000, 5, 'comment submissions per IP per minute'),
  RATE_LIMIT_LOGIN: Int(1, 1_000_000, 10, 'login attempts per IP per 15 minutes'),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  ACCESS_TOKEN_TTL_SECONDS: Int(60, 86_400, 900, 'access token lifetime'),
  REFRESH_TOKEN_TTL_DAYS: Int(1, 365, 30, 'refresh token lifetime'),
  CACHE_MAX_AGE: Int(0, 86_400, 30, 'Cache-Control max-age of public GETs, seconds'),
  CACHE_STALE_WHILE_REVALIDATE: Int(0, 86_400, 60, 'Cache-Control stale-while-revalidate of public GETs, seconds'),
  RESPONSE_CACHE: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  RESPONSE_CACHE_MAX_MB: Int(1, 4096, 64, 'memory for cached public responses, per instance'),
  RESPONSE_CACHE_TTL_MS: Int(0, 60_000, 5_000, 'longest a cached public response is served'),
  BODY_LIMIT_BYTES: Int(1024, 50 * 1024 * 1024, 1024 * 1024, 'largest request body accepted'),
  DB_POOL_SIZE: Int(1, 200, 10, 'PostgreSQL connections per instance'),
  LIST_TOTAL_CAP: Int(1, 100_000_000, 10_000, 'a page of public articles counts its total up to this many; beyond, meta.totalCapped'),
  LIST_TOTAL_CAP_FILTERED: Int(1, 100_000_000, 1_000, 'the same for lists and searches filtered by author, organization, section or tag'),
  PREVIEW_URL_PATTERN: Type.String({
    minLength: 1,
    default: '/v1/preview/articles/{id}?token={token}',
    description: 'where a draft preview opens: a path or http(s) URL with {token}, optionally {id} and {slug}',
  }),
  PUBLIC_SITE_URL: Type.String({
    pattern: '^https?://[^\\s/]+(/[^\\s]*)?$',
    default: 'http://localhost:3000',
    description: "the portal's public address: feeds, sitemaps and SEO defaults build absolute article URLs on it",
  }),
  ARTICLE_URL_PATTERN: Type.String({
    minLength: 1,
    default: '/{section}/{slug}',
    description: "an article's path on the portal: {section}, {slug}, {id}, {yyyy}, {mm}, {dd}",
  }),
  SITE_NAME: Type.String({ minLength: 1, maxLength: 200, default: 'Tòa Soạn', description: 'the publication name in feeds and the Google News sitemap' }),
  DATABASE_REPLICA_URLS: Type.String({ default: '', description: 'comma-separated connection strings of streaming replicas for public reads' }),
  REPLICA_MAX_LAG_MS: Int(0, 600_000, 5_000, 'a replica further behind the primary than this is skipped'),
  DATABASE_DIRECT_URL: Type.Optional(Type.String({ description: 'a direct (not pooled) connection to the primary, for LISTEN and migrations' })),
  DB_PREPARED_STATEMENTS: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  MEDIA_STORAGE: Type.Union([Type.Literal('fs'), Type.Literal('s3')], { default: 'fs' }),
  MEDIA_DIR: Type.Optional(Type.String({ minLength: 1, description: 'where the fs media driver keeps files; default DATA_DIR/media' })),
  MEDIA_S3_BUCKET: Type.Optional(Type.String({ minLength: 3, maxLength: 63 })),
  MEDIA_S3_ENDPOINT: Type.Optional(Type.String({ pattern: '^https?://' })),
  MEDIA_S3_REGION: Type.String({ minLength: 1, default: 'us-east-1' }),
  MEDIA_S3_FORCE_PATH_STYLE: Type.Optional(Bool),
  MEDIA_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^(https?://[^\\s]+|/[^\\s]*)$', description: 'base URL of rendition files' })),
  MEDIA_MAX_BYTES: Int(1024, 500 * 1024 * 1024, 20 * 1024 * 1024, 'largest upload, bytes'),
  MEDIA_MAX_PIXELS: Int(1, 1_000_000_000, 50_000_000, 'largest upload, width × height'),
  MEDIA_WORKERS: Int(1, 64, 2, 'images decoded and resized at the same time, per instance'),
  TRUST_PROXY: Type.Optional(Type.String({ description: 'proxies whose X-Forwarded-For is trusted: a hop count or comma-separated addresses/CIDRs' })),
  JOBS: Type.Union([Type.Literal('on'), Type.Literal('off')], {
    default: 'on',
    description: 'run the job queue (webhooks, purges, scheduled events) in this process',
  }),
  WEBHOOK_ALLOW_PRIVATE: Type.Optional(Bool),
  MODERATION_HOOK_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'each new comment is POSTed here (signed) for a decision' })),
  MODERATION_HOOK_SECRET: Type.Optional(Type.String({ minLength: 32, description: "the hook's signing secret, at least 32 bytes" })),
  MODERATION_HOOK_TIMEOUT_MS: Int(50, 30_000, 1_500, 'how long the hook may take to answer before the comment stays queued'),
  MODERATION_HOOK_CONCURRENCY: Int(1, 10_000, 100, 'hook requests in flight per instance; a comment beyond them stays queued without asking'),
  CDN_PURGE_URL: Type.Optional(Type.String({ pattern: '^https?://', description: "where each event's cache keys are POSTed as { keys }" })),
  TICK_SECONDS: Int(1, 60, 2, 'how often the scheduler looks for due articles and undispatched events'),
})
type Env = Static<typeof EnvSchema>

export interface Config {
  production: boolean
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  seedDemo: boolean
  jwtSecret: string | undefined
  adminEmail: string | undefined
  adminPassword: string | undefined
  captcha: 'image' | 'pow' | 'off'
  captchaPowMaxNumber: number
  captchaTtlSeconds: number
  corsOrigins: string[]
  rateLimitComments: number
  rateLimitLogin: number
  redisUrl: string | undefined
  /** JOBS: run the job queue in this process */
  jobs: boolean
  webhookAllowPrivate: boolean
  cdnPurgeUrl: string | undefined
  tickSeconds: number
  logLevel: string
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  cacheMaxAge: number
  cacheStaleWhileRevalidate: number
  bodyLimitBytes: number
  responseCache: boolean
  responseCacheMaxBytes: number
  responseCacheTtlMs: number
  dbPoolSize: number
  /** LIST_TOTAL_CAP: page-mode article lists stop counting here, so a deep archive costs what a small one does */
  listTotalCap: number
  /** LIST_TOTAL_CAP_FILTERED: the same with an author, organization, section or tag filter (each counted row is a few index probes) */
  listTotalCapFiltered: number
  /** the `url` of a preview: {id}, {slug} and {token} are filled in */
  previewUrlPattern: string
  /** MODERATION_HOOK_*: undefined when no hook is set */
  moderationHook: { url: string; secret: string; timeoutMs: number; concurrency: number } | undefined
  /** PUBLIC_SITE_URL, ARTICLE_URL_PATTERN and SITE_NAME: where the portal shows an article */
  site: SiteConfig
  /** roles that must have TOTP on before they may use anything but /v1/me and /v1/me/mfa */
  mfaRequiredRoles: Role[]
  /** streaming replicas that serve public reads (empty: everything on the primary) */
  databaseReplicaUrls: string[]
  replicaMaxLagMs: number
  /** the primary without a transaction pooler in between: LISTEN and the migration lock need a session */
  databaseDirectUrl: string | undefined
  /** off behind PgBouncer in transaction mode, which cannot keep a named statement across transactions */
  preparedStatements: boolean
  /** hops of proxies in front (0: none, the socket address is the client), or the proxies' addresses/CIDRs */
  trustProxy: number | string[]
  media: MediaConfig
}

export interface SiteConfig {
  /** no trailing slash */
  url: string
  articleUrlPattern: string
  name: string
}

export interface MediaConfig {
  storage: 'fs' | 's3'
  /** fs: the directory; undefined when DATA_DIR is memory:// and MEDIA_DIR unset (a temporary one is made) */
  dir: string | undefined
  s3: { bucket: string; endpoint: string | undefined; region: string; forcePathStyle: boolean } | undefined
  /** no trailing slash */
  publicUrl: string
  maxBytes: number
  maxPixels: number
  workers: number
}

// values that once were valid, named in the error so an old .env is understood at a glance
const RETIRED: Record<string, Record<string, string>> = { CAPTCHA: { svg: 'svg was retired, a program could read it; image replaces it' } }

const retired = (name: string, value: string | undefined) => {
  const why = value === undefined ? undefined : RETIRED[name]?.[value]
  return why ? ` (${why})` : ''
}

const truthy = (v: string | undefined) => v === 'true' || v === '1'

/** Parses the environment; throws ConfigError with one line naming the variable at fault. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const v = source[key]
    if (v !== undefined && v !== '') raw[key] = v
  }
  const env = Value.Convert(EnvSchema, Value.Default(EnvSchema, raw)) as Env
  const [first] = Value.Errors(EnvSchema, env)
  if (first) {
    const name = first.instancePath.replace(/^\//, '') || String((first.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '?')
    const shown = /SECRET|PASSWORD/.test(name) ? '(hidden)' : JSON.stringify(raw[name] ?? '')
    const options = (EnvSchema.properties as Record<string, { anyOf?: Array<{ const?: unknown }> }>)[name]?.anyOf
    const why = options ? `must be one of ${options.map((o) => o.const).join(', ')}${retired(name, raw[name])}` : first.message
    throw new ConfigError(`invalid ${name}=${shown}: ${why}`)
  }
  if (env.DATABASE_URL !== undefined) checkDatabaseUrl(env.DATABASE_URL)
  const databaseReplicaUrls = env.DATABASE_REPLICA_URLS.split(',')
    .map((u) => u.trim())
    .filter(Boolean)
  for (const url of databaseReplicaUrls) checkDatabaseUrl(url, 'DATABASE_REPLICA_URLS')
  if (env.DATABASE_DIRECT_URL !== undefined) checkDatabaseUrl(env.DATABASE_DIRECT_URL, 'DATABASE_DIRECT_URL')
  if ((databaseReplicaUrls.length || env.DATABASE_DIRECT_URL) && !env.DATABASE_URL) {
    throw new ConfigError(
      `invalid ${databaseReplicaUrls.length ? 'DATABASE_REPLICA_URLS' : 'DATABASE_DIRECT_URL'}: needs DATABASE_URL (the embedded database has no replicas)`,
    )
  }
  const production = env.NODE_ENV === 'production'
  if (production && env.DATABASE_URL && !env.JWT_SECRET) {
    throw new ConfigError('missing JWT_SECRET: required with DATABASE_URL when NODE_ENV=production')
  }
  if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(`invalid ${env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL'}: ADMIN_EMAIL and ADMIN_PASSWORD go together`)
  }
  const weak = env.ADMIN_PASSWORD === undefined ? null : passwordProblem(env.ADMIN_PASSWORD)
  if (weak) throw new ConfigError(`invalid ADMIN_PASSWORD=(hidden): ${weak}`)
  const corsOrigins = env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean)
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError(`invalid CORS_ORIGINS: "${origin}" is not an origin like https://example.vn`)
  }
  return {
    production,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    seedDemo: env.SEED_DEMO === undefined ? env.DATABASE_URL === undefined : truthy(env.SEED_DEMO),
    jwtSecret: env.JWT_SECRET,
    adminEmail: env.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: env.ADMIN_PASSWORD,
    captcha: env.CAPTCHA,
    captchaTtlSeconds: env.CAPTCHA_TTL_SECONDS,
    captchaPowMaxNumber: env.CAPTCHA_POW_MAXNUMBER,
    corsOrigins,
    rateLimitComments: env.RATE_LIMIT_COMMENTS,
    rateLimitLogin: env.RATE_LIMIT_LOGIN,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    cacheMaxAge: env.CACHE_MAX_AGE,
    cacheStaleWhileRevalidate: env.CACHE_STALE_WHILE_REVALIDATE,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    responseCache: env.RESPONSE_CACHE === 'on' && env.RESPONSE_CACHE_TTL_MS > 0,
    responseCacheMaxBytes: env.RESPONSE_CACHE_MAX_MB * 1024 * 1024,
    responseCacheTtlMs: env.RESPONSE_CACHE_TTL_MS,
    dbPoolSize: env.DB_POOL_SIZE,
    listTotalCap: env.LIST_TOTAL_CAP,
    listTotalCapFiltered: env.LIST_TOTAL_CAP_FILTERED,
    previewUrlPattern: checkPreviewUrlPattern(env.PREVIEW_URL_PATTERN),
    moderationHook: moderationHookOf(env),
    site: {
      url: env.PUBLIC_SITE_URL.replace(/\/+$/, ''),
      articleUrlPattern: checkArticleUrlPattern(env.ARTICLE_URL_PATTERN),
      name: env.SITE_NAME.normalize('NFC'),
    },
    databaseReplicaUrls,
    replicaMaxLagMs: env.REPLICA_MAX_LAG_MS,
    databaseDirectUrl: env.DATABASE_DIRECT_URL,
    preparedStatements: env.DB_PREPARED_STATEMENTS === 'on',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    mfaRequiredRoles: parseRoles(env.MFA_REQUIRED_ROLES),
    jobs: env.JOBS === 'on',
    webhookAllowPrivate: env.WEBHOOK_ALLOW_PRIVATE !== undefined && truthy(env.WEBHOOK_ALLOW_PRIVATE),
    cdnPurgeUrl: env.CDN_PURGE_URL,
    tickSeconds: env.TICK_SECONDS,
    media: mediaConfig(env),
  }
}

function mediaConfig(env: Env): MediaConfig {
  if (env.MEDIA_STORAGE === 's3' && !env.MEDIA_S3_BUCKET) throw new ConfigError('missing MEDIA_S3_BUCKET: required with MEDIA_STORAGE=s3')
  const memory = inMemory(env.DATA_DIR)
  return {
    storage: env.MEDIA_STORAGE,
    dir: env.MEDIA_DIR ?? (memory ? undefined : `${env.DATA_DIR.replace(/\/+$/, '')}/media`),
    s3: env.MEDIA_S3_BUCKET
      ? { bucket: env.MEDIA_S3_BUCKET, endpoint: env.MEDIA_S3_ENDPOINT, region: env.MEDIA_S3_REGION, forcePathStyle: truthy(env.MEDIA_S3_FORCE_PATH_STYLE) }
      : undefined,
    publicUrl: (env.MEDIA_PUBLIC_URL ?? '/media').replace(/\/+$/, ''),
    maxBytes: env.MEDIA_MAX_BYTES,
    maxPixels: env.MEDIA_MAX_PIXELS,
    workers: env.MEDIA_WORKERS,
  }
}

/**
 * The entry points' start: `.env` if present, then the environment validated; a bad value ends
 * the process with one line naming the variable (`prefix: invalid X: …`), as every entry point must.
 */
export function loadConfigOrExit(prefix: string): Config {
  try {
    process.loadEnvFile()
  } catch {}
  try {
    return loadConfig()
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    console.error(`${prefix}: ${err.message}`)
    process.exit(1)
  }
}

function moderationHookOf(env: Env): Config['moderationHook'] {
  if (!env.MODERATION_HOOK_URL) {
    if (env.MODERATION_HOOK_SECRET) throw new ConfigError('invalid MODERATION_HOOK_SECRET: set MODERATION_HOOK_URL too, or neither')
    return undefined
  }
  if (!env.MODERATION_HOOK_SECRET) throw new ConfigError('missing MODERATION_HOOK_SECRET: the hook must be able to check who is calling it')
  return {
    url: env.MODERATION_HOOK_URL,
    secret: env.MODERATION_HOOK_SECRET,
    timeoutMs: env.MODERATION_HOOK_TIMEOUT_MS,
    concurrency: env.MODERATION_HOOK_CONCURRENCY,
  }
}

export { ConfigError, parseRoles, parseTrustProxy }
