// GET /feeds/{rss.xml,atom.xml,feed.json} and /feeds/{kind}/{slug}/…: the newest public articles
// as RSS 2.0, Atom 1.0 and JSON Feed 1.1, cacheable like every public read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { publicCache } from '../../plugins/http-cache.ts'
import { CACHE_NOTE, cachedResponses } from '../../schemas/public.ts'
import { FeedScopeParamsSchema, documentResponse } from '../../schemas/feeds.ts'
import { FEED_CONTENT_TYPES, FEED_FORMATS, type FeedDocument, type FeedFile } from '../../services/feeds/feeds.ts'

const NAMES: Record<FeedFile, { op: string; what: string }> = {
  'rss.xml': { op: 'Rss', what: 'RSS 2.0 (`<language>vi</language>`, bylines as `dc:creator`)' },
  'atom.xml': { op: 'Atom', what: 'Atom 1.0 (`xml:lang="vi"`)' },
  'feed.json': { op: 'Json', what: 'JSON Feed 1.1 (`language: "vi"`)' },
}

const ENTRY_NOTE =
  'The newest 50 public articles, newest first; articles marked `noindex` are left out. Each entry: the title, the article URL ' +
  '(`PUBLIC_SITE_URL` + `ARTICLE_URL_PATTERN`), the lead as its summary (not the body), the bylines, publication and update times, ' +
  "and the lead image's original file as an enclosure (type and size from the media library)."

function send(req: FastifyRequest, reply: FastifyReply, doc: FeedDocument) {
  reply.type(doc.contentType)
  return publicCache(req, reply, doc.body, doc.version, doc.tags)
}

const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { feeds } = app.services
  for (const file of Object.keys(FEED_FORMATS) as FeedFile[]) {
    const { op, what } = NAMES[file]
    const response = documentResponse(FEED_CONTENT_TYPES[FEED_FORMATS[file]].split(';')[0]!, `the feed, ${what}`)
    app.get(
      `/${file}`,
      {
        schema: {
          tags: ['feeds'],
          operationId: `getFeed${op}`,
          summary: `Site-wide feed: ${what}`,
          description: `${ENTRY_NOTE} ${CACHE_NOTE}`,
          response: { 200: response, ...cachedResponses() },
        },
      },
      async (req, reply) => send(req, reply, await feeds.site(file)),
    )
    app.get(
      `/:kind/:slug/${file}`,
      {
        schema: {
          tags: ['feeds'],
          operationId: `getScopedFeed${op}`,
          summary: `One section's, organization's, author's or tag's feed: ${what}`,
          description:
            `${ENTRY_NOTE} A section's or organization's feed includes the articles of everything below it. ` + `An unknown slug is a 404. ${CACHE_NOTE}`,
          params: FeedScopeParamsSchema,
          response: { 200: response, ...cachedResponses(400, 404) },
        },
      },
      async (req, reply) => send(req, reply, await feeds.scoped(file, req.params.kind, req.params.slug)),
    )
  }
}

export default feedRoutes
