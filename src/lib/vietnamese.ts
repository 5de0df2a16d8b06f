// Vietnamese text rules, used everywhere text enters or is compared: NFC on the way in;
// folding (case, tone and other combining marks, đ/Đ) for search, word rules and slugs.

/** Latin letters that carry no combining mark in NFD and so need an explicit fold. */
const EXTRA_FOLDS: Record<string, string> = { đ: 'd', ð: 'd', ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', ß: 'ss', ı: 'i' }
const EXTRA_RE = new RegExp(`[${Object.keys(EXTRA_FOLDS).join('')}]`, 'g')
const MARKS_RE = /\p{M}+/gu

/** Unicode NFC: text typed on a decomposed (NFD) keyboard becomes the same as precomposed text. */
export function nfc(text: string): string {
  return text.normalize('NFC')
}

/** NFC, trimmed, inner runs of white space (other than line breaks) collapsed to one space. */
export function cleanLine(text: string): string {
  return nfc(text)
    .replace(/[\s\u200b]+/g, ' ')
    .trim()
}

/** Lower case, tone marks and other combining marks removed, đ/Đ → d: "Đảng" → "dang". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(MARKS_RE, '')
    .replace(EXTRA_RE, (c) => EXTRA_FOLDS[c]!)
}

/** The folded words of a text: runs of letters and digits. "Nghị quyết 21-NQ/TW" → [nghi, quyet, 21, nq, tw]. */
export function foldedWords(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? []
}

/**
 * The longest word search keeps, in characters; a longer one is kept as its first this many. The
 * search vectors take each word as a lexeme, and PostgreSQL refuses a lexeme over 2,047 bytes.
 */
export const SEARCH_WORD_MAX = 100

/** The words search indexes and asks for: folded words, each cut to SEARCH_WORD_MAX characters. */
export function searchWords(text: string): string[] {
  return foldedWords(text).map((w) => (w.length > SEARCH_WORD_MAX ? [...w].slice(0, SEARCH_WORD_MAX).join('') : w))
}

/**
 * Search words joined by single spaces, with a leading and trailing space, so that
 * `LIKE '% word%'` matches the start of a word; the search vectors are made of these words.
 */
export function searchText(...parts: Array<string | null | undefined>): string {
  return spacedWords(parts.flatMap((p) => (p ? searchWords(p) : [])))
}

/** Folded words as searchText writes them: joined by single spaces, one before and after; none → ''. */
export function spacedWords(words: string[]): string {
  return words.length ? ` ${words.join(' ')} ` : ''
}

/** Slug: folded, lower-case ASCII letters and digits, every other run one hyphen, none at either end. */
export function slugify(text: string, maxLength = 120): string {
  const slug = fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug.length <= maxLength ? slug : slug.slice(0, maxLength).replace(/-[^-]*$/, '') || slug.slice(0, maxLength)
}

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$'

/** A free slug: `base`, else `base-2`, `base-3`, ... given the slugs already taken with that prefix. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`
}

/** Plain text of an HTML fragment, for search: tags dropped, common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
}
