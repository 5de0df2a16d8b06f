// Seeds the demo newsroom of demo-content.ts. All of it is written in one transaction, so a
// crash or a conflict never leaves half a seed behind, and a second run is a no-op.
import { createHash } from 'node:crypto'
import type { PrismaClient } from '../generated/prisma/client.ts'
import { nfc, slugify } from '../lib/vietnamese.ts'
import { articleSearchColumns } from '../lib/article-search.ts'
import { linkNewOrganization } from '../db/organization-tree.ts'
import { sectionTree } from '../db/section-tree.ts'
import { ensureTags } from '../db/tags.ts'
import { tagName } from '../lib/tag-names.ts'
import { demoFilings, demoSections } from './demo-taxonomy.ts'
import { contentHash } from '../lib/text-folding.ts'
import { searchText } from '../lib/vietnamese.ts'
import type { MediaStorage } from '../services/media/storage.ts'
import { demoImages, storeDemoImages, type DemoMediaRow } from './demo-images.ts'
import { demoArticles, demoAuthors, demoComments, demoOrganizations, type DemoArticle } from './demo-content.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const COMMENT_SPACING = 3 * HOUR
const REASON = 'demo content'

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

// The comment service stores an HMAC of the reader's IP; demo comments have no reader, so
// they share one recognisable placeholder instead of a fake address.
const DEMO_IP_HASH = sha256('demo-seed')

/** The id behind a content key; a typo in demo-content.ts must fail loudly, not seed a null. */
function need(ids: Map<string, string>, key: string, what: string): string {
  const id = ids.get(key)
  if (id === undefined) throw new Error(`demo content: unknown ${what} "${key}" (or listed after its first use)`)
  return id
}

function publishedAt(article: DemoArticle, now: Date): Date | null {
  if (article.status === 'draft' || article.status === 'in_review') return null
  if (article.publishedDaysAgo === undefined) {
    throw new Error(`demo content: ${article.status} article "${article.key}" needs publishedDaysAgo`)
  }
  return new Date(now.getTime() - article.publishedDaysAgo * DAY)
}

/** The first demo article's slug marks a database that has been seeded already. */
async function alreadySeeded(prisma: PrismaClient): Promise<boolean> {
  const first = demoArticles[0]
  if (!first) return true
  return (await prisma.article.count({ where: { slug: slugify(nfc(first.title)) } })) > 0
}

/** The demo image of an organization's branch: its own, or the nearest ancestor's. */
function branchImage(orgKey: string | undefined): string | undefined {
  for (let key = orgKey; key !== undefined; key = demoOrganizations.find((o) => o.key === key)?.parentKey) {
    if (demoImages.some((i) => i.key === key)) return key
  }
  return undefined
}

export interface SeedMedia {
  storage: MediaStorage
  maxPixels: number
}

