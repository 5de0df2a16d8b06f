// Absolute URLs on the portal besides the article's (lib/article-url.ts): a section's and an
// organization's page, and media files. The portal's pages for these have no configurable
// pattern yet: a section lives at /{slug} (as the default article pattern /{section}/{slug}
// implies), an organization at /to-chuc/{slug}.

export const sectionUrl = (siteUrl: string, slug: string) => `${siteUrl}/${encodeURIComponent(slug)}`
export const organizationUrl = (siteUrl: string, slug: string) => `${siteUrl}/to-chuc/${encodeURIComponent(slug)}`

/** A stored file's URL: MEDIA_PUBLIC_URL + key, on the site's address when MEDIA_PUBLIC_URL is a path. */
export function mediaUrl(siteUrl: string, mediaBase: string, key: string): string {
  const base = /^https?:\/\//i.test(mediaBase) ? mediaBase : `${siteUrl}${mediaBase.startsWith('/') ? '' : '/'}${mediaBase}`
  return `${base}/${key}`
}
