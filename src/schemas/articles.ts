// Public article shapes (the editorial views live in admin-articles.ts).
import { Type, type Static } from 'typebox'
import { pagingQuery } from '../lib/paging.ts'
import { DATE_OR_DATE_TIME_PATTERN } from '../lib/date-range.ts'
import { DateTime, ListMetaSchema, Slug, Uuid } from './common.ts'
import { PublicMediaRef } from './media.ts'

export const MAX_QUERY_LENGTH = 200
export const MAX_QUERY_WORDS = 10
export const MAX_TAG_FILTERS = 5
const SLUG_BODY = '[a-z0-9]+(?:-[a-z0-9]+)*'

const refExample = {
  author: { id: '0b6f8f3e-5c1d-4e7a-9f2b-3d4c5e6f7a81', slug: 'nguyen-thu-ha', name: 'Nguyễn Thu Hà' },
  organization: { id: '7d2e4c1a-8b3f-4a6d-9e5c-1f2a3b4c5d62', slug: 'dang-bo-khoi-cac-co-quan-tinh-ngoc-lam', name: 'Đảng bộ Khối các Cơ quan tỉnh Ngọc Lâm' },
}

export const ArticleRefSchema = Type.Object({
  id: Uuid,
  slug: Type.String({ examples: ['nguyen-thu-ha'] }),
  name: Type.String({ examples: ['Nguyễn Thu Hà'] }),
})

const itemProperties = {
  id: Uuid,
  slug: Type.String({ examples: ['dang-bo-khoi-cac-co-quan-tinh-so-ket-ba-nam-thuc-hien-nghi-quyet-so-21-nq-tw'] }),
  title: Type.String({ examples: ['Đảng bộ Khối các Cơ quan tỉnh sơ kết ba năm thực hiện Nghị quyết số 21-NQ/TW'] }),
  lead: Type.String({
    examples: ['Sau ba năm triển khai Nghị quyết số 21-NQ/TW, các tổ chức cơ sở đảng trong Khối đã có chuyển biến rõ rệt về nền nếp sinh hoạt.'],
  }),
  source: Type.Union([Type.String(), Type.Null()], { examples: ['Báo Ngọc Lâm'] }),
  publishedAt: DateTime,
  updatedAt: DateTime,
  authors: Type.Array(ArticleRefSchema, { description: 'bylines in their printed order' }),
  organizations: Type.Array(ArticleRefSchema, { description: 'the party organizations the article is filed under' }),
  section: Type.Union([ArticleRefSchema, Type.Null()], { description: 'the primary section (null: none)' }),
  tags: Type.Array(ArticleRefSchema, { description: 'tags in the order the newsroom gave them' }),
  featured: Type.Boolean({ description: "an editor's pick" }),
  commentCount: Type.Integer({ minimum: 0, description: 'approved comments only', examples: [3] }),
  leadImage: Type.Union([PublicMediaRef, Type.Null()], { description: 'the lead image with its renditions' }),
}

const itemExample = {
  id: '3c9a6b2e-1f4d-4e8a-b7c5-9d0e1f2a3b4c',
  slug: 'dang-bo-khoi-cac-co-quan-tinh-so-ket-ba-nam-thuc-hien-nghi-quyet-so-21-nq-tw',
  title: 'Đảng bộ Khối các Cơ quan tỉnh sơ kết ba năm thực hiện Nghị quyết số 21-NQ/TW',
  lead: 'Sau ba năm triển khai Nghị quyết số 21-NQ/TW, các tổ chức cơ sở đảng trong Khối đã có chuyển biến rõ rệt về nền nếp sinh hoạt.',
  source: 'Báo Ngọc Lâm',
  publishedAt: '2026-11-20T01:30:00.000Z',
  updatedAt: '2026-11-20T03:05:12.345Z',
  authors: [refExample.author],
  organizations: [refExample.organization],
  section: { id: '2f6c1d8e-3a4b-4c5d-8e9f-0a1b2c3d4e5f', slug: 'xay-dung-dang', name: 'Xây dựng Đảng' },
  tags: [{ id: '4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8', slug: 'nghi-quyet-21', name: 'Nghị quyết 21' }],
  featured: false,
  commentCount: 3,
  leadImage: null,
}

export const SeoSchema = Type.Object(
  {
    title: Type.String({ description: 'metaTitle, else the title' }),
    description: Type.String({ description: 'metaDescription, else the lead' }),
    canonicalUrl: Type.String({ description: 'canonicalUrl, else the article URL (PUBLIC_SITE_URL + ARTICLE_URL_PATTERN)' }),
    image: Type.Union([Type.String(), Type.Null()], {
      description: 'the `og` rendition (1200×630) of the sharing image, else of the lead image; null: neither',
    }),
    noindex: Type.Boolean({ description: 'true: ask search engines not to index it' }),
  },
  { description: 'what the page head needs, defaults filled in' },
)
export type Seo = Static<typeof SeoSchema>

