import { Type, type Static } from 'typebox'
import { HTML_LIMITS } from '../lib/html-limits.ts'
import { ArticleStatus } from '../generated/prisma/enums.ts'
import { SLUG_PATTERN } from '../lib/vietnamese.ts'
import { DateTime, ListMetaSchema, Uuid } from './common.ts'
import { pagingQuery } from '../lib/paging.ts'
import { RoleSchema } from './auth.ts'
import { MAX_TAGS_PER_ARTICLE, TAG_NAME_MAX } from '../lib/tag-names.ts'

// from the database enum, so the API cannot offer a status PostgreSQL refuses (or miss one)
export type { ArticleStatus }
export const ARTICLE_STATUSES: readonly ArticleStatus[] = Object.values(ArticleStatus)
export const ArticleStatusSchema = Type.Enum([...ARTICLE_STATUSES])

// after NFC and trimming (lib/text-input.ts); the raw limits below only bound the input's size
export const LIMITS = { title: 300, lead: 1000, source: 200, reason: 1000, metaTitle: 300, metaDescription: 1000, canonicalUrl: 2000 } as const
const raw = (max: number, extra: object = {}) => Type.String({ maxLength: max * 3, ...extra })

// the service checks the same limits again after NFC (lib/sanitize.ts), before sanitising
const BodySchema = Type.String({
  maxLength: HTML_LIMITS.maxChars,
  description:
    `HTML; sanitised to an allowlist on write; at most ${HTML_LIMITS.maxChars.toLocaleString('en')} characters (also once sanitised), ` +
    `${HTML_LIMITS.maxDepth} levels of nested elements and ${HTML_LIMITS.maxItems.toLocaleString('en')} elements and attributes in all`,
})

export const SlugSchema = Type.String({ pattern: SLUG_PATTERN, minLength: 1, maxLength: 160, examples: ['phat-trien-dang-o-co-so'] })
const Ids = (what: string) => Type.Array(Uuid, { uniqueItems: true, maxItems: 20, description: `${what} ids, in byline order` })

const LeadImageId = Type.Union([Uuid, Type.Null()], { description: 'a media id; publishing needs its alt text (or decorative: true)' })

const Ref = Type.Object({ id: Uuid, slug: Type.String(), name: Type.String() })

// sections, tags, the featured flag and SEO: the same in a create and a patch (all optional)
const taxonomyFields = {
  sectionId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'the primary section (unknown: 400); null: none' })),
  sectionIds: Type.Optional(
    Type.Array(Uuid, { uniqueItems: true, maxItems: 10, description: 'other sections the article is also filed under; they need a primary `sectionId`' }),
  ),
  tags: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: TAG_NAME_MAX * 3 }), {
      maxItems: MAX_TAGS_PER_ARTICLE,
      description:
        `tag names, the whole list (created on the fly; "Chuyển đổi số" and "chuyen doi so" are one tag, whose first spelling is its name). ` +
        `At most ${TAG_NAME_MAX} characters each, with a letter or a digit.`,
      examples: [['Chuyển đổi số', 'Nghị quyết 57']],
    }),
  ),
  featured: Type.Optional(Type.Boolean({ description: 'shown in `GET /v1/articles?featured=true`' })),
  metaTitle: Type.Optional(Type.Union([raw(LIMITS.metaTitle), Type.Null()], { description: 'the SEO title; null or blank: the title' })),
  metaDescription: Type.Optional(Type.Union([raw(LIMITS.metaDescription), Type.Null()], { description: 'the SEO description; null or blank: the lead' })),
  canonicalUrl: Type.Optional(
    Type.Union([Type.String({ maxLength: LIMITS.canonicalUrl }), Type.Null()], { description: 'an absolute http(s) URL; null: the article URL' }),
  ),
  ogImageId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'the social sharing image, a media id (unknown: 400); null: the lead image' })),
  noindex: Type.Optional(Type.Boolean()),
}

const articleFields = {
  id: Uuid,
  slug: Type.String(),
  title: Type.String(),
  lead: Type.String(),
  source: Type.Union([Type.String(), Type.Null()]),
  status: ArticleStatusSchema,
  publishedAt: Type.Union([DateTime, Type.Null()], { description: 'set when first published (or the scheduled time)' }),
  unpublishAt: Type.Union([DateTime, Type.Null()], { description: 'embargo end or takedown time: the article leaves public view then' }),
  version: Type.Integer({ minimum: 1, description: 'bumped by every saved change; the ETag carries it' }),
  commentsEnabled: Type.Boolean(),
  commentCount: Type.Integer({ minimum: 0 }),
  rejectionReason: Type.Union([Type.String(), Type.Null()], { description: 'why the last review sent it back' }),
  leadImageId: Type.Union([Uuid, Type.Null()], { description: 'the lead image (a media id)' }),
  authors: Type.Array(Ref),
  organizations: Type.Array(Ref),
  sectionId: Type.Union([Uuid, Type.Null()], { description: 'the primary section (menus, the article URL)' }),
  sectionIds: Type.Array(Uuid, { description: 'the other sections the article is also filed under' }),
  tags: Type.Array(Ref, { description: 'in the order given' }),
  featured: Type.Boolean(),
  metaTitle: Type.Union([Type.String(), Type.Null()], { description: 'null: the title' }),
  metaDescription: Type.Union([Type.String(), Type.Null()], { description: 'null: the lead' }),
  canonicalUrl: Type.Union([Type.String(), Type.Null()], { description: 'null: the article URL on the portal' }),
  ogImageId: Type.Union([Uuid, Type.Null()], { description: 'the social sharing image (a media id); null: the lead image' }),
  noindex: Type.Boolean({ description: 'asks search engines not to index the article' }),
  createdAt: DateTime,
  updatedAt: DateTime,
}

