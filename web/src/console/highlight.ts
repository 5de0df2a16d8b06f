// Marks in a comment what the automatic rules saw: the flagged words (matched as the server
// matches them: whole words, ignoring case, tone marks and đ/Đ) and the links.
import { h } from '../lib/dom.ts'
import type { Flag } from '../lib/types.ts'
// the very pattern the server's rules count links with
import { LINK_PATTERN as LINK } from '../../../src/lib/links.ts'

export type MarkKind = 'banned' | 'suspect' | 'link'
export interface Range {
  start: number
  end: number
  kind: MarkKind
}

const foldChar = (c: string) => c.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The folded text and, for each of its characters, where it came from in the original. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = ''
  const origin: number[] = []
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]!)
    folded += f
    for (let k = 0; k < f.length; k++) origin.push(i)
  }
  origin.push(text.length)
  return { folded, origin }
}

export function flaggedRanges(text: string, flags: readonly Flag[]): Range[] {
  const ranges: Range[] = []
  const { folded, origin } = fold(text.normalize('NFC'))
  for (const flag of flags) {
    if (flag.kind === 'too_many_links' || flag.kind === 'distrusted') continue
    const word = fold(flag.word.normalize('NFC')).folded.trim().split(/\s+/).map(escapeRegExp).join('\\s+')
    if (!word) continue
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${word}(?![\\p{L}\\p{N}])`, 'gu')
    for (const m of folded.matchAll(re)) {
      const start = origin[m.index]!
      const end = origin[m.index + m[0].length - 1]! + 1
      ranges.push({ start, end, kind: flag.kind === 'banned_word' ? 'banned' : 'suspect' })
    }
  }
  if (flags.some((f) => f.kind === 'too_many_links')) {
    for (const m of text.normalize('NFC').matchAll(LINK)) ranges.push({ start: m.index, end: m.index + m[0].length, kind: 'link' })
  }
  // earliest first; an overlap keeps the earlier (or longer) mark
  ranges.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: Range[] = []
  for (const r of ranges) if (!kept.length || r.start >= kept[kept.length - 1]!.end) kept.push(r)
  return kept
}

export function highlighted(text: string, flags: readonly Flag[]): Node[] {
  const nfc = text.normalize('NFC')
  const out: Node[] = []
  let at = 0
  for (const r of flaggedRanges(nfc, flags)) {
    if (r.start > at) out.push(document.createTextNode(nfc.slice(at, r.start)))
    out.push(h('mark', { class: `flag-${r.kind}` }, nfc.slice(r.start, r.end)))
    at = r.end
  }
  if (at < nfc.length) out.push(document.createTextNode(nfc.slice(at)))
  return out
}
