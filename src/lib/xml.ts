// Text for XML documents (feeds, sitemaps). XML 1.0 forbids most C0 controls, lone surrogates and
// U+FFFE/U+FFFF even as character references, so they are dropped, not escaped; what remains is
// NFC (titles typed on a macOS keyboard arrive decomposed) and escaped for text or attributes.

// everything outside XML 1.0's Char production; with the `u` flag a lone surrogate is one code point
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** NFC text with the characters XML 1.0 cannot carry removed. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML_CHAR, '').normalize('NFC')
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/** `xmlText`, escaped for element content and quoted attribute values alike. */
export function escapeXml(s: string): string {
  return xmlText(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/**
 * Plain text as HTML (an Atom `type="html"` title, an RSS description): the same five entities
 * are the HTML escapes too, and an escaped text can never contain a CDATA section's `]]>`.
 */
export const textAsHtml = escapeXml
