import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { ProblemSchema, HealthSchema } from '../schemas/common.ts'

export const API_VERSION = '1.0.0'

export default fp(async (app) => {
  for (const schema of [ProblemSchema, HealthSchema]) app.addSchema(schema)
  await app.register(swagger, {
    // components are named after their TypeBox $id (Article, Problem, ...) rather than def-0, def-1
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tòa Soạn API',
        version: API_VERSION,
        description: 'Headless CMS for Vietnamese news portals: public JSON for frontends, an editorial workflow, and moderated reader comments.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/' }],
      tags: [
        { name: 'articles', description: 'Published articles (public)' },
        { name: 'authors', description: 'Bylines (public)' },
        { name: 'organizations', description: 'Party organizations (public)' },
        { name: 'comments', description: 'Reader comments and captchas (public)' },
        { name: 'auth', description: 'Login and tokens' },
        { name: 'admin', description: 'Editorial endpoints (Bearer token)' },
        { name: 'users', description: 'User management (admin)' },
        { name: 'moderation', description: 'Comment moderation (moderator, admin)' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
})
