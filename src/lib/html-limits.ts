// Bounds on an HTML body, checked before the sanitiser sees it. htmlparser2 keeps its open elements
// in an array it unshifts and scans on every tag, and sanitize-html copies each element's text into
// its parent: both cost (tags × depth), so 166,000 nested <b> took seconds and blocked every other
// request. With the size, the depth and the number of tags capped, the sanitiser's work is bounded.
import { Parser } from 'htmlparser2'
import { BadRequestError } from './errors.ts'

// maxItems (elements + attributes) bounds the sanitiser's per-tag work, a few µs per item: 10,000
// keep the longest stretch of a write under ~100 ms on a busy two-core machine, and are still ten
// times what a long article holds
export const HTML_LIMITS = { maxChars: 500_000, maxDepth: 100, maxItems: 10_000 } as const

/** Length in code points, as the schema's maxLength counts it. */
export function codePointLength(text: string): number {
  let n = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--
        i++
      }
    }
  }
  return n
}

export interface HtmlLimits {
  maxChars: number
  maxDepth: number
  maxItems: number
}

class OverLimit extends Error {}

/**
 * How deep `html` nests elements, as the parser the sanitiser uses builds them (implied and void
 * closes included), and how many elements and attributes it holds; the scan stops as soon as
 * either passes its limit, so the parser's own stack stays short and the scan is linear.
 */
export function markupStats(html: string, limits: Pick<HtmlLimits, 'maxDepth' | 'maxItems'> = HTML_LIMITS): { depth: number; items: number } {
  let depth = 0
  let deepest = 0
  let items = 0
  const parser = new Parser({
    onopentagname() {
      depth++
      items++
      if (depth > deepest) deepest = depth
      if (depth > limits.maxDepth || items > limits.maxItems) throw new OverLimit()
    },
    onattribute() {
      if (++items > limits.maxItems) throw new OverLimit()
    },
    onclosetag() {
      if (depth > 0) depth--
    },
  })
  try {
    parser.write(html)
    parser.end()
  } catch (err) {
    if (!(err instanceof OverLimit)) throw err
  }
  return { depth: deepest, items }
}

const refuse = (path: string, message: string) => new BadRequestError(`invalid body: ${path} ${message}`, [{ path, message }])

/** Throws one 400 naming `path` when `html` is over the size, nesting or markup limit. */
export function assertHtmlWithinLimits(path: string, html: string, limits: HtmlLimits = HTML_LIMITS): void {
  // the code-point count is at most the UTF-16 length, so most bodies skip the count
  if (html.length > limits.maxChars && codePointLength(html) > limits.maxChars) {
    throw refuse(path, `must NOT have more than ${limits.maxChars} characters`)
  }
  const { depth, items } = markupStats(html, limits)
  if (depth > limits.maxDepth) throw refuse(path, `must not nest elements more than ${limits.maxDepth} levels deep`)
  if (items > limits.maxItems) throw refuse(path, `must not have more than ${limits.maxItems} elements and attributes in all`)
}
