import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, problems } from '../../../../schemas/common.ts'
import {
  ArticleCreateSchema,
  ArticlePatchSchema,
  EtagHeaders,
  IfMatchHeadersSchema,
  RevisionListQuerySchema,
  RevisionListSchema,
  StaffArticleListQuerySchema,
  StaffArticleListSchema,
  StaffArticleSchema,
} from '../../../../schemas/admin-articles.ts'
import type { Role } from '../../../../schemas/auth.ts'
import { access, auditContext, authUser, requireRoles } from '../../../../plugins/auth.ts'
import { sendPage } from '../../../../plugins/paging.ts'
import { parseIfMatch, versionEtag } from '../../../../lib/version-etag.ts'
import workflowRoutes from './workflow.ts'
import previewRoutes from './preview.ts'

const WRITERS: Role[] = ['editor', 'contributor']
// the read endpoints also admit API keys with content:read (acting as an editor)
const READ = { scope: 'content:read' } as const
const OWN = 'Contributors: only articles whose byline includes their own author profile (others are 404).'

const articleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { articles } = app.services

  app.get(
    '/',
    {
      onRequest: requireRoles(...WRITERS, READ),
      schema: {
        tags: ['admin'],
        operationId: 'listStaffArticles',
        summary: 'Articles in every status, last changed first',
        ...access(WRITERS, OWN, READ.scope),
        querystring: StaffArticleListQuerySchema,
        response: { 200: StaffArticleListSchema, ...problems(400, 401, 403) },
      },
    },
    async (req, reply) => {
      const list = await articles.list(req.query, authUser(req))
      return sendPage(req, reply, list)
    },
  )

  app.post(
    '/',
    {
      onRequest: requireRoles(...WRITERS),
      schema: {
        tags: ['admin'],
        operationId: 'createArticle',
        summary: 'Create a draft',
        ...access(
          WRITERS,
          'The slug is made from the title unless given (a clash gets -2, -3, …; a given slug that is taken is 409). The body is sanitised to an allowlist ' +
            'of HTML. Contributors: the byline names their own author profile and no one else (an editor adds co-authors; 403 otherwise).',
        ),
        body: ArticleCreateSchema,
        response: { 201: { ...StaffArticleSchema, headers: EtagHeaders }, ...problems(400, 401, 403, 409) },
      },
    },
    async (req, reply) => {
      const article = await articles.create(req.body, authUser(req), auditContext(req))
      return reply.code(201).header('location', `/v1/admin/articles/${article.id}`).header('etag', versionEtag(article.id, article.version)).send(article)
    },
  )

  app.get(
    '/:id',
    {
      onRequest: requireRoles(...WRITERS, READ),
      schema: {
        tags: ['admin'],
        operationId: 'getStaffArticle',
        summary: 'One article, with its ETag',
        ...access(WRITERS, OWN, READ.scope),
        params: IdParamsSchema,
        response: { 200: { ...StaffArticleSchema, headers: EtagHeaders }, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const article = await articles.get(req.params.id, authUser(req))
      return reply.header('etag', versionEtag(article.id, article.version)).send(article)
    },
  )

  app.patch(
    '/:id',
    {
      onRequest: requireRoles(...WRITERS),
      schema: {
        tags: ['admin'],
        operationId: 'updateArticle',
        summary: 'Change an article (If-Match required)',
        ...access(
          WRITERS,
          `If-Match must carry the ETag last read: 428 without it, 412 when the article has changed since. The status changes only through the workflow ` +
            `actions. ${OWN} Contributors change only drafts, and may reorder a byline but neither leave it nor add or remove another author (403 otherwise).`,
        ),
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ArticlePatchSchema,
        response: { 200: { ...StaffArticleSchema, headers: EtagHeaders }, ...problems(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (req, reply) => {
      const article = await articles.update(req.params.id, req.body, authUser(req), parseIfMatch(req.headers['if-match'], req.params.id), auditContext(req))
      return reply.header('etag', versionEtag(article.id, article.version)).send(article)
    },
  )

  app.delete(
    '/:id',
    {
      onRequest: requireRoles('editor'),
      schema: {
        tags: ['admin'],
        operationId: 'deleteArticle',
        summary: 'Delete an article that was never published',
        ...access(
          ['editor'],
          'Only an article that readers never saw goes for good: one ever published or scheduled, or with comments, is 409 — archive it instead (POST ' +
            '…/archive), which keeps its revisions, comments and moderation history. Editors delete drafts only (403 otherwise); admins also a ' +
            'never-published article in another status. An If-Match, when sent, must be current (412).',
        ),
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 204: Type.Null({ description: 'deleted' }), ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (req, reply) => {
      await articles.remove(req.params.id, authUser(req), parseIfMatch(req.headers['if-match'], req.params.id), auditContext(req))
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/:id/revisions',
    {
      onRequest: requireRoles(...WRITERS, READ),
      schema: {
        tags: ['admin'],
        operationId: 'listArticleRevisions',
        summary: 'Every saved version, newest first: who, when, what changed, the full snapshot',
        ...access(WRITERS, `${OWN} Who saved a version is given by name and role; the login e-mail only to admins.`, READ.scope),
        params: IdParamsSchema,
        querystring: RevisionListQuerySchema,
        response: { 200: RevisionListSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      const list = await articles.revisions(req.params.id, authUser(req), req.query)
      return sendPage(req, reply, list)
    },
  )

  await app.register(workflowRoutes)
  await app.register(previewRoutes)
}

export default articleRoutes
