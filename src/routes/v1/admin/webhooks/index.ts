import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import {
  DeliveryListQuerySchema,
  DeliveryListSchema,
  DeliveryParamsSchema,
  DeliverySchema,
  WebhookCreateSchema,
  WebhookListQuerySchema,
  WebhookListSchema,
  WebhookPatchSchema,
  WebhookSchema,
  WebhookWithSecretSchema,
} from '../../../../schemas/webhooks.ts'
import { access, auditContext, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'

const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { webhooks } = app.services
  app.addHook('onRequest', requireRoles('admin', { scope: 'webhooks:manage' }))
  const doc = access(['admin'], 'Deliveries are signed: docs/webhooks.md.')
  const tags = ['webhooks']

  app.get(
    '/',
    {
      schema: {
        tags,
        operationId: 'listWebhooks',
        summary: 'Webhook endpoints, newest first',
        ...doc,
        querystring: WebhookListQuerySchema,
        response: { 200: WebhookListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => sendPage(req, reply, await webhooks.list(req.query)),
  )

  app.post(
    '/',
    {
      schema: {
        tags,
        operationId: 'createWebhook',
        summary: 'Add a webhook endpoint; its signing secret is shown only in this response',
        ...doc,
        body: WebhookCreateSchema,
        response: { 201: WebhookWithSecretSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const hook = await webhooks.create(req.body, auditContext(req))
      return reply.code(201).header('location', `/v1/admin/webhooks/${hook.id}`).send(hook)
    },
  )

  app.get(
    '/:id',
    {
      schema: {
        tags,
        operationId: 'getWebhook',
        summary: 'One webhook endpoint',
        ...doc,
        params: IdParamsSchema,
        response: { 200: WebhookSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => webhooks.get(req.params.id),
  )

  app.patch(
    '/:id',
    {
      schema: {
        tags,
        operationId: 'updateWebhook',
        summary: 'Change a webhook endpoint (active: true re-enables a disabled one)',
        ...doc,
        params: IdParamsSchema,
        body: WebhookPatchSchema,
        response: { 200: WebhookSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => webhooks.update(req.params.id, req.body, auditContext(req)),
  )

  app.delete(
    '/:id',
    {
      schema: {
        tags,
        operationId: 'deleteWebhook',
        summary: 'Delete a webhook endpoint and its delivery log',
        ...doc,
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await webhooks.remove(req.params.id, auditContext(req))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/:id/rotate-secret',
    {
      schema: {
        tags,
        operationId: 'rotateWebhookSecret',
        summary: 'A new signing secret; deliveries carry signatures with both for 24 hours',
        ...doc,
        params: IdParamsSchema,
        response: { 200: WebhookWithSecretSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => webhooks.rotateSecret(req.params.id, auditContext(req)),
  )

  app.get(
    '/:id/deliveries',
    {
      schema: {
        tags,
        operationId: 'listWebhookDeliveries',
        summary: 'The delivery log of an endpoint, newest first',
        ...doc,
        params: IdParamsSchema,
        querystring: DeliveryListQuerySchema,
        response: { 200: DeliveryListSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => sendPage(req, reply, await webhooks.deliveries(req.params.id, req.query)),
  )

  app.post(
    '/:id/deliveries/:deliveryId/retry',
    {
      schema: {
        tags,
        operationId: 'retryWebhookDelivery',
        summary: 'Send a delivery again now',
        ...doc,
        params: DeliveryParamsSchema,
        response: { 202: DeliverySchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(202).send(await webhooks.retry(req.params.id, req.params.deliveryId, auditContext(req))),
  )
}

export default webhookRoutes
