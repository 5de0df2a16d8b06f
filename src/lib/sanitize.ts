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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// the sanitiser's own spelling of a library image: the only form inlineMediaIds and renderInlineMedia read
const MEDIA_IMG = /<img data-media-id="([0-9a-f-]{36})" \/>/g
// what a refused image becomes: an <img> without a single attribute left
const DROPPED_IMG = /<img \/>/g

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'em',
    'b',
    'i',
    'u',
    's',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'figure',
    'figcaption',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'caption',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'data-media-id'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // dropped with everything inside them, not just their tags
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
    'template',
    'select',
    'xmp',
    'noembed',
    'noframes',
    'title',
    'head',
    'frameset',
    'applet',
  ],
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
      // a library image keeps only its id: src, srcset, size and alt are filled from the media at
      // read time (renderInlineMedia), so the stored body never holds a stale copy of them
      const mediaId = attribs['data-media-id']
      if (mediaId !== undefined) return { tagName, attribs: UUID.test(mediaId) ? { 'data-media-id': mediaId.toLowerCase() } : {} }
      const { src, 'data-media-id': _none, ...rest } = attribs
      const url = src?.trim()
      // an <img> whose src is refused (javascript:, data:, ...) loses every attribute and the bare
      // <img /> is cut out after the pass (DROPPED_IMG). Not renamed to a tag outside the
      // allowlist: sanitize-html 2.x then leaves the new name behind for the next element closed at
      // the same depth (`</dropped-img>` after the next image). Not an exclusiveFilter either: that
      // cuts the output string back, a copy of everything so far per image.
      if (!url || !IMAGE_URL.test(url)) return { tagName, attribs: {} }
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
  const out = sanitizeHtml(input, OPTIONS).replace(DROPPED_IMG, '').trim()
  if (out.length > HTML_LIMITS.maxChars && codePointLength(out) > HTML_LIMITS.maxChars) {
    const message = `must NOT have more than ${HTML_LIMITS.maxChars} characters once sanitised (closing tags added, & written as &amp;)`
    throw new BadRequestError(`invalid body: ${path} ${message}`, [{ path, message }])
  }
  return out
}

/** The media ids of a sanitised body's library images, each once, in order. */
export function inlineMediaIds(body: string): string[] {
  return [...new Set([...body.matchAll(MEDIA_IMG)].map((m) => m[1]!))]
}

export interface InlineMedia {
  alt: string | null
  renditions: Record<'thumb' | 'card' | 'article', { url: string; width: number; height: number }>
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')

/** A sanitised body with its library images filled in: src, srcset, sizes, width, height, alt. */
export function renderInlineMedia(body: string, media: Record<string, InlineMedia> | null): string {
  if (!media) return body
  return body.replace(MEDIA_IMG, (whole, id: string) => {
    const m = media[id]
    if (!m) return whole
    const { thumb, card, article } = m.renditions
    const srcset = [thumb, card, article].map((r) => `${attr(r.url)} ${r.width}w`).join(', ')
    return (
      `<img data-media-id="${id}" src="${attr(article.url)}" srcset="${srcset}" sizes="(max-width: ${article.width}px) 100vw, ${article.width}px" ` +
      `width="${article.width}" height="${article.height}" alt="${attr(m.alt ?? '')}" loading="lazy" />`
    )
  })
}
