// Draft previews: a signed, expiring, read-only link to ONE article in any status, revocable by
// bumping the article's preview version. Who may make one is the staff read rule (articles.get);
// what it shows is the public detail, built by the same SQL (db/queries/public-articles.ts).
import type pg from 'pg'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { findPreviewArticle } from '../../db/queries/public-articles.ts'
import { queryRunner } from '../../db/queries/statement.ts'
import { NotFoundError, UnauthorizedError } from '../../lib/errors.ts'
import { previewKey, signPreviewToken, verifyPreviewToken, type PreviewClaims } from '../../lib/preview-tokens.ts'
import type { Article } from '../../schemas/articles.ts'
import { renderInlineMedia, type InlineMedia } from '../../lib/sanitize.ts'
import { withSeoDefaults, type SiteUrls } from '../../lib/article-seo.ts'
import { PREVIEW_DEFAULT_SECONDS } from '../../schemas/previews.ts'
import type { AuthUser } from '../../schemas/auth.ts'
import type { Clock } from '../../lib/clock.ts'

export interface PreviewDeps {
  prisma: PrismaClient
  db: { pool: pg.Pool; namedStatements: boolean }
  clock: Clock
  secret: string
  /** PREVIEW_URL_PATTERN: {id}, {slug}, {token} */
  urlPattern: string
  /** MEDIA_PUBLIC_URL: where the article's images are served */
  mediaBase: string
  /** PUBLIC_SITE_URL and ARTICLE_URL_PATTERN: the default canonical URL */
  site: SiteUrls
  /** the staff read rule: the article as `actor` may see it, or a 404 */
  visibleTo: (id: string, actor: AuthUser) => Promise<{ id: string; slug: string }>
}

export function previewUrl(pattern: string, fields: { id: string; slug: string; token: string }): string {
  return pattern.replace(/\{(id|slug|token)\}/g, (_, name: keyof typeof fields) => encodeURIComponent(fields[name]))
}

const invalid = () => new UnauthorizedError('invalid, expired or revoked preview token')

export function createPreviewService({ prisma, db, clock, secret, urlPattern, mediaBase, site, visibleTo }: PreviewDeps) {
  const key = previewKey(secret)
  const query = queryRunner(db.pool, { named: db.namedStatements })

  return {
    async create(id: string, actor: AuthUser, expiresIn = PREVIEW_DEFAULT_SECONDS): Promise<{ token: string; url: string; expiresAt: string }> {
      const article = await visibleTo(id, actor)
      const row = await prisma.article.findUnique({ where: { id }, select: { previewVersion: true } })
      if (!row) throw new NotFoundError('no such article')
      const now = clock()
      const token = signPreviewToken(key, { articleId: id, previewVersion: row.previewVersion }, now, expiresIn)
      // the JWT's exp is whole seconds: the same instant, stated once
      const expiresAt = new Date((Math.floor(now.getTime() / 1000) + expiresIn) * 1000).toISOString()
      return { token, url: previewUrl(urlPattern, { id, slug: article.slug, token }), expiresAt }
    },

    /** Every preview token of the article stops working; the article itself does not change. */
    async revoke(id: string, actor: AuthUser): Promise<void> {
      await visibleTo(id, actor)
      // not through Prisma's update: @updatedAt would move the article's public updatedAt
      const bumped = await prisma.$executeRaw`UPDATE "Article" SET "previewVersion" = "previewVersion" + 1 WHERE id = ${id}::uuid`
      if (bumped === 0) throw new NotFoundError('no such article')
    },

    /** The article the token opens, as the public detail shows it, in any status. */
    async read(id: string, token: string): Promise<Article> {
      const now = clock()
      let claims: PreviewClaims
      try {
        claims = verifyPreviewToken(key, token, now)
      } catch {
        throw invalid()
      }
      if (claims.articleId !== id) throw invalid()
      const row = await findPreviewArticle<Article, InlineMedia>(query, id, mediaBase)
      if (!row) throw new NotFoundError('no such article')
      if (row.previewVersion !== claims.previewVersion) throw invalid()
      row.article.body = renderInlineMedia(row.article.body, row.media)
      withSeoDefaults(row.article, site)
      // a draft has no publication time yet: it shows the time it would carry if published now,
      // so a frontend renders the preview with its public template (publishedAt is never null there)
      return row.article.publishedAt === null ? { ...row.article, publishedAt: now.toISOString() } : row.article
    },
  }
}

export type PreviewService = ReturnType<typeof createPreviewService>
