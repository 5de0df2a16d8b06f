// Feeds and sitemaps: their path parameters and their documents (XML or JSON Feed text).
import { Type, type Static, type TSchema } from 'typebox'
import { Slug } from './common.ts'
import { FEED_KINDS } from '../db/queries/public-feeds.ts'

export const FeedScopeParamsSchema = Type.Object({
  kind: Type.Union(
    FEED_KINDS.map((k) => Type.Literal(k)),
    { description: 'what the feed follows: a section or an organization (with everything below it), an author or a tag' },
  ),
  slug: Slug(['thoi-su', 'dang-bo-tinh-ngoc-lam']),
})
export type FeedScopeParams = Static<typeof FeedScopeParamsSchema>

export const SitemapFileParamsSchema = Type.Object({
  file: Type.String({
    minLength: 1,
    maxLength: 40,
    examples: ['articles-2026-11.xml', 'articles-2026-11-2.xml'],
    description: "`articles-{yyyy}-{mm}.xml` (a month of Vietnam's calendar) or `articles-{yyyy}-{mm}-{n}.xml` (its part n, from 2)",
  }),
})
export type SitemapFileParams = Static<typeof SitemapFileParamsSchema>

/** A 200 whose body is a document of `mediaType`, sent as text (never serialised as JSON). */
export function documentResponse(mediaType: string, description: string): { description: string; content: Record<string, { schema: TSchema }> } {
  return { description, content: { [mediaType]: { schema: Type.String({ description }) } } }
}
