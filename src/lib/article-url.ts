// Where the portal shows an article: PUBLIC_SITE_URL + ARTICLE_URL_PATTERN. The one spelling of an
// article's public URL, used by the SEO defaults, the feeds and the sitemaps.

const PLACEHOLDERS = ['section', 'slug', 'id', 'yyyy', 'mm', 'dd'] as const
type Placeholder = (typeof PLACEHOLDERS)[number]

export interface ArticleUrlInput {
  id: string
  slug: string
  /** the primary section's slug; an article without one uses FALLBACK_SECTION */
  sectionSlug: string | null
  publishedAt: Date | string | null
}

/** the `{section}` of an article that has no primary section */
export const FALLBACK_SECTION = 'tin-tuc'

/** why a pattern cannot be used, or undefined when it can */
export function articleUrlPatternProblem(pattern: string): string | undefined {
  if (!pattern.startsWith('/')) return 'a path starting with / (the site address comes from PUBLIC_SITE_URL)'
  if (/\s/.test(pattern)) return 'no spaces'
  const names = [...pattern.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!)
  const unknown = names.find((n) => !(PLACEHOLDERS as readonly string[]).includes(n))
  if (unknown !== undefined) return `unknown placeholder {${unknown}}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`
  // without the slug or the id two articles would share one URL
  if (!names.includes('slug') && !names.includes('id')) return 'must contain {slug} or {id}'
  return undefined
}

/** the article's absolute URL; `siteUrl` has no trailing slash. The date parts are Vietnam's calendar day. */
export function articleUrl(siteUrl: string, pattern: string, a: ArticleUrlInput): string {
  const day = a.publishedAt === null ? undefined : vietnamDay(new Date(a.publishedAt))
  const values: Record<Placeholder, string> = {
    section: a.sectionSlug ?? FALLBACK_SECTION,
    slug: a.slug,
    id: a.id,
    yyyy: day?.yyyy ?? '0000',
    mm: day?.mm ?? '00',
    dd: day?.dd ?? '00',
  }
  return siteUrl + pattern.replace(/\{([a-z]+)\}/g, (_, name: Placeholder) => encodeURIComponent(values[name]))
}

// a Vietnamese portal dates its URLs by the newsroom's calendar (UTC+7, no daylight saving)
function vietnamDay(at: Date): { yyyy: string; mm: string; dd: string } {
  const local = new Date(at.getTime() + 7 * 3600_000)
  return {
    yyyy: String(local.getUTCFullYear()).padStart(4, '0'),
    mm: String(local.getUTCMonth() + 1).padStart(2, '0'),
    dd: String(local.getUTCDate()).padStart(2, '0'),
  }
}
