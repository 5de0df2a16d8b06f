// An article's sections, tags, featured flag and SEO fields on write: read from the request,
// checked (unknown sections or images are a 400 naming the field), tags made on the fly, and the
// link tables (bylines, organizations, sections, tags) rewritten when their lists changed.
import type { Prisma } from '../../generated/prisma/client.ts'
import { ensureTags } from '../../db/tags.ts'
import { ConflictError } from '../../lib/errors.ts'
import { tagName } from '../../lib/tag-names.ts'
import type { TextInput } from '../../lib/text-input.ts'
import { LIMITS, type ArticleCreate } from '../../schemas/admin-articles.ts'
import { lockMediaRef } from './article-media.ts'
import type { ArticleRow, Snapshot } from './article-records.ts'

type Tx = Prisma.TransactionClient
type Input = Pick<ArticleCreate, 'sectionId' | 'sectionIds' | 'tags' | 'featured' | 'metaTitle' | 'metaDescription' | 'canonicalUrl' | 'ogImageId' | 'noindex'>
export type TaxonomyFields = Pick<
  Required<Snapshot>,
  'sectionId' | 'sectionIds' | 'tagIds' | 'featured' | 'metaTitle' | 'metaDescription' | 'canonicalUrl' | 'ogImageId' | 'noindex'
>

/** The request's fields, cleaned (undefined: not being changed); tag names resolved to ids later, in the transaction. */
export interface TaxonomyDraft {
  fields: Partial<Omit<TaxonomyFields, 'tagIds' | 'sectionIds'>>
  sectionIds?: string[]
  tags?: Array<{ name: string; slug: string }>
}

export function readTaxonomy(text: TextInput, input: Input): TaxonomyDraft {
  const fields: TaxonomyDraft['fields'] = {
    sectionId: input.sectionId,
    featured: input.featured,
    metaTitle: text.optionalLine('body/metaTitle', input.metaTitle, LIMITS.metaTitle),
    metaDescription: text.optionalLine('body/metaDescription', input.metaDescription, LIMITS.metaDescription),
    canonicalUrl: text.optionalUrl('body/canonicalUrl', input.canonicalUrl, LIMITS.canonicalUrl),
    ogImageId: input.ogImageId,
    noindex: input.noindex,
  }
  for (const key of Object.keys(fields) as Array<keyof typeof fields>) if (fields[key] === undefined) delete fields[key]
  let tags: TaxonomyDraft['tags']
  if (input.tags) {
    // one tag per folded slug: the first spelling in the list is the one kept
    const bySlug = new Map<string, { name: string; slug: string }>()
    input.tags.forEach((raw, i) => {
      const named = tagName(raw)
      if ('problem' in named) text.fail(`body/tags/${i}`, named.problem)
      else if (!bySlug.has(named.slug)) bySlug.set(named.slug, named)
    })
    tags = [...bySlug.values()]
  }
  return { fields, sectionIds: input.sectionIds, tags }
}

/**
 * Checks the sections and the sharing image named (KEY SHARE-locked until the write commits, so a
 * concurrent delete waits and then finds them referenced) and works out the section lists: the
 * primary, then the others without it. Others without a primary are refused.
 */
export async function checkTaxonomy(tx: Tx, text: TextInput, draft: TaxonomyDraft, current?: ArticleRow): Promise<Partial<TaxonomyFields>> {
  const out: Partial<TaxonomyFields> = { ...draft.fields }
  await lockMediaRef(tx, text, 'body/ogImageId', draft.fields.ogImageId)
  const named = [...(draft.fields.sectionId ? [draft.fields.sectionId] : []), ...(draft.sectionIds ?? [])]
  if (named.length) {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM "Section" WHERE id = ANY(${named}::uuid[]) FOR SHARE`
    const known = new Set(rows.map((r) => r.id))
    if (draft.fields.sectionId && !known.has(draft.fields.sectionId)) text.fail('body/sectionId', `unknown section ${draft.fields.sectionId}`)
    draft.sectionIds?.forEach((id, i) => {
      if (!known.has(id)) text.fail(`body/sectionIds/${i}`, `unknown section ${id}`)
    })
  }
  if (draft.fields.sectionId !== undefined || draft.sectionIds !== undefined) {
    const primary = draft.fields.sectionId !== undefined ? draft.fields.sectionId : (current?.sectionId ?? null)
    const others = draft.sectionIds ?? current?.sections.map((s) => s.sectionId).filter((id) => id !== current.sectionId) ?? []
    out.sectionId = primary
    out.sectionIds = others.filter((id) => id !== primary)
    if (!primary && out.sectionIds.length) text.fail('body/sectionId', 'other sections (sectionIds) need a primary section')
  }
  return out
}

/** Tag names to ids, creating the new ones; after the request passed every check (text.done()). */
export async function resolveTags(tx: Tx, draft: TaxonomyDraft, now: Date): Promise<string[] | undefined> {
  if (!draft.tags) return undefined
  const rows = await ensureTags(tx, draft.tags, now)
  if (rows.length !== draft.tags.length) throw new ConflictError('a tag named in the article was merged or deleted meanwhile; try again')
  return rows.map((r) => r.id)
}

type Lists = Pick<Required<Snapshot>, 'authorIds' | 'organizationIds' | 'sectionId' | 'sectionIds' | 'tagIds'>

/** Rewrites the link lists a saved change touched (ArticleSection holds the primary section first). */
export async function syncLinks(tx: Tx, articleId: string, after: Lists, changes: string[]): Promise<void> {
  if (changes.includes('authorIds')) {
    await tx.articleAuthor.deleteMany({ where: { articleId } })
    await tx.articleAuthor.createMany({ data: after.authorIds.map((authorId, position) => ({ articleId, authorId, position })) })
  }
  if (changes.includes('organizationIds')) {
    await tx.articleOrganization.deleteMany({ where: { articleId } })
    await tx.articleOrganization.createMany({ data: after.organizationIds.map((organizationId, position) => ({ articleId, organizationId, position })) })
  }
  if (changes.includes('sectionId') || changes.includes('sectionIds')) {
    await tx.articleSection.deleteMany({ where: { articleId } })
    await tx.articleSection.createMany({ data: sectionLinks(after).map((sectionId, position) => ({ articleId, sectionId, position })) })
  }
  if (changes.includes('tagIds')) {
    await tx.articleTag.deleteMany({ where: { articleId } })
    await tx.articleTag.createMany({ data: after.tagIds.map((tagId, position) => ({ articleId, tagId, position })) })
  }
}

/** Every section of the article, the primary first. */
export const sectionLinks = (s: Pick<Lists, 'sectionId' | 'sectionIds'>) => [...(s.sectionId ? [s.sectionId] : []), ...s.sectionIds]
