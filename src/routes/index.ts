// Every route module, registered in one place (one folder per URL prefix under routes/v1).
import type { FastifyPluginAsync } from 'fastify'
import authRoutes from './v1/auth/index.ts'
import meRoutes from './v1/me/index.ts'
import usersRoutes from './v1/users/index.ts'
import adminArticleRoutes from './v1/admin/articles/index.ts'
import adminAuthorRoutes from './v1/admin/authors/index.ts'
import adminOrganizationRoutes from './v1/admin/organizations/index.ts'
import adminApiKeyRoutes from './v1/admin/api-keys/index.ts'
import articleRoutes from './v1/articles/index.ts'
import authorRoutes from './v1/authors/index.ts'
import organizationRoutes from './v1/organizations/index.ts'
import commentRoutes from './v1/articles/comments.ts'
import captchaRoutes from './v1/captchas/index.ts'
import communityRoutes from './v1/comments/index.ts'
import moderationRoutes from './v1/moderation/index.ts'
import moderationStreamRoutes from './v1/moderation/stream.ts'
import moderationPickRoutes from './v1/moderation/picks.ts'
import previewRoutes from './v1/preview/index.ts'
import adminWebhookRoutes from './v1/admin/webhooks/index.ts'
import adminEventRoutes from './v1/admin/events/index.ts'
import adminAuditRoutes from './v1/admin/audit/index.ts'
import adminMediaRoutes from './v1/admin/media/index.ts'
import mediaFileRoutes from './media/index.ts'

const routes: FastifyPluginAsync = async (app) => {
  await app.register(authRoutes, { prefix: '/v1/auth' })
  await app.register(meRoutes, { prefix: '/v1/me' })
  await app.register(usersRoutes, { prefix: '/v1/users' })
  await app.register(adminArticleRoutes, { prefix: '/v1/admin/articles' })
  await app.register(adminAuthorRoutes, { prefix: '/v1/admin/authors' })
  await app.register(adminOrganizationRoutes, { prefix: '/v1/admin/organizations' })
  await app.register(adminApiKeyRoutes, { prefix: '/v1/admin/api-keys' })
  await app.register(articleRoutes, { prefix: '/v1/articles' })
  await app.register(authorRoutes, { prefix: '/v1/authors' })
  await app.register(organizationRoutes, { prefix: '/v1/organizations' })
  await app.register(commentRoutes, { prefix: '/v1/articles' })
  await app.register(captchaRoutes, { prefix: '/v1/captchas' })
  await app.register(communityRoutes, { prefix: '/v1/comments' })
  await app.register(moderationRoutes, { prefix: '/v1/moderation' })
  await app.register(moderationPickRoutes, { prefix: '/v1/moderation' })
  // beside, not inside, the moderation routes: the stream is opened with a ticket, not a Bearer token
  await app.register(moderationStreamRoutes, { prefix: '/v1/moderation' })
  await app.register(previewRoutes, { prefix: '/v1/preview' })
  await app.register(adminWebhookRoutes, { prefix: '/v1/admin/webhooks' })
  await app.register(adminEventRoutes, { prefix: '/v1/admin/events' })
  await app.register(adminAuditRoutes, { prefix: '/v1/admin/audit' })
  await app.register(adminMediaRoutes, { prefix: '/v1/admin/media' })
  await app.register(mediaFileRoutes, { prefix: '/media' })
}

export default routes
