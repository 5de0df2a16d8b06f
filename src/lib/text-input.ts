// Plain-text input (titles, leads, names, reasons): NFC, control characters removed, white space
// collapsed, and the length limit applied after normalisation, since text from a decomposed (NFD)
// keyboard is longer before it. Errors are collected per field, as the schema validator reports them.
import { BadRequestError, type FieldError } from './errors.ts'
import { cleanLine } from './vietnamese.ts'

// C0/C1 controls other than tab and line breaks (which cleanLine turns into spaces); PostgreSQL
// refuses NUL in text, and the others have no business in a headline
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

export function stripControls(text: string): string {
  return text.replace(CONTROLS, '')
}

// Default-ignorable code points (soft hyphen, zero-width and bidi marks, word joiner, BOM, the
// Mongolian vowel separator, tag characters...) draw nothing, so they only ever hide what a text
// says from a rule or a parser. Two are kept where emoji need them: the zero-width joiner between
// emoji (👨‍👩‍👧) and the emoji presentation selector after one (❤️).
const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: ZWJ and VS16 stand alone on purpose, to keep them out of the class
  /[^\P{Default_Ignorable_Code_Point}\u200d\ufe0f]|(?<!\p{Emoji}\p{Emoji_Modifier}?)\ufe0f|(?<!\p{Emoji}[\p{Emoji_Modifier}\ufe0f]?)\u200d|\u200d(?!\p{Emoji})/u
const INVISIBLE_ALL = new RegExp(INVISIBLE, 'gu')

/** Control characters (as stripControls) and invisible (default-ignorable) ones removed. */
export function dropInvisible(text: string): string {
  return stripControls(text).replace(INVISIBLE_ALL, '')
}

export interface TextInput {
  /** A required line: trimmed and normalised, at least one character, at most `max`. */
  line(path: string, value: string, max: number): string
  /** An optional line: undefined stays undefined (not given); null or blank become null. */
  optionalLine(path: string, value: string | null | undefined, max: number): string | null | undefined
  /** An optional absolute http(s) URL; null or blank become null. */
  optionalUrl(path: string, value: string | null | undefined, max: number): string | null | undefined
  fail(path: string, message: string): void
  /** Throws one 400 naming every field at fault. */
  done(): void
}

export function textInput(): TextInput {
  const errors: FieldError[] = []
  const clean = (value: string) => cleanLine(stripControls(value))
  const check = (path: string, text: string, max: number) => {
    if (text.length > max) errors.push({ path, message: `must NOT have more than ${max} characters` })
  }
  return {
    line(path, value, max) {
      const text = clean(value)
      if (!text) errors.push({ path, message: 'must not be blank' })
      check(path, text, max)
      return text
    },
    optionalLine(path, value, max) {
      if (value === undefined) return undefined
      const text = value === null ? '' : clean(value)
      check(path, text, max)
      return text || null
    },
    optionalUrl(path, value, max) {
      if (value === undefined) return undefined
      const text = value === null ? '' : stripControls(value).trim()
      if (!text) return null
      check(path, text, max)
      let url: URL | undefined
      try {
        url = new URL(text)
      } catch {}
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) errors.push({ path, message: 'must be an http or https URL' })
      return text
    },
    fail(path, message) {
      errors.push({ path, message })
    },
    done() {
      if (errors.length) throw new BadRequestError(`invalid body: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors)
    },
  }
}
