// GET /sitemap.xml, /sitemaps/{file} and /sitemap-news.xml: the sitemap index, its sitemaps and
// the Google News sitemap. Articles marked noindex appear in none of them.
import { Readable } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { publicCache } from '../../plugins/http-cache.ts'
import { CACHE_NOTE, cachedResponses } from '../../schemas/public.ts'
import { SitemapFileParamsSchema, documentResponse } from '../../schemas/feeds.ts'
import type { XmlStream, XmlString } from '../../services/feeds/sitemaps.ts'

const XML = 'application/xml; charset=utf-8'
const xmlResponse = (what: string, ...problemCodes: number[]) => ({ 200: documentResponse('application/xml', what), ...cachedResponses(...problemCodes) })

function send(req: FastifyRequest, reply: FastifyReply, doc: XmlString) {
  reply.type(XML)
  return publicCache(req, reply, doc.body, doc.version, doc.tags)
}

/** A month's file: its version is known before its rows are read, so a 304 reads none of them. */
function sendStream(req: FastifyRequest, reply: FastifyReply, doc: XmlStream) {
  reply.type(XML)
  const sent = publicCache(req, reply, null, doc.version, doc.tags)
  if (sent === reply) return reply
  const stream = Readable.from(doc.body())
  stream.on('error', (err) => req.log.error({ err }, 'a sitemap stream failed after its headers were sent'))
  // a stream body: the typed reply knows only the schema's string
  return reply.send(stream as unknown as string)
}

const sitemapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sitemaps } = app.services

  app.get(
    '/sitemap.xml',
    {
      schema: {
        tags: ['sitemaps'],
        operationId: 'getSitemapIndex',
        summary: 'The sitemap index',
        description:
          'Lists `/sitemaps/sections.xml`, `/sitemaps/organizations.xml` (when there are any) and one sitemap per month that has public, ' +
          "indexable articles (months of Vietnam's calendar, UTC+7, as in article URLs), newest month first, each with the newest change " +
          'among its articles as `lastmod`. A month of more than 50,000 articles is split: `articles-{yyyy}-{mm}.xml` holds its first ' +
          `50,000 (oldest first), \`articles-{yyyy}-{mm}-2.xml\` the next, and so on. ${CACHE_NOTE}`,
        response: xmlResponse('a sitemaps.org sitemap index'),
      },
    },
    async (req, reply) => send(req, reply, await sitemaps.index()),
  )

  for (const kind of ['sections', 'organizations'] as const) {
    app.get(
      `/sitemaps/${kind}.xml`,
      {
        schema: {
          tags: ['sitemaps'],
          operationId: kind === 'sections' ? 'getSectionsSitemap' : 'getOrganizationsSitemap',
          summary: kind === 'sections' ? "The sections' pages" : "The organizations' pages",
          description:
            `${kind === 'sections' ? 'Every section at `/{slug}`' : 'Every organization at `/to-chuc/{slug}`'}, ordered by slug; ` +
            `a 404 while there are none (a sitemap must list at least one URL). ${CACHE_NOTE}`,
          response: xmlResponse('a sitemaps.org urlset', 404),
        },
      },
      async (req, reply) => send(req, reply, await sitemaps.entities(kind)),
    )
  }

  app.get(
    '/sitemaps/:file',
    {
      schema: {
        tags: ['sitemaps'],
        operationId: 'getArticlesSitemap',
        summary: "One month's articles",
        description:
          "`articles-{yyyy}-{mm}.xml`: the public, indexable articles published in that month of Vietnam's calendar, oldest first, each " +
          'with its URL and `lastmod`; `articles-{yyyy}-{mm}-{n}.xml` is part n (from 2) of a month of more than 50,000. A month without ' +
          `such articles, a part past the last or any other name is a 404. Streamed. ${CACHE_NOTE}`,
        params: SitemapFileParamsSchema,
        response: xmlResponse('a sitemaps.org urlset', 400, 404),
      },
    },
    async (req, reply) => sendStream(req, reply, await sitemaps.month(req.params.file)),
  )

  app.get(
    '/sitemap-news.xml',
    {
      schema: {
        tags: ['sitemaps'],
        operationId: 'getNewsSitemap',
        summary: 'The Google News sitemap',
        description:
          'The public, indexable articles published in the last 48 hours, newest first, at most 1,000, each with ' +
          `\`news:publication\` (\`SITE_NAME\`, language \`vi\`), \`news:publication_date\` and \`news:title\`. ${CACHE_NOTE}`,
        response: xmlResponse('a sitemap with the Google News extension'),
      },
    },
    async (req, reply) => send(req, reply, await sitemaps.news()),
  )
}

export default sitemapRoutes
