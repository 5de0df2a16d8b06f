// Sends a page of a list: the `Link: rel="next"` header (lib/paging.ts builds it) when another
// page follows, on every list, public or staff.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { nextLink, type ListMeta } from '../lib/paging.ts'

type NextMeta = Pick<ListMeta, 'page' | 'totalPages' | 'nextCursor'>

export function setNextLink(req: FastifyRequest, reply: FastifyReply, meta: NextMeta): void {
  const link = nextLink(req.url, meta)
  if (link) reply.header('link', link)
}

/** The page as the service built it (`{ data, meta }`), with its Link header. */
export function sendPage<T extends { meta: NextMeta }>(req: FastifyRequest, reply: FastifyReply, body: T): T {
  setNextLink(req, reply, body.meta)
  return body
}
