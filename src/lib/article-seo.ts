// The SEO block's one default the database cannot fill: the canonical URL falls back to the
// article's own URL on the portal (lib/article-url.ts), built from the site configuration.
import { articleUrl } from './article-url.ts'

export interface SiteUrls {
  url: string
  articleUrlPattern: string
}

interface SeoArticle {
  id: string
  slug: string
  publishedAt: string | null
  section: { slug: string } | null
  seo: { canonicalUrl: string | null }
}

/** Fills `seo.canonicalUrl` in place when the newsroom set none; returns the article. */
export function withSeoDefaults<A extends SeoArticle>(article: A, site: SiteUrls): A {
  article.seo.canonicalUrl ??= articleUrl(site.url, site.articleUrlPattern, {
    id: article.id,
    slug: article.slug,
    sectionSlug: article.section?.slug ?? null,
    publishedAt: article.publishedAt,
  })
  return article
}
