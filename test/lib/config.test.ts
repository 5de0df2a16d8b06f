import t from 'tap'
import { loadConfig, ConfigError } from '../../src/config.ts'

t.test('defaults follow the contract', async (t) => {
  const c = loadConfig({})
  t.match(c, {
    port: 3000,
    host: '127.0.0.1',
    dataDir: './data',
    seedDemo: true,
    captcha: 'image',
    captchaPowMaxNumber: 50_000,
    rateLimitComments: 5,
    rateLimitLogin: 10,
    logLevel: 'info',
    accessTokenTtlSeconds: 900,
  })
  t.same(c.corsOrigins, [])
  t.equal(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/cms' }).seedDemo, false, 'no demo content on a real database unless asked')
  t.equal(loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/cms', SEED_DEMO: 'true' }).seedDemo, true)
  t.same(loadConfig({ PUBLIC_SITE_URL: 'https://bao.example.vn/', SITE_NAME: 'Báo Ví Dụ' }).site, {
    url: 'https://bao.example.vn',
    articleUrlPattern: '/{section}/{slug}',
    name: 'Báo Ví Dụ',
  })
  t.same(loadConfig({ CORS_ORIGINS: 'https://a.vn, http://localhost:5173' }).corsOrigins, ['https://a.vn', 'http://localhost:5173'])
})

const bad: Array<[Record<string, string>, RegExp]> = [
  [{ PORT: 'abc' }, /^invalid PORT="abc": /],
  [{ PORT: '0' }, /^invalid PORT=0/],
  [{ PORT: '65536' }, /^invalid PORT=65536/],
  [{ DATABASE_URL: 'not a url' }, /^invalid DATABASE_URL: not a URL/],
  [{ DATABASE_URL: 'mysql://u@h/db' }, /^invalid DATABASE_URL: scheme "mysql:"/],
  [{ DATABASE_URL: 'postgresql://host-only' }, /^invalid DATABASE_URL: needs a host and a database/],
  [{ JWT_SECRET: 'short' }, /^invalid JWT_SECRET=\(hidden\)/],
  [{ CAPTCHA: 'none' }, /^invalid CAPTCHA="none": must be one of image, pow, off$/],
  [{ CAPTCHA: 'svg' }, /^invalid CAPTCHA="svg": must be one of image, pow, off \(svg was retired/],
  [{ CAPTCHA_POW_MAXNUMBER: '10' }, /^invalid CAPTCHA_POW_MAXNUMBER=10/],
  [{ LOG_LEVEL: 'loud' }, /^invalid LOG_LEVEL/],
  [{ RATE_LIMIT_COMMENTS: '-1' }, /^invalid RATE_LIMIT_COMMENTS/],
  [{ REDIS_URL: 'http://x' }, /^invalid REDIS_URL/],
  [{ CORS_ORIGINS: 'example.vn' }, /^invalid CORS_ORIGINS/],
  [{ ADMIN_EMAIL: 'a@b.vn' }, /^invalid ADMIN_PASSWORD/],
  [{ PUBLIC_SITE_URL: 'bao.example.vn' }, /^invalid PUBLIC_SITE_URL/],
  [{ ARTICLE_URL_PATTERN: '/{section}/{title}' }, /^invalid ARTICLE_URL_PATTERN: unknown placeholder \{title\}/],
  [{ MODERATION_HOOK_URL: 'http://127.0.0.1:9000/score' }, /^missing MODERATION_HOOK_SECRET/],
  [{ MODERATION_HOOK_SECRET: 'x'.repeat(32) }, /^invalid MODERATION_HOOK_SECRET: set MODERATION_HOOK_URL too/],
  [{ MODERATION_HOOK_URL: 'ftp://x', MODERATION_HOOK_SECRET: 'x'.repeat(32) }, /^invalid MODERATION_HOOK_URL/],
  [{ MODERATION_HOOK_URL: 'http://h/s', MODERATION_HOOK_SECRET: 'x'.repeat(32), MODERATION_HOOK_TIMEOUT_MS: '10' }, /^invalid MODERATION_HOOK_TIMEOUT_MS/],
  [{ NODE_ENV: 'production', DATABASE_URL: 'postgresql://u@h:5432/db' }, /^missing JWT_SECRET/],
]
for (const [env, message] of bad) {
  t.test(`rejects ${JSON.stringify(env)}`, async (t) => {
    t.throws(() => loadConfig(env), { name: 'ConfigError', message })
    try {
      loadConfig(env)
    } catch (err) {
      t.ok(err instanceof ConfigError)
      t.notMatch((err as Error).message, /\n/, 'one line')
    }
  })
}

t.test('secrets never appear in the error', async (t) => {
  t.throws(() => loadConfig({ JWT_SECRET: 'tooshort-secret' }), { message: /^(?!.*tooshort-secret)/ })
})

t.test('TRUST_PROXY names what to trust: a hop count or proxy addresses, never a bare yes', async (t) => {
  t.equal(loadConfig({}).trustProxy, 0, 'absent: nothing is trusted, the socket address is the client')
  t.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1)
  t.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, 0)
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8', 'loopback'])
  for (const value of ['true', 'TRUE', 'yes', 'on', 'false', 'no']) {
    t.throws(() => loadConfig({ TRUST_PROXY: value }), { name: 'ConfigError', message: /^invalid TRUST_PROXY=.*hop.*addresses/ }, value)
  }
  for (const value of ['10.0.0.300', '10.0.0.0/33', '::1/129', 'nginx', '10.0.0.0/8/1', '1.5', '10.0.0.1,', '11']) {
    t.throws(() => loadConfig({ TRUST_PROXY: value }), { name: 'ConfigError', message: /^invalid TRUST_PROXY/ }, value)
    try {
      loadConfig({ TRUST_PROXY: value })
    } catch (err) {
      t.notMatch((err as Error).message, /\n/, 'one line')
    }
  }
})

t.test('replicas, the direct URL and prepared statements (docs/scaling.md)', async (t) => {
  const db = 'postgresql://u@primary:5432/toasoan'
  const none = loadConfig({})
  t.same([none.databaseReplicaUrls, none.replicaMaxLagMs, none.databaseDirectUrl, none.preparedStatements], [[], 5000, undefined, true])
  const c = loadConfig({
    DATABASE_URL: db,
    DATABASE_REPLICA_URLS: ' postgresql://u@r1/toasoan, postgresql://u@r2/toasoan ,',
    REPLICA_MAX_LAG_MS: '250',
    DB_PREPARED_STATEMENTS: 'off',
  })
  t.same([c.databaseReplicaUrls, c.replicaMaxLagMs, c.preparedStatements], [['postgresql://u@r1/toasoan', 'postgresql://u@r2/toasoan'], 250, false])
  t.throws(() => loadConfig({ DATABASE_URL: db, DATABASE_REPLICA_URLS: 'mysql://r1/x' }), { message: /^invalid DATABASE_REPLICA_URLS: scheme/ })
  t.throws(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgresql://u@r1/toasoan' }), { message: /^invalid DATABASE_REPLICA_URLS: needs DATABASE_URL/ })
  t.throws(() => loadConfig({ DATABASE_URL: db, DATABASE_DIRECT_URL: 'nope' }), { message: /^invalid DATABASE_DIRECT_URL: not a URL/ })
  t.throws(() => loadConfig({ DB_PREPARED_STATEMENTS: 'maybe' }), { message: /^invalid DB_PREPARED_STATEMENTS="maybe": must be one of on, off/ })
})
