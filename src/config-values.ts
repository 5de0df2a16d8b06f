// The checks of single configuration values (config.ts assembles them): each throws a ConfigError
// whose one line names the variable and what would be right.
import { isIP } from 'node:net'
import { ROLES, type Role } from './schemas/auth.ts'
import { articleUrlPatternProblem } from './lib/article-url.ts'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** `none`, or comma-separated role names. */
export function parseRoles(value: string): Role[] {
  const v = value.trim()
  if (v === 'none') return []
  const roles = v
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role))
      throw new ConfigError(`invalid MFA_REQUIRED_ROLES: "${role}" is not a role (${ROLES.join(', ')}, or none)`)
  }
  if (!roles.length) throw new ConfigError('invalid MFA_REQUIRED_ROLES: name roles, comma-separated, or none')
  return roles as Role[]
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * `true` would trust every X-Forwarded-For, so a client rotating its leftmost entry gets a fresh
 * address (and a fresh rate limit) each time: only a hop count or the proxies' own addresses.
 */
export function parseTrustProxy(value: string | undefined): number | string[] {
  if (value === undefined) return 0
  const v = value.trim()
  if (/^\d+$/.test(v)) {
    const hops = Number(v)
    if (hops > 10) throw new ConfigError(`invalid TRUST_PROXY=${JSON.stringify(value)}: a hop count is at most 10`)
    return hops
  }
  if (/^(true|false|yes|no|on|off|y|n)$/i.test(v)) {
    throw new ConfigError(
      `invalid TRUST_PROXY=${JSON.stringify(value)}: name what to trust: the number of proxy hops in front (1 for one nginx) or their addresses/CIDRs, ` +
        `comma-separated; unset trusts none`,
    )
  }
  const entries = v.split(',').map((e) => e.trim())
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      throw new ConfigError(`invalid TRUST_PROXY: "${entry}" is not an IP address, a CIDR (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`)
    }
  }
  return entries
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

export function checkPreviewUrlPattern(value: string): string {
  const v = value.trim()
  if (!v.includes('{token}')) throw new ConfigError('invalid PREVIEW_URL_PATTERN: must contain {token} (the preview token)')
  if (!/^(\/(?!\/)|https?:\/\/[^/\s]+)/.test(v) || /\s/.test(v)) {
    throw new ConfigError(
      'invalid PREVIEW_URL_PATTERN: a path (/preview/{id}?token={token}) or an http(s) URL (https://example.vn/xem-truoc/{slug}?token={token})',
    )
  }
  return v
}

export function checkDatabaseUrl(value: string, name = 'DATABASE_URL'): void {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`invalid ${name}: not a URL (expected postgresql://user:password@host:5432/database)`)
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new ConfigError(`invalid ${name}: scheme "${url.protocol}" is not postgresql:`)
  }
  if (!url.hostname || url.pathname.length < 2) {
    throw new ConfigError(`invalid ${name}: needs a host and a database name (postgresql://user:password@host:5432/database)`)
  }
}

export function checkArticleUrlPattern(v: string): string {
  const problem = articleUrlPatternProblem(v)
  if (problem) throw new ConfigError(`invalid ARTICLE_URL_PATTERN: ${problem}`)
  return v
}
