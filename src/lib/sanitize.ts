// Article bodies are HTML from editors' rich-text tools, published to frontends that render it as
// is: they are cut down to an allowlist on write, so nothing stored can run script in a reader's page.
import sanitizeHtml from 'sanitize-html'
import { BadRequestError } from './errors.ts'
import { assertHtmlWithinLimits, codePointLength, HTML_LIMITS } from './html-limits.ts'
import { stripControls } from './text-input.ts'

const DIMENSION = /^\d{1,5}$/
// absolute URLs only: a headless CMS's HTML is shown on other origins, where a relative URL would
// point somewhere nobody chose (sanitize-html itself lets relative URLs through)
const LINK_URL = /^(https?:\/\/|mailto:)/i
const IMAGE_URL = /^https?:\/\//i

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'h2', 'h3', 'h4', 'strong', 'em', 'b', 'i', 'u', 's', 'blockquote', 'ul', 'ol', 'li', 'a', 'img',
    'figure', 'figcaption', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // dropped with everything inside them, not just their tags
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math',
    'template', 'select', 'xmp', 'noembed', 'noframes', 'title', 'head', 'frameset', 'applet'],
  transformTags: {
    a: (tagName, attribs) => {
      const { target, rel: _ignored, href, ...rest } = attribs
      const url = href?.trim()
      return {
        tagName,
        attribs: { ...(url && LINK_URL.test(url) && { href: url }), ...rest, ...(target === '_blank' && { target }), rel: 'noopener noreferrer' },
      }
    },
    img: (tagName, attribs) => {
      const { src, ...rest } = attribs
      const url = src?.trim()
      // an <img> whose src is refused (javascript:, data:, ...) is dropped whole, renamed to a tag
      // outside the allowlist; an exclusiveFilter would do it by cutting the output string back,
      // a copy of everything so far per image
      if (!url || !IMAGE_URL.test(url)) return { tagName: 'dropped-img', attribs: {} }
      const kept: Record<string, string> = { src: url, ...rest }
      for (const dim of ['width', 'height']) if (kept[dim] !== undefined && !DIMENSION.test(kept[dim]!)) delete kept[dim]
      return { tagName, attribs: kept }
    },
  },
}

/**
 * The stored form of an article body, for both create and update. Over the size or nesting limit
 * (HTML_LIMITS) it is refused before the sanitiser runs, which keeps the sanitiser's work linear;
 * a body the sanitiser grows past the size limit (closing tags it adds, `&` → `&amp;`) is refused
 * too, so nothing stored is over the documented limit.
 */
export function sanitizeBody(html: string, path = 'body/body'): string {
  const input = stripControls(html.normalize('NFC'))
  assertHtmlWithinLimits(path, input)
  const out = sanitizeHtml(input, OPTIONS).trim()
  if (out.length > HTML_LIMITS.maxChars && codePointLength(out) > HTML_LIMITS.maxChars) {
    const message = `must NOT have more than ${HTML_LIMITS.maxChars} characters once sanitised (closing tags added, & written as &amp;)`
    throw new BadRequestError(`invalid body: ${path} ${message}`, [{ path, message }])
  }
  return out
}
