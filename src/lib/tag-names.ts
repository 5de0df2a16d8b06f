// Tag names: what a newsroom types ("Chuyển đổi số", "chuyen doi so", "CHUYỂN ĐỔI SỐ") names one
// tag, whose identity is the folded slug; the first spelling saved becomes its name.
import { dropInvisible } from './text-input.ts'
import { cleanLine, slugify } from './vietnamese.ts'

export const TAG_NAME_MAX = 100
export const MAX_TAGS_PER_ARTICLE = 20

export type TagName = { name: string; slug: string } | { problem: string }

/** Invisible and control characters dropped first, then NFC and white space collapsed; the slug folds the rest. */
export function tagName(raw: string): TagName {
  const name = cleanLine(dropInvisible(raw))
  if (!name) return { problem: 'must not be blank (invisible characters do not count)' }
  if (name.length > TAG_NAME_MAX) return { problem: `must NOT have more than ${TAG_NAME_MAX} characters` }
  const slug = slugify(name, 160)
  if (!slug) return { problem: 'must contain a letter or a digit' }
  return { name, slug }
}
