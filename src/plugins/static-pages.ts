// The moderation console (/console) and the reader demo (/demo/{slug}): static files built by
// `npm run build` from web/ into dist/web/, assets under /ui/. Without a build (unit tests, a
// fresh clone before `npm start`) these paths answer 503 and the API runs as usual.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { sendProblem } from './errors.ts'

export interface StaticPagesOptions {
  root?: string
}

export const DEFAULT_UI_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url))
const PAGES = { console: ['/console', '/console/*'], demo: ['/demo', '/demo/:slug'] } as const
// hidden from the OpenAPI document: these are pages, not API operations
const hide = { schema: { hide: true } }

const staticPages: FastifyPluginAsync<StaticPagesOptions> = async (app, { root = DEFAULT_UI_ROOT }) => {
  const built = Object.keys(PAGES).every((page) => existsSync(path.join(root, page, 'index.html')))
  if (!built) {
    app.log.info(`the console and demo pages are not built (${root}); run \`npm run build\``)
    const notBuilt = async (_req: unknown, reply: FastifyReply) =>
      sendProblem(reply, 503, 'the console and demo pages are not built; run `npm run build` (npm start does it)')
    for (const url of [...PAGES.console, ...PAGES.demo, '/ui/*']) app.get(url, hide, notBuilt)
    return
  }

  await app.register(fastifyStatic, {
    root,
    prefix: '/ui/',
    index: false,
    cacheControl: false,
    setHeaders: (reply, file) => {
      // file names under assets/ carry a content hash; the pages themselves must be revalidated
      reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })

  for (const [page, urls] of Object.entries(PAGES)) {
    const file = `${page}/index.html`
    for (const url of urls) {
      app.get(url, hide, async (_req, reply) => reply.sendFile(file))
    }
  }
}

export default staticPages
