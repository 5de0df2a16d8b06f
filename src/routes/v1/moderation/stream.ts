// The live moderation stream: POST /stream-ticket (moderator, admin) → a single-use ticket;
// GET /stream?ticket= → text/event-stream. The stream is a body Fastify pipes (so the onSend hooks
// run: no caching, request id), ended by the client's disconnect or by app.close() (preClose), so
// a graceful shutdown never waits on an open stream.
import { PassThrough } from 'node:stream'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { problems } from '../../../schemas/common.ts'
import { StreamEventSchemas, StreamQuerySchema, StreamTicketSchema, STREAM_TICKET_SECONDS } from '../../../schemas/moderation-stream.ts'
import { access, authUser, requireRoles } from '../../../plugins/auth.ts'
import { UnauthorizedError } from '../../../lib/errors.ts'

export const HEARTBEAT_MS = 15_000
// how long a browser waits before reconnecting by itself (the console asks for a new ticket first)
const RETRY_MS = 3_000
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i

const EVENTS_NOTE = Object.entries(StreamEventSchemas)
  .map(([name, s]) => `\`${name}\`: ${(s as { description?: string }).description ?? 'the queue depth and decision counts, as GET /v1/moderation/stats'}`)
  .join('; ')

const streamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { moderationStream } = app.services
  const open = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of [...open]) end()
  })
  app.addHook('onClose', async () => moderationStream.close())

  app.post(
    '/stream-ticket',
    {
      onRequest: requireRoles('moderator'),
      schema: {
        tags: ['moderation'],
        operationId: 'createModerationStreamTicket',
        summary: 'A ticket that opens the live moderation stream',
        ...access(
          ['moderator'],
          `Single use, valid ${STREAM_TICKET_SECONDS} seconds, accepted by any instance. EventSource cannot send an Authorization header: the ticket travels ` +
            `in the URL instead of the access token.`,
        ),
        response: { 201: StreamTicketSchema, ...problems(401, 403) },
      },
    },
    async (req, reply) => reply.code(201).send(await moderationStream.issueTicket(authUser(req))),
  )

  app.get(
    '/stream',
    {
      schema: {
        tags: ['moderation'],
        operationId: 'streamModerationEvents',
        summary: 'Live moderation events (Server-Sent Events)',
        description: [
          'Opened with a ticket from POST /v1/moderation/stream-ticket, as `?ticket=` or `Authorization: Bearer <ticket>` (an access token is not a ticket).',
          'Without a valid, unspent ticket: 401 at once. Otherwise `text/event-stream`, carrying changes made on any instance:',
          `${EVENTS_NOTE}.`,
          "Each event's `data` is one JSON object. A `stats` event comes first, then after each burst of changes;",
          `a \`: heartbeat\` comment every ${HEARTBEAT_MS / 1000} s keeps proxies from closing the connection. Reconnect with a fresh ticket.`,
        ].join(' '),
        security: [{ streamTicket: [] }],
        querystring: StreamQuerySchema,
        response: {
          200: {
            description: 'the event stream',
            content: { 'text/event-stream': { schema: Type.String({ description: 'event: <type>\\ndata: <JSON>\\n\\n, repeated' }) } },
          },
          ...problems(400, 401),
        },
      },
    },
    async (req, reply) => {
      const header = req.headers.authorization
      const ticket = header === undefined ? req.query.ticket : BEARER.exec(header)?.[1]
      const moderator = ticket ? await moderationStream.redeem(ticket) : null
      if (!moderator) throw new UnauthorizedError('a valid, unspent stream ticket is required (POST /v1/moderation/stream-ticket)')

      const body = new PassThrough()
      const write = (chunk: string) => {
        if (!body.writableEnded) body.write(chunk)
      }
      const unsubscribe = moderationStream.subscribe((e) => write(`event: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`))
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS)
      heartbeat.unref()
      const end = () => {
        if (!open.delete(end)) return
        clearInterval(heartbeat)
        unsubscribe()
        body.end()
      }
      open.add(end)
      reply.raw.once('close', end)
      write(`retry: ${RETRY_MS}\n: connected as ${moderator.id}\n\n`)
      moderationStream.snapshot().then(
        (e) => write(`event: stats\ndata: ${JSON.stringify(e.data)}\n\n`),
        () => {},
      )
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          // nginx buffers responses by default, which would hold events back
          .header('x-accel-buffering', 'no')
          .send(body as unknown as string)
      ) // a stream body: the typed reply knows only the schema's string
    },
  )
}

export default streamRoutes