export const StaffArticleSummarySchema = Type.Object(articleFields)
export type StaffArticleSummary = Static<typeof StaffArticleSummarySchema>

export const StaffArticleSchema = Type.Object({
  ...articleFields,
  body: Type.String({ description: 'sanitised HTML' }),
  createdById: Type.Union([Uuid, Type.Null()]),
  updatedById: Type.Union([Uuid, Type.Null()]),
})
export type StaffArticle = Static<typeof StaffArticleSchema>

export const StaffArticleListSchema = Type.Object({ data: Type.Array(StaffArticleSummarySchema), meta: ListMetaSchema })
export type StaffArticleList = Static<typeof StaffArticleListSchema>

export const StaffArticleListQuerySchema = Type.Object(
  {
    status: Type.Optional(ArticleStatusSchema),
    q: Type.Optional(Type.String({ maxLength: 200, description: 'every word must appear in the title, lead or body (accents and case ignored)' })),
    author: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 160, description: 'author slug' })),
    organization: Type.Optional(Type.String({ pattern: SLUG_PATTERN, maxLength: 160, description: 'organization slug: it and every organization below it' })),
    ...pagingQuery('articles'),
  },
  { additionalProperties: false },
)
export type StaffArticleListQuery = Static<typeof StaffArticleListQuerySchema>

export const ArticleCreateSchema = Type.Object(
  {
    title: raw(LIMITS.title, { minLength: 1 }),
    slug: Type.Optional(SlugSchema),
    lead: raw(LIMITS.lead),
    body: BodySchema,
    source: Type.Optional(Type.Union([raw(LIMITS.source), Type.Null()])),
    authorIds: Ids('author'),
    organizationIds: Ids('organization'),
    commentsEnabled: Type.Optional(Type.Boolean()),
    unpublishAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when the article leaves public view (null: never)' }),
    ),
    leadImageId: Type.Optional(LeadImageId),
    ...taxonomyFields,
  },
  { additionalProperties: false },
)
export type ArticleCreate = Static<typeof ArticleCreateSchema>

export const ArticlePatchSchema = Type.Object(
  {
    title: Type.Optional(raw(LIMITS.title, { minLength: 1 })),
    slug: Type.Optional(SlugSchema),
    lead: Type.Optional(raw(LIMITS.lead)),
    body: Type.Optional(BodySchema),
    source: Type.Optional(Type.Union([raw(LIMITS.source), Type.Null()])),
    authorIds: Type.Optional(Ids('author')),
    organizationIds: Type.Optional(Ids('organization')),
    commentsEnabled: Type.Optional(Type.Boolean()),
    unpublishAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when the article leaves public view (null: never)' }),
    ),
    leadImageId: Type.Optional(LeadImageId),
    ...taxonomyFields,
  },
  { additionalProperties: false, minProperties: 1 },
)
export type ArticlePatch = Static<typeof ArticlePatchSchema>

export const PublishBodySchema = Type.Object(
  {
    publishAt: Type.Optional(Type.String({ format: 'date-time', description: 'in the future: scheduled; absent: now (or the original publication time)' })),
  },
  { additionalProperties: false },
)
export type PublishBody = Static<typeof PublishBodySchema>

export const RejectBodySchema = Type.Object(
  {
    reason: raw(LIMITS.reason, { minLength: 1 }),
  },
  { additionalProperties: false },
)
export type RejectBody = Static<typeof RejectBodySchema>

/** Response headers of a route that returns one article: its ETag, for the next If-Match. */
export const EtagHeaders = { etag: Type.String({ description: 'this version of the article; send it back in If-Match' }) }

export const IfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(Type.String({ description: 'the ETag of the version being changed' })),
})

export const RevisionSchema = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  action: Type.String({ examples: ['create', 'update', 'submit', 'reject', 'publish', 'unpublish', 'archive'] }),
  user: Type.Union([
    Type.Object(
      {
        id: Uuid,
        name: Type.String(),
        role: RoleSchema,
        email: Type.Optional(Type.String({ description: 'the login e-mail: shown to admins only' })),
      },
      { description: 'who saved this version (null: the account was deleted)' },
    ),
    Type.Null(),
  ]),
  changes: Type.Array(Type.String(), { description: 'names of the fields this version changed' }),
  snapshot: Type.Object(
    {
      slug: Type.String(),
      title: Type.String(),
      lead: Type.String(),
      body: Type.String(),
      source: Type.Union([Type.String(), Type.Null()]),
      status: ArticleStatusSchema,
      publishedAt: Type.Union([DateTime, Type.Null()]),
      // absent from revisions written before these fields were tracked (the demo seed's)
      commentsEnabled: Type.Optional(Type.Boolean()),
      rejectionReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      unpublishAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
      authorIds: Type.Array(Uuid),
      organizationIds: Type.Array(Uuid),
      leadImageId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      sectionId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      sectionIds: Type.Optional(Type.Array(Uuid)),
      tagIds: Type.Optional(Type.Array(Uuid)),
      featured: Type.Optional(Type.Boolean()),
      metaTitle: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      metaDescription: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      canonicalUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      ogImageId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      noindex: Type.Optional(Type.Boolean()),
    },
    { description: 'the article as saved in this version' },
  ),
  createdAt: DateTime,
})
export type Revision = Static<typeof RevisionSchema>

export const RevisionListSchema = Type.Object({ data: Type.Array(RevisionSchema), meta: ListMetaSchema })
export const RevisionListQuerySchema = Type.Object({ ...pagingQuery('revisions') }, { additionalProperties: false })
export type RevisionListQuery = Static<typeof RevisionListQuerySchema>
