import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema, problems } from '../../../schemas/common.ts'
import {
  BulkDecisionBodySchema,
  BulkResultSchema,
  ClaimBodySchema,
  ClaimResultSchema,
  DecisionBodySchema,
  LogQuerySchema,
  LogSchema,
  QueueQuerySchema,
  QueueSchema,
  RulesSchema,
  RulesUpdateSchema,
  StaffCommentSchema,
  StatsSchema,
} from '../../../schemas/moderation.ts'
import { BanBodySchema, CommenterParamsSchema, CommenterSchema, NoteBodySchema } from '../../../schemas/commenters.ts'
import { access, auditContext, authUser, requireRoles } from '../../../plugins/auth.ts'
import { sendPage } from '../../../plugins/paging.ts'

const tags = ['moderation']

const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { moderation, moderationReports, commenters } = app.services
  // onRequest: credentials are checked before the input, so a stranger learns nothing from a 400
  app.addHook('onRequest', requireRoles('moderator', { scope: 'moderation' }))

  app.get(
    '/comments',
    {
      schema: {
        tags,
        operationId: 'listModerationComments',
        summary: 'The moderation queue',
        ...access(
          ['moderator'],
          `Comments by status (pending by default, oldest first; decided ones newest first), optionally of one article (slug).`,
          'moderation',
        ),
        querystring: QueueQuerySchema,
        response: { 200: QueueSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const { article, ...rest } = req.query
      return sendPage(req, reply, await moderation.list({ ...rest, articleSlug: article }))
    },
  )

  app.post(
    '/claims',
    {
      schema: {
        tags,
        operationId: 'claimModerationComments',
        summary: 'Lease the next pending comments',
        ...access(
          ['moderator'],
          `Leases up to \`limit\` pending comments that nobody else holds (or whose lease lapsed) to the caller for 5 minutes, oldest first. Concurrent ` +
            `moderators never receive the same comment.`,
          'moderation',
        ),
        body: ClaimBodySchema,
        response: { 200: ClaimResultSchema, ...problems(400, 401, 403) },
      },
    },
    async (req) => ({ data: await moderation.claim(authUser(req), req.body.limit) }),
  )

  app.post(
    '/comments/:id/decision',
    {
      schema: {
        tags,
        operationId: 'decideModerationComment',
        summary: 'Approve, reject or mark as spam',
        ...access(
          ['moderator'],
          `409 when another moderator holds the lease, when the comment is not in \`expectedStatus\`, or when it already has the status the action sets (the ` +
            `body carries \`currentStatus\`). Approved → rejected is a take-down.`,
          'moderation',
        ),
        params: IdParamsSchema,
        body: DecisionBodySchema,
        response: { 200: StaffCommentSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (req) => moderation.decide(authUser(req), req.params.id, req.body),
  )

  app.post(
    '/decisions',
    {
      schema: {
        tags,
        operationId: 'decideModerationComments',
        summary: 'Decide several comments',
        ...access(['moderator'], `One result per item, each decided in its own transaction: one bad item never fails the others.`, 'moderation'),
        body: BulkDecisionBodySchema,
        response: { 200: BulkResultSchema, ...problems(400, 401, 403) },
      },
    },
    async (req) => ({ results: await moderation.decideMany(authUser(req), req.body.decisions) }),
  )

  app.get(
    '/stats',
    {
      schema: {
        tags,
        operationId: 'getModerationStats',
        summary: 'Queue depth and decisions',
        ...access(
          ['moderator'],
          `Pending count, age of the oldest pending comment, decisions by status (all time and today, Vietnam time) and by moderator.`,
          'moderation',
        ),
        response: { 200: StatsSchema, ...problems(401, 403) },
      },
    },
    async () => moderationReports.stats(),
  )

  app.get(
    '/log',
    {
      schema: {
        tags,
        operationId: 'listModerationLog',
        summary: 'Every status change, newest first',
        ...access(['moderator'], `Each entry names the moderator, or \`system\` for the automatic rules.`, 'moderation'),
        querystring: LogQuerySchema,
        response: { 200: LogSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const { comment, moderator, ...paging } = req.query
      return sendPage(req, reply, await moderationReports.log({ ...paging, commentId: comment, moderatorId: moderator }))
    },
  )

  app.get(
    '/rules',
    {
      schema: {
        tags,
        operationId: 'getModerationRules',
        summary: 'The automatic moderation rules',
        ...access(
          ['moderator'],
          `Mode (pre/post), banned words (straight to spam), suspect words and the link limit (held as pending with a flag). Words match whole words or ` +
            `phrases, ignoring case, tone marks and đ/Đ.`,
          'moderation',
        ),
        response: { 200: RulesSchema, ...problems(401, 403) },
      },
    },
    async () => moderationReports.readRules(),
  )

  app.put(
    '/rules',
    {
      schema: {
        tags,
        operationId: 'putModerationRules',
        summary: 'Change the automatic moderation rules',
        ...access(
          ['moderator'],
          `A field not sent keeps its current value. Words are stored in NFC, trimmed, and deduplicated by their folded form. Other instances apply new ` +
            `rules within 5 seconds.`,
          'moderation',
        ),
        body: RulesUpdateSchema,
        response: { 200: RulesSchema, ...problems(400, 401, 403) },
      },
    },
    async (req) => moderationReports.putRules(req.body, authUser(req).id, auditContext(req)),
  )

  app.get(
    '/commenters/:commenterId',
    {
      schema: {
        tags,
        operationId: 'getCommenter',
        summary: "A commenter's history, ban and notes",
        ...access(
          ['moderator'],
          `The commenter is the \`commenterId\` of a staff comment view (a keyed hash; addresses are never shown). 404 when no comment has it.`,
          'moderation',
        ),
        params: CommenterParamsSchema,
        response: { 200: CommenterSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => commenters.get(req.params.commenterId),
  )

  app.post(
    '/commenters/:commenterId/ban',
    {
      schema: {
        tags,
        operationId: 'banCommenter',
        summary: 'Ban a commenter',
        ...access(
          ['moderator'],
          `While the ban lasts (\`until\`, or until lifted) the commenter's new comments go to spam; the reader is still answered 202 pending. A new ban ` +
            `replaces the old one. \`until\` in the past: 400.`,
          'moderation',
        ),
        params: CommenterParamsSchema,
        body: BanBodySchema,
        response: { 200: CommenterSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => commenters.ban(req.params.commenterId, req.body, authUser(req).id, auditContext(req)),
  )

  app.delete(
    '/commenters/:commenterId/ban',
    {
      schema: {
        tags,
        operationId: 'unbanCommenter',
        summary: 'Lift a ban',
        ...access(['moderator'], `A no-op when there is none.`, 'moderation'),
        params: CommenterParamsSchema,
        response: { 200: CommenterSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req) => commenters.unban(req.params.commenterId, auditContext(req)),
  )

  app.post(
    '/commenters/:commenterId/notes',
    {
      schema: {
        tags,
        operationId: 'addCommenterNote',
        summary: 'Note something about a commenter',
        ...access(['moderator'], `Notes are shown to moderators only, newest first.`, 'moderation'),
        params: CommenterParamsSchema,
        body: NoteBodySchema,
        response: { 201: CommenterSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => reply.code(201).send(await commenters.addNote(req.params.commenterId, req.body.text, authUser(req).id)),
  )
}

export default moderationRoutes