export const ArticleListItemSchema = Type.Object(itemProperties, { examples: [itemExample] })
export type ArticleListItem = Static<typeof ArticleListItemSchema>

export const ArticleSchema = Type.Object(
  {
    ...itemProperties,
    body: Type.String({
      description: 'sanitised HTML',
      examples: ['<p>Ngày qua, Đảng ủy Khối các Cơ quan tỉnh Ngọc Lâm tổ chức hội nghị sơ kết ba năm thực hiện Nghị quyết số 21-NQ/TW.</p>'],
    }),
    commentsEnabled: Type.Boolean({ description: 'whether readers may comment', examples: [true] }),
    seo: SeoSchema,
  },
  {
    description: 'A published article',
    examples: [
      {
        ...itemExample,
        body: '<p>Ngày qua, Đảng ủy Khối các Cơ quan tỉnh Ngọc Lâm tổ chức hội nghị sơ kết ba năm thực hiện Nghị quyết số 21-NQ/TW.</p>',
        commentsEnabled: true,
        seo: {
          title: itemExample.title,
          description: itemExample.lead,
          canonicalUrl: `https://baongoclam.vn/xay-dung-dang/${itemExample.slug}`,
          image: null,
          noindex: false,
        },
      },
    ],
  },
)
export type Article = Static<typeof ArticleSchema>

// a search's page-mode total may be estimated (db/queries/public-article-search.ts)
const ArticleListMetaSchema = Type.Object(
  {
    ...ListMetaSchema.properties,
    totalEstimated: Type.Optional(
      Type.Boolean({
        description:
          'present and true when `total` (and so `totalPages`) of a search is an estimate: a search counts only when it is ' +
          'narrowed by other filters (up to the caps, see `totalCapped`) or its matches fit on the pages read; otherwise the ' +
          'share of matches among the newest public articles is scaled to the whole',
      }),
    ),
  },
  { description: 'page mode carries `page`, `total` and `totalPages`; cursor mode only `limit` and `nextCursor`' },
)

export const ArticleListSchema = Type.Object(
  {
    data: Type.Array(ArticleListItemSchema),
    meta: ArticleListMetaSchema,
  },
  {
    description: 'A page of public articles',
    examples: [
      {
        data: [itemExample],
        meta: { page: 1, limit: 20, total: 1, totalPages: 1, nextCursor: null },
      },
    ],
  },
)
export type ArticleList = Static<typeof ArticleListSchema>

export const ArticleListQuerySchema = Type.Object(
  {
    ...pagingQuery('articles'),
    q: Type.Optional(
      Type.String({
        maxLength: MAX_QUERY_LENGTH,
        description:
          `search: every word must begin a word of the title, lead or body, compared without case, tone marks or đ/Đ (NFC and NFD alike); title ` +
          `matches first, then newest. At most ${MAX_QUERY_WORDS} distinct words; a query with no letters or digits searches nothing.`,
        examples: ['phát triển Đảng', 'nghi quyet 21'],
      }),
    ),
    author: Type.Optional(Slug(['nguyen-thu-ha'], 'author slug; an unknown one is a 404')),
    organization: Type.Optional(
      Slug(['dang-bo-khoi-cac-co-quan-tinh-ngoc-lam'], 'organization slug: that organization and every one below it; an unknown one is a 404'),
    ),
    section: Type.Optional(Slug(['xay-dung-dang'], 'section slug: that section and every one below it; an unknown one is a 404')),
    tag: Type.Optional(
      Type.String({
        pattern: `^${SLUG_BODY}(?:,${SLUG_BODY}){0,${MAX_TAG_FILTERS - 1}}$`,
        maxLength: MAX_TAG_FILTERS * 161,
        description: `tag slugs, comma-separated (at most ${MAX_TAG_FILTERS}): articles carrying every one of them; an unknown one is a 404`,
        examples: ['chuyen-doi-so', 'chuyen-doi-so,nghi-quyet-57'],
      }),
    ),
    featured: Type.Optional(Type.Boolean({ description: "true: editors' picks only; false: all but them", examples: [true] })),
    from: Type.Optional(
      Type.String({
        pattern: DATE_OR_DATE_TIME_PATTERN,
        description: 'published at or after: a date (that day in Vietnam, UTC+07:00) or a date-time with its offset',
        examples: ['2026-11-01', '2026-11-01T08:00:00+07:00'],
      }),
    ),
    to: Type.Optional(
      Type.String({
        pattern: DATE_OR_DATE_TIME_PATTERN,
        description: 'published at or before: a date (through the end of that day in Vietnam) or a date-time',
        examples: ['2026-11-30'],
      }),
    ),
  },
  { additionalProperties: false },
)
export type ArticleListQuery = Static<typeof ArticleListQuerySchema>
