// Render at write time: each article's public list item and detail, kept as JSON text beside the
// row (ArticleRender) so a public read sends stored text instead of building, parsing and
// re-serializing it. The text is made from the public detail's one SQL spelling
// (db/queries/public-articles.ts) by the response schemas' own serializer (fast-json-stringify,
// as Fastify compiles it for the routes), so it is byte for byte what the routes would send.
// The approved-comment count moves too often to re-render for: each text is kept as the part
// before its value and the part after, and the read puts the live count between them.
import fastJson from 'fast-json-stringify'
import { claimStale, readRenderSources, storeRendered, renderSourceStatement, type RenderedText } from '../../db/queries/article-render.ts'
import { queryRunner, type Query } from '../../db/queries/statement.ts'
import type { Database } from '../../db/index.ts'
import { digest } from '../../lib/http-cache.ts'
import { ListMetaSchema } from '../../lib/paging.ts'
import { withSeoDefaults, type SiteUrls } from '../../lib/article-seo.ts'
import { renderInlineMedia, type InlineMedia } from '../../lib/sanitize.ts'
import { articleKeys } from '../../events/tags.ts'
import { ArticleListItemSchema, ArticleSchema, type Article } from '../../schemas/articles.ts'
import { PublicMediaSchema } from '../../schemas/media.ts'

// the shared schemas the public article schemas refer to (plugins/swagger.ts registers the same)
const shared = { PublicMedia: PublicMediaSchema }
const serializeItem = fastJson(ArticleListItemSchema, { schema: shared })
const serializeDetail = fastJson(ArticleSchema, { schema: shared })
/** A list's meta as the list schema sends it. */
export const serializeListMeta = fastJson(ListMetaSchema)

// bump when the Node side of the rendering changes (the SQL side is named by its statement's hash)
const RENDER_VERSION = 1
const COUNT = '"commentCount":'
const ROWS_PER_TRANSACTION = 100
const RENDER_BUDGET_MS = 2_000

/** The detail as the public sees it, from the source statement's row: body images filled in, SEO defaults. */
export function finishDetail(row: { article: Article; media: Record<string, InlineMedia> | null }, site: SiteUrls): Article {
  row.article.body = renderInlineMedia(row.article.body, row.media)
  return withSeoDefaults(row.article, site)
}

/** The text around the count: the schema writes `"commentCount":0` exactly once (string values escape their quotes). */
function splitAtCount(text: string): [string, string] {
  const at = text.indexOf(`${COUNT}0`)
  if (at === -1 || text.indexOf(COUNT, at + 1) !== -1) throw new Error('rendered article: commentCount is not where it should be')
  return [text.slice(0, at + COUNT.length), text.slice(at + COUNT.length + 1)]
}

export function renderArticle(id: string, article: Article): RenderedText {
  const counted = { ...article, commentCount: 0 }
  const [itemHead, itemTail] = splitAtCount(serializeItem(counted))
  const [detailHead, detailTail] = splitAtCount(serializeDetail(counted))
  return {
    articleId: id,
    itemHead,
    itemTail,
    detailHead,
    detailTail,
    hash: digest(itemHead, itemTail, detailHead, detailTail),
    keys: articleKeys(article).join(' '),
  }
}

export interface ArticleRendererOptions {
  /** MEDIA_PUBLIC_URL */
  mediaBase: string
  site: SiteUrls
}

export function createArticleRenderer({ mediaBase, site }: ArticleRendererOptions) {
  /** What the stored texts depend on besides the rows: a text rendered for another value is not served. */
  const renderedFor = digest('article-render', RENDER_VERSION, renderSourceStatement.name, mediaBase, site.url, site.articleUrlPattern)

  /** Renders and stores these articles (any status) inside the caller's transaction. */
  async function render(query: Query, ids: string[]): Promise<number> {
    if (!ids.length) return 0
    const sources = await readRenderSources<Article, InlineMedia>(query, ids, mediaBase)
    await storeRendered(
      query,
      sources.map((s) => renderArticle(s.id, finishDetail(s, site))),
      renderedFor,
    )
    return sources.length
  }

  /**
   * The render job: works through the stale texts (a renamed author's articles, say), a batch per
   * transaction, until none is left that another renderer has not claimed, or `budgetMs` has passed
   * (the next tick goes on: a tick stays short, and a stopping instance is not held up). Returns how
   * many it rendered.
   */
  async function renderStale(db: Pick<Database, 'pool' | 'namedStatements'>, budgetMs = RENDER_BUDGET_MS): Promise<number> {
    const started = Date.now()
    let done = 0
    for (;;) {
      const client = await db.pool.connect()
      let claimed = 0
      try {
        const query = queryRunner(client, { named: db.namedStatements })
        await client.query('BEGIN')
        const ids = await claimStale(query, ROWS_PER_TRANSACTION)
        claimed = ids.length
        done += await render(query, ids)
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
      if (claimed < ROWS_PER_TRANSACTION || Date.now() - started > budgetMs) return done
    }
  }

  return { renderedFor, render, renderStale }
}

export type ArticleRenderer = ReturnType<typeof createArticleRenderer>
