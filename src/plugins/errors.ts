// The one error handler and the 404 handler: every failure leaves as RFC 9457 problem+json.
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, type FieldError } from '../lib/errors.ts'
import { isDatabaseUnavailable, isTransientConflict, prismaErrorStatus } from '../db/errors.ts'

const kind = (status: number) => (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-')

/** The one problem shape (RFC 9457), for a reply and for a raw socket alike. */
export function problemBody(status: number, detail: string | undefined, fields: Record<string, unknown> = {}) {
  return {
    type: `urn:toasoan:problem:${kind(status)}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...fields,
  }
}

export function sendProblem(reply: FastifyReply, status: number, detail: string | undefined, extra: Record<string, unknown> = {}) {
  const { headers, ...fields } = extra as { headers?: Record<string, string> }
  if (headers) reply.headers(headers)
  return reply
    .code(status)
    .type('application/problem+json')
    .header('cache-control', 'no-store')
    .send(problemBody(status, detail, { requestId: reply.request.id, ...fields }))
}

interface ValidationIssue {
  instancePath?: string
  message?: string
  params?: Record<string, unknown>
}

function fieldErrors(err: FastifyError): FieldError[] {
  const context = err.validationContext ?? 'body'
  return (err.validation as ValidationIssue[]).map((v) => {
    const missing = (v.params?.requiredProperties as string[] | undefined)?.[0] ?? v.params?.missingProperty
    const extraProp = (v.params?.additionalProperties as string[] | undefined)?.[0] ?? v.params?.additionalProperty
    const tail = missing ? `/${missing}` : extraProp ? `/${extraProp}` : ''
    return { path: `${context}${v.instancePath ?? ''}${tail}`, message: v.message ?? 'invalid' }
  })
}

export function registerErrorHandlers(app: FastifyInstance) {
  // every body this API takes is JSON: without Fastify's default text/plain parser any other type
  // is a 415, as the contract says, instead of a string that fails validation with a 400
  app.removeContentTypeParser('text/plain')
  // while the server drains (SIGTERM), a request still arriving on a kept-alive connection is sent
  // elsewhere in the one error shape; Fastify's own return503OnClosing answer is plain JSON, so
  // serverOptions() turns that off and this hook answers instead
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (_req, reply) => {
    if (!closing) return
    reply.header('connection', 'close')
    return sendProblem(reply, 503, 'the server is shutting down; retry', { headers: { 'retry-after': '1' } })
  })
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return sendProblem(reply, err.status, err.message, err.extra)
    if (err.validation) {
      const errors = fieldErrors(err)
      return sendProblem(reply, 400, `invalid ${err.validationContext ?? 'input'}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors })
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err: { message: err.message, code: err.code } }, 'database unavailable')
      return sendProblem(reply, 503, 'the database is unavailable; retry shortly', { headers: { 'retry-after': '5' } })
    }
    if (isTransientConflict(err)) {
      req.log.warn({ err: { message: err.message, code: err.code } }, 'transaction lost to a concurrent one')
      return sendProblem(reply, 503, 'a concurrent change got in the way; nothing was saved, retry', { headers: { 'retry-after': '1' } })
    }
    const prismaStatus = prismaErrorStatus(err)
    if (prismaStatus) {
      const detail = { 400: 'the input contains a character that cannot be stored (such as NUL)', 404: 'not found', 409: 'conflicts with existing data' }
      return sendProblem(reply, prismaStatus, detail[prismaStatus])
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, body too large, wrong content type, rate limit)
      const headers = status === 429 ? { 'retry-after': String(reply.getHeader('retry-after') ?? 60) } : undefined
      return sendProblem(reply, status, err.message, { headers })
    }
    req.log.error({ err }, 'unhandled error')
    return sendProblem(reply, 500, 'internal error; quote the requestId when reporting it')
  })
  app.setNotFoundHandler((req, reply) => sendProblem(reply, 404, `no route for ${req.method} ${req.url.split('?')[0]}`))
}

/**
 * Fastify's router refuses a malformed URL (bad percent-encoding) or an over-long path parameter
 * before any hook or error handler runs, answering plain JSON that echoes the whole URL. With this
 * as the `frameworkErrors` server option those leave as problem+json too, echoing nothing.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', req.id)
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendProblem(reply, 414, 'a path segment is too long')
  if (err.code === 'FST_ERR_BAD_URL') return sendProblem(reply, 400, 'the URL is not valid (bad percent-encoding)')
  req.log.error({ err }, 'router error')
  return sendProblem(reply, 500, 'internal error; quote the requestId when reporting it')
}

/**
 * What Node's HTTP parser refuses (conflicting Content-Length and Transfer-Encoding, a bad chunk
 * size, a byte that has no place in a URL, headers over the size limit, a request too slow to
 * arrive) never becomes a request, so neither the error handler nor a hook sees it. As the
 * `clientErrorHandler` server option this answers on the socket itself, in the one problem shape,
 * and closes the connection: the parser cannot find where the next request would start.
 */
export function clientErrorHandler(this: FastifyInstance, err: ConnectionError, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const detail =
    status === 408
      ? 'the request did not arrive in time'
      : status === 431
        ? 'the request headers are too large'
        : `the request is not valid HTTP${(err as { reason?: string }).reason ? ` (${(err as { reason?: string }).reason})` : ''}`
  this.log.debug({ err: { message: err.message, code: err.code } }, 'client error')
  // a response already under way on this socket (its headers sent) cannot be followed by another
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(problemBody(status, detail))
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/problem+json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Cache-Control: no-store',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    )
  }
  socket.destroy(err)
}
