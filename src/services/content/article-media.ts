// The images an article names: its lead image and the inline <img data-media-id> of its body
// (and lockMediaRef, the same check for an author's avatar or an organization's logo).
// Checked and KEY SHARE-locked like authors and organizations (a media delete waits for the write,
// then finds the reference), kept in ArticleMedia, and the lead image's alt text required to publish.
import type { Prisma } from '../../generated/prisma/client.ts'
import { ConflictError } from '../../lib/errors.ts'
import type { TextInput } from '../../lib/text-input.ts'
import { inlineMediaIds } from '../../lib/sanitize.ts'

type Tx = Prisma.TransactionClient

/** What a write names: undefined fields are not being changed. `body` is the sanitised one. */
export interface MediaRefs {
  leadImageId?: string | null
  body?: string
}

// SHARE (not KEY SHARE): a concurrent change of an image's alt text waits for this write, like a
// rename of a byline (lockReferences in articles.ts), so the text rendered here is never stale
export async function lockMedia(tx: Tx, text: TextInput, refs: MediaRefs) {
  const inline = refs.body === undefined ? [] : inlineMediaIds(refs.body)
  const ids = [...new Set([...(refs.leadImageId ? [refs.leadImageId] : []), ...inline])]
  if (!ids.length) return
  const found = new Set((await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM "Media" WHERE id = ANY(${ids}::uuid[]) FOR SHARE`).map((m) => m.id))
  if (refs.leadImageId && !found.has(refs.leadImageId)) text.fail('body/leadImageId', `unknown media ${refs.leadImageId}`)
  for (const id of inline) if (!found.has(id)) text.fail('body/body', `an image names unknown media ${id}`)
}

/** An author's avatar or an organization's logo: a library image, KEY SHARE-locked the same way. */
export async function lockMediaRef(tx: Tx, text: TextInput, path: string, id: string | null | undefined) {
  if (!id) return
  const found = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "Media" WHERE id = ${id}::uuid FOR KEY SHARE`
  if (!found.length) text.fail(path, `unknown media ${id}`)
}

export async function syncInlineMedia(tx: Tx, articleId: string, body: string) {
  await tx.articleMedia.deleteMany({ where: { articleId } })
  const ids = inlineMediaIds(body)
  if (ids.length) await tx.articleMedia.createMany({ data: ids.map((mediaId) => ({ articleId, mediaId })) })
}

/** Readers who cannot see the lead image get its alt text: a published one must have it. */
export async function assertLeadImageDescribed(tx: Tx, leadImageId: string | null) {
  if (!leadImageId) return
  const media = await tx.media.findUnique({ where: { id: leadImageId }, select: { alt: true, decorative: true } })
  if (media && (media.alt === null || (media.alt === '' && !media.decorative))) {
    throw new ConflictError(
      'the lead image has no alt text: describe it (PATCH /v1/admin/media/{id} with alt), or mark it decorative (alt: "" and decorative: true)',
      { leadImageId },
    )
  }
}
