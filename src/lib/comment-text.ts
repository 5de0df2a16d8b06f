// Reader comments are plain text: markup is removed (its text kept, never escaped into storage),
// line breaks are kept, and the result is NFC with no control or invisible characters.
import { Parser } from 'htmlparser2'
import { dropInvisible } from './text-input.ts'

// elements whose content is code or chrome, never prose a reader meant to post
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'head', 'title'])
const BREAKS = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr'])
// what an HTML tokenizer reads as the start of a tag, an end tag, a comment or a declaration
const MARKUP = /<[a-z/!?]/i
const MARKUP_STARTS = /<+(?=[a-z/!?])/gi
// a raw-text element (xmp, noembed, noframes, plaintext...) hands its content over as text, which
// the next round parses as markup in turn; real text is stable after one or two rounds
const MAX_ROUNDS = 4

export function plainText(input: string): string {
  let text = tidy(input)
  for (let round = 0; round < MAX_ROUNDS && MARKUP.test(text); round++) text = tidy(textOf(text))
  // what is left after the last round is not parsed again: its tag openers go
  return MARKUP.test(text) ? tidy(text.replace(MARKUP_STARTS, '')) : text
}

/** The text of one parse: tags and comments dropped, code and chrome dropped with their content. */
function textOf(html: string): string {
  let out = ''
  let dropDepth = 0
  const parser = new Parser(
    {
      onopentagname(name) {
        if (DROP_CONTENT.has(name)) dropDepth++
        else if (name === 'br' || name === 'hr') out += '\n'
      },
      onclosetag(name, implied) {
        if (DROP_CONTENT.has(name)) dropDepth = Math.max(0, dropDepth - 1)
        else if (BREAKS.has(name) && name !== 'br' && name !== 'hr' && !implied) out += '\n'
      },
      ontext(text) {
        if (dropDepth === 0) out += text
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  )
  parser.write(html)
  parser.end()
  return out
}

/**
 * NFC; no control or invisible characters (those go before any parsing, so `<\u0000img` cannot
 * hide a tag from it); lines trimmed; at most one blank line in a row; no outer blank lines.
 */
export function tidy(text: string): string {
  return (
    dropInvisible(text.normalize('NFC').replace(/\r\n?/g, '\n'))
      // NFC again: a mark the removed characters stood before may now compose with its letter
      .normalize('NFC')
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  )
}