/** `media`: where the demo's lead images go; without it the articles have none. */
export async function seedDemo(prisma: PrismaClient, now: Date = new Date(), media?: SeedMedia): Promise<{ created: boolean }> {
  if (await alreadySeeded(prisma)) return { created: false }
  // drawn and stored before the transaction: files are content-addressed, so a failed seed only
  // leaves files a later seed reuses
  const images: Map<string, DemoMediaRow> = media ? await storeDemoImages(media.storage, media.maxPixels) : new Map()
  try {
    await prisma.$transaction(
      async (tx) => {
        const mediaIds = new Map<string, string>()
        for (const [key, m] of images) {
          const row = await tx.media.create({
            data: { ...m, renditions: m.renditions as object, searchText: searchText(m.alt, m.caption, m.credit, m.filename), createdAt: now, updatedAt: now },
            select: { id: true },
          })
          mediaIds.set(key, row.id)
        }

        const orgIds = new Map<string, string>()
        for (const org of demoOrganizations) {
          const name = nfc(org.name)
          const row = await tx.organization.create({
            data: {
              slug: slugify(name),
              name,
              shortName: org.shortName === undefined ? null : nfc(org.shortName),
              kind: org.kind,
              parentId: org.parentKey === undefined ? null : need(orgIds, org.parentKey, 'parent organization'),
            },
            select: { id: true },
          })
          orgIds.set(org.key, row.id)
          await linkNewOrganization(tx, row.id, org.parentKey === undefined ? null : need(orgIds, org.parentKey, 'parent organization'))
        }

        const sectionIds = new Map<string, string>()
        for (const s of demoSections) {
          const name = nfc(s.name)
          const parentId = s.parentKey === undefined ? null : need(sectionIds, s.parentKey, 'parent section')
          const row = await tx.section.create({ data: { slug: slugify(name), name, parentId, position: s.position }, select: { id: true } })
          sectionIds.set(s.key, row.id)
          await sectionTree.linkNew(tx, row.id, parentId)
        }
        const tagIds = await demoTagIds(tx, now)

        const authorIds = new Map<string, string>()
        for (const author of demoAuthors) {
          const name = nfc(author.name)
          const row = await tx.author.create({
            data: { slug: slugify(name), name, bio: author.bio === undefined ? null : nfc(author.bio) },
            select: { id: true },
          })
          authorIds.set(author.key, row.id)
        }

        // commentCount is "approved comments only"; the comments are known up front, so each
        // article is created with its final count rather than bumped once per comment
        const approved = new Map<string, number>()
        for (const c of demoComments) {
          if (c.status === 'approved') approved.set(c.articleKey, (approved.get(c.articleKey) ?? 0) + 1)
        }

        const articleIds = new Map<string, string>()
        const articlePublishedAt = new Map<string, Date | null>()
        for (const article of demoArticles) {
          const title = nfc(article.title)
          const lead = nfc(article.lead)
          const body = nfc(article.body)
          const source = nfc(article.source)
          const slug = slugify(title)
          const published = publishedAt(article, now)
          // back-dated so the admin list (ordered by updatedAt) reads like a real newsroom
          const writtenAt = new Date(Math.min(now.getTime(), published?.getTime() ?? now.getTime()) - 2 * HOUR)
          const bylineIds = article.authorKeys.map((k) => need(authorIds, k, 'author'))
          const organizationIds = article.organizationKeys.map((k) => need(orgIds, k, 'organization'))
          const filing = demoFilings[article.key]
          const sectionId = filing ? need(sectionIds, filing.sectionKey, 'section') : null
          const otherSectionIds = (filing?.otherSectionKeys ?? []).map((k) => need(sectionIds, k, 'section'))
          const articleTagIds = (filing?.tags ?? []).map((name) => need(tagIds, name, 'tag'))
          const row = await tx.article.create({
            data: {
              slug,
              title,
              lead,
              body,
              source,
              status: article.status,
              publishedAt: published,
              leadImageId: mediaIds.get(branchImage(article.organizationKeys[0]) ?? '') ?? null,
              commentCount: approved.get(article.key) ?? 0,
              sectionId,
              featured: filing?.featured ?? false,
              sections: { create: [...(sectionId ? [sectionId] : []), ...otherSectionIds].map((id, position) => ({ sectionId: id, position })) },
              tags: { create: articleTagIds.map((tagId, position) => ({ tagId, position })) },
              ...articleSearchColumns({ title, lead, body }),
              createdAt: writtenAt,
              updatedAt: writtenAt,
              bylines: { create: bylineIds.map((authorId, position) => ({ authorId, position })) },
              organizations: { create: organizationIds.map((organizationId, position) => ({ organizationId, position })) },
              revisions: {
                create: {
                  version: 1,
                  action: 'create',
                  userId: null,
                  changes: ['title', 'lead', 'body', 'source', 'status'],
                  snapshot: {
                    title,
                    slug,
                    lead,
                    body,
                    source,
                    status: article.status,
                    publishedAt: published?.toISOString() ?? null,
                    authorIds: bylineIds,
                    organizationIds,
                    sectionId,
                    sectionIds: otherSectionIds,
                    tagIds: articleTagIds,
                    featured: filing?.featured ?? false,
                  },
                  createdAt: writtenAt,
                },
              },
            },
            select: { id: true },
          })
          articleIds.set(article.key, row.id)
          articlePublishedAt.set(article.key, published)
        }

        const commentIds: string[] = []
        for (const [i, comment] of demoComments.entries()) {
          const createdAt = new Date(now.getTime() - (demoComments.length - i) * COMMENT_SPACING)
          const published = articlePublishedAt.get(comment.articleKey)
          if (!published || published > createdAt) {
            throw new Error(`demo content: comment ${i} predates the publication of "${comment.articleKey}"`)
          }
          let parentId: string | null = null
          if (comment.replyToIndex !== undefined) {
            const parent = demoComments[comment.replyToIndex]
            if (comment.replyToIndex >= i || parent?.articleKey !== comment.articleKey) {
              throw new Error(`demo content: comment ${i} must reply to an earlier comment on the same article`)
            }
            parentId = commentIds[comment.replyToIndex]!
          }
          const content = nfc(comment.content)
          const decidedAt = comment.status === 'pending' ? null : new Date(createdAt.getTime() + HOUR / 2)
          const row = await tx.comment.create({
            data: {
              articleId: need(articleIds, comment.articleKey, 'article'),
              parentId,
              authorName: nfc(comment.authorName),
              email: comment.email ?? null,
              content,
              contentHash: contentHash(content),
              ipHash: DEMO_IP_HASH,
              commenterId: DEMO_IP_HASH,
              status: comment.status,
              decidedAt,
              decisionReason: decidedAt ? REASON : null,
              createdAt,
              updatedAt: decidedAt ?? createdAt,
            },
            select: { id: true, articleId: true, article: { select: { title: true } } },
          })
          // a pending comment has had no decision yet, so nothing to log
          if (decidedAt) {
            await tx.moderationLog.create({
              data: {
                commentId: row.id,
                articleId: row.articleId,
                articleTitle: row.article.title,
                actorId: null,
                fromStatus: 'pending',
                toStatus: comment.status,
                reason: REASON,
                createdAt: decidedAt,
              },
            })
          }
          commentIds.push(row.id)
        }
      },
      { timeout: 60_000 },
    )
  } catch (err) {
    // two instances seeding one empty database at once: the loser fails on a unique slug,
    // which is not an error when the winner's seed is now there
    if (await alreadySeeded(prisma)) return { created: false }
    throw err
  }
  return { created: true }
}

/** Every tag the demo filings name, made as article writes make them: by name, keyed by that name. */
async function demoTagIds(tx: Parameters<typeof ensureTags>[0], now: Date): Promise<Map<string, string>> {
  const names = [...new Set(Object.values(demoFilings).flatMap((f) => f.tags))]
  const parsed = names.map((raw) => {
    const t = tagName(raw)
    if ('problem' in t) throw new Error(`demo content: tag "${raw}" ${t.problem}`)
    return t
  })
  const rows = await ensureTags(tx, parsed, now)
  return new Map(parsed.map((t, i) => [names[i]!, rows.find((r) => r.slug === t.slug)!.id]))
}
