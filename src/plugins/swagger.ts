import fp from 'fastify-plugin'
import swagger, { type SwaggerTransform } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { ProblemSchema, HealthSchema } from '../schemas/common.ts'
import { PublicMediaSchema } from '../schemas/media.ts'

export const API_VERSION = '1.0.0'

type JsonObject = { properties?: Record<string, { default?: unknown }>; required?: string[] }

/**
 * What every route's OpenAPI operation says beyond its own schema, so a new route complies by itself:
 * - without `security` in its schema (that is, without requireRoles), it is public: `security: []`;
 * - a query parameter with a default is optional to the client. The schema lists it as required so
 *   that handlers see a number, not `number | undefined`, which holds because the validator fills
 *   query defaults before it checks (src/plugins/validation.ts); the client need not send it.
 */
export const describeRoute: SwaggerTransform = ({ schema, url, route }) => {
  if (!schema) return { schema, url }
  // a multipart route names its parts in config (the multipart parser reads them, not the validator)
  const multipartBody = (route?.config as { multipartBody?: unknown } | undefined)?.multipartBody
  const query = schema.querystring as JsonObject | undefined
  const required = query?.required?.filter((name) => query.properties?.[name]?.default === undefined)
  return {
    url,
    schema: {
      ...schema,
      security: schema.security ?? [],
      ...(multipartBody ? { body: multipartBody } : {}),
      ...(query && required ? { querystring: { ...query, required } } : {}),
    },
  }
}

export default fp(async (app) => {
  for (const schema of [ProblemSchema, HealthSchema, PublicMediaSchema]) app.addSchema(schema)
  await app.register(swagger, {
    // components are named after their TypeBox $id (Article, Problem, ...) rather than def-0, def-1
    transform: describeRoute,
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
        { name: 'sections', description: 'Sections (public)' },
        { name: 'tags', description: 'Tags (public)' },
        { name: 'collections', description: 'Curated collections of articles (public)' },
        { name: 'comments', description: 'Reader comments and captchas (public)' },
        { name: 'auth', description: 'Login and tokens' },
        { name: 'admin', description: 'Editorial endpoints (Bearer token)' },
        { name: 'users', description: 'User management (admin)' },
        { name: 'moderation', description: 'Comment moderation (moderator, admin)' },
        { name: 'previews', description: 'Draft previews (preview token)' },
        { name: 'media', description: 'Stored image files (public)' },
        { name: 'feeds', description: 'RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the newest articles (public)' },
        { name: 'sitemaps', description: 'Sitemaps and the Google News sitemap (public)' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          previewToken: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'a preview token (also accepted as `?token=`); never an access token',
          },
          streamTicket: {
            type: 'apiKey',
            in: 'query',
            name: 'ticket',
            description: 'a single-use ticket from POST /v1/moderation/stream-ticket (also accepted as `Authorization: Bearer <ticket>`)',
          },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
})
