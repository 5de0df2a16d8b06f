// One text pipeline for matching: moderation rules and duplicate detection
// compare texts as foldForMatching() leaves them, so what looks the same to a reader matches:
//   1. NFKC: fullwidth ｓ, mathematical 𝐬 and circled ⓢ are s;
//   2. default-ignorable code points dropped: a soft hyphen or word joiner inside a word hides nothing;
//   3. the confusable skeleton (Unicode TR39, confusables.txt as packaged by unhomoglyph): Cyrillic
//      а, о, е, с, р and their kin are a, o, e, c, p;
//   4. the Vietnamese fold (case, tone and other marks, đ/Đ) of lib/vietnamese.ts.
// Stored text is never folded; slugs and search columns keep fold() (see vietnamese.ts).
import { createRequire } from 'node:module'
import { createHash } from 'node:crypto'
import { fold } from './vietnamese.ts'

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu
const MARK = /^\p{M}+$/u
const FOLDS_TO_ASCII = /^[a-z]+$/
const WORD_CHAR = /^[\p{L}\p{N}]$/u
const ALNUM = /^[a-z0-9]+$/i

// The skeleton's table maps `m` to `rn`, `ơ` to `o'` and `đ` to `d̵`, since it compares shapes, not
// letters. It is applied only where the Vietnamese fold has no answer: ASCII, every letter that
// folds to ASCII letters (all of Vietnamese: ư, ơ, đ, the toned vowels; also ø, æ, ß...) and the
// combining marks (which the fold removes) keep their meaning. It runs before case is folded, as
// shapes differ by case (Cyrillic М is M, but м is no m); and as ASCII keeps its case until the
// fold, the capitals the table sends to `l` (I's shape: Cyrillic І, Greek Ι) go to I instead.
const SKELETON: ReadonlyMap<string, string> = new Map(
  Object.entries(createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>)
    .filter(
      ([from, to]) =>
        /[^\0-\x7f]/.test(from) &&
        !MARK.test(from) &&
        !FOLDS_TO_ASCII.test(fold(from)) &&
        // punctuation and symbols matter only where they pass for letters (∨ for v), not as — → ー
        (WORD_CHAR.test(from) || ALNUM.test(fold(to))),
    )
    .map(([from, to]) => [from, to === 'l' && /^\p{Lu}$/u.test(from) ? 'I' : to]),
)

/** The form texts are compared in: "Lừ\u2060a ĐẢО" (Cyrillic О) and "lua dao" are the same. */
export function foldForMatching(text: string): string {
  const plain = text.normalize('NFKC').replace(IGNORABLE, '').normalize('NFD')
  return fold(plain.replace(/[^\0-\x7f]/gu, (c) => SKELETON.get(c) ?? c))
}

/** The words of a text in matching form: runs of letters and digits. */
export function matchingWords(text: string): string[] {
  return foldForMatching(text).match(/[\p{L}\p{N}]+/gu) ?? []
}

/** What duplicate detection compares: a digest of the words in matching form, not a copy of the text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(matchingWords(text).join(' ')).digest('hex')
}
