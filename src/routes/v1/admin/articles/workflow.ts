// One route per workflow action, made from the transition table: its roles, its from-statuses.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import { IdParamsSchema, problems, type IdParams } from '../../../../schemas/common.ts'
import {
  EtagHeaders,
  IfMatchHeadersSchema,
  PublishBodySchema,
  RejectBodySchema,
  StaffArticleSchema,
  type PublishBody,
  type RejectBody,
} from '../../../../schemas/admin-articles.ts'
import { access, auditContext, authUser, requireRoles } from '../../../../plugins/auth.ts'
import { parseIfMatch, versionEtag } from '../../../../lib/version-etag.ts'
import { TRANSITIONS, type WorkflowAction } from '../../../../services/content/article-workflow.ts'

const ABOUT: Record<WorkflowAction, { summary: string; note: string; body?: TSchema }> = {
  submit: { summary: 'Submit a draft for review', note: 'Contributors: only their own drafts.' },
  reject: {
    summary: 'Send an article in review back to draft, with the reason',
    note: 'The reason is kept in rejectionReason until the next submit or publish.',
    body: RejectBodySchema,
  },
  publish: {
    summary: 'Publish now, or schedule',
    note:
      '`publishAt` in the future schedules the article; otherwise it is published now. Re-publishing keeps the first publication time unless `publishAt` ' +
      'is given. The body may be omitted.',
    body: PublishBodySchema,
  },
  unpublish: { summary: 'Take a published or scheduled article back to draft', note: 'Out of public view; publishedAt is kept for a later re-publish.' },
  archive: { summary: 'Archive an article', note: 'Out of public view for good.' },
}

const workflowRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { articles } = app.services

  for (const [action, rule] of Object.entries(TRANSITIONS) as Array<[WorkflowAction, (typeof TRANSITIONS)[WorkflowAction]]>) {
    const about = ABOUT[action]
    app.post(
      `/:id/${action}`,
      {
        onRequest: requireRoles(...rule.roles),
        // a body-less POST is an empty request, not an invalid one
        ...(about.body && {
          preValidation: async (req) => {
            req.body ??= {}
          },
        }),
        schema: {
          tags: ['admin'],
          operationId: `${action}Article`,
          summary: about.summary,
          ...access(
            [...rule.roles],
            `From ${rule.from.join(', ')} to ${
              action === 'publish' ? 'published or ' + 'scheduled' : rule.to
            }; from any other status: 409 with currentStatus. ${about.note} An If-Match, when sent, must be current (412).`,
          ),
          params: IdParamsSchema,
          headers: IfMatchHeadersSchema,
          ...(about.body && { body: about.body }),
          response: { 200: { ...StaffArticleSchema, headers: EtagHeaders }, ...problems(400, 401, 403, 404, 409, 412) },
        },
      },
      async (req, reply) => {
        // the schema is chosen per action above, which hides the request types from the compiler
        const { id } = req.params as IdParams
        const input = (req.body ?? {}) as PublishBody & Partial<RejectBody>
        const article = await articles.transition(action, id, authUser(req), input, parseIfMatch(req.headers['if-match'], id), auditContext(req))
        return reply.header('etag', versionEtag(article.id, article.version)).send(article)
      },
    )
  }
}

export default workflowRoutes
