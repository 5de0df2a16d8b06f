// Reader comments are plain text: markup is removed (its text kept, never escaped into storage),
// line breaks are kept, and the result is NFC.
import { Parser } from 'htmlparser2'

// elements whose content is code or chrome, never prose a reader meant to post
const DROP_CONTENT = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'head', 'title'])
const BREAKS = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'hr'])

export function plainText(input: string): string {
  let out = ''
  let dropDepth = 0
  const parser = new Parser({
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
  }, { decodeEntities: false, lowerCaseTags: true })
  parser.write(input)
  parser.end()
  return tidy(out)
}

/** NFC; no control characters; lines trimmed; at most one blank line in a row; no outer blank lines. */
export function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .split('\n').map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim()).join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
