// The automatic moderation rules, as pure functions: matching is on whole words or phrases in
// their matching form (lib/text-folding.ts: compatibility forms, invisible characters, look-alike
// letters, case, tone marks, đ/Đ), so "co bac" and "cờ\u00adbạc" match "cờ bạc" but "cobac" does not.
import { matchingWords } from './text-folding.ts'
import type { CommentStatus } from './comment-statuses.ts'
import { countLinks } from './links.ts'

export interface Rules {
  mode: 'pre' | 'post'
  bannedWords: string[]
  suspectWords: string[]
  maxLinks: number
  /** reports that hide an approved comment (comments/community.ts) */
  reportThreshold: number
  /** approved comments, with no rejection in TRUST_WINDOW_DAYS, after which `pre` mode publishes at once; 0 = never */
  trustedAfter: number
  /** rejections after which a commenter is always held, even in `post` mode; 0 = never */
  distrustAfter: number
  /** comments close this many days after the article's publication; 0 = never */
  closeAfterDays: number
}

export const DEFAULT_RULES: Rules = {
  mode: 'pre',
  bannedWords: [],
  suspectWords: [],
  maxLinks: 2,
  reportThreshold: 3,
  trustedAfter: 0,
  distrustAfter: 2,
  closeAfterDays: 0,
}
export const TRUST_WINDOW_DAYS = 90

/** A thread as a reader's page needs it: open or not (and why not), and when an open one closes. */
export function threadState(article: { commentsEnabled: boolean; publishedAt: Date | null }, rules: Pick<Rules, 'closeAfterDays'>, now: Date) {
  const closedReason = closedBecause(article, rules, now)
  const closesAt =
    closedReason === null && rules.closeAfterDays > 0 && article.publishedAt
      ? new Date(article.publishedAt.getTime() + rules.closeAfterDays * 86_400_000).toISOString()
      : null
  return { open: closedReason === null, closedReason, closesAt }
}

/**
 * Why a thread takes no new comments, or null while it is open: the article's own switch first,
 * then the rules' closeAfterDays counted from publication.
 */
export function closedBecause(article: { commentsEnabled: boolean; publishedAt: Date | null }, rules: Pick<Rules, 'closeAfterDays'>, now: Date): string | null {
  if (!article.commentsEnabled) return 'comments are closed for this article'
  if (rules.closeAfterDays > 0 && article.publishedAt) {
    const closesAt = article.publishedAt.getTime() + rules.closeAfterDays * 86_400_000
    if (now.getTime() >= closesAt) return `comments closed ${rules.closeAfterDays} days after publication (${new Date(closesAt).toISOString()})`
  }
  return null
}

/** What the commenter's history says, as counted by comments/comments.ts. */
export interface Standing {
  ban: { reason: string } | null
  approved: number
  rejected: number
  /** rejections decided within TRUST_WINDOW_DAYS */
  recentRejections: number
}

export type Flag =
  | { kind: 'banned_word'; word: string }
  | { kind: 'suspect_word'; word: string }
  | { kind: 'too_many_links'; count: number; max: number }
  | { kind: 'distrusted'; rejections: number; distrustAfter: number }

export interface Verdict {
  /** the rules hold, publish or bin; only a moderator rejects */
  status: Exclude<CommentStatus, 'rejected'>
  flags: Flag[]
  /** the reason written to the moderation log when the rules decided alone */
  reason: string | null
}

const padded = (text: string) => ` ${matchingWords(text).join(' ')} `

/** The listed words/phrases that occur in `text` as whole words, in the list's spelling. */
export function matchWords(text: string, words: readonly string[]): string[] {
  const haystack = padded(text)
  return words.filter((w) => {
    const needle = padded(w)
    return needle.trim() !== '' && haystack.includes(needle)
  })
}

export function evaluate(content: string, rules: Rules): Verdict {
  const banned = matchWords(content, rules.bannedWords)
  if (banned.length) {
    return { status: 'spam', flags: banned.map((word) => ({ kind: 'banned_word', word })), reason: `banned word: ${banned.join(', ')}` }
  }
  const flags: Flag[] = matchWords(content, rules.suspectWords).map((word) => ({ kind: 'suspect_word', word }))
  const links = countLinks(content)
  if (links > rules.maxLinks) flags.push({ kind: 'too_many_links', count: links, max: rules.maxLinks })
  if (flags.length || rules.mode === 'pre') return { status: 'pending', flags, reason: null }
  return { status: 'approved', flags, reason: 'post-moderation mode: published at once' }
}

/**
 * The commenter's standing over the content's verdict: a ban bins, then banned words (already
 * spam), then distrust holds, then trust publishes what `pre` mode would have held without a flag.
 * The reason names the rule, for the `system` log entry.
 */
export function judgeCommenter(v: Verdict, s: Standing, rules: Rules): Verdict {
  if (s.ban) return { status: 'spam', flags: v.flags, reason: `banned commenter: ${s.ban.reason}` }
  if (v.status === 'spam') return v
  if (rules.distrustAfter > 0 && s.rejected >= rules.distrustAfter) {
    return { status: 'pending', flags: [...v.flags, { kind: 'distrusted', rejections: s.rejected, distrustAfter: rules.distrustAfter }], reason: null }
  }
  if (rules.trustedAfter > 0 && v.status === 'pending' && !v.flags.length && s.approved >= rules.trustedAfter && s.recentRejections === 0) {
    return { status: 'approved', flags: v.flags, reason: `trustedAfter: ${s.approved} approved comments and no rejection in ${TRUST_WINDOW_DAYS} days` }
  }
  return v
}

/** Word lists as stored: NFC, trimmed, inner space collapsed, no empties, no fold-duplicates. */
export function normaliseWordList(words: readonly string[]): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const raw of words) {
    const word = raw.normalize('NFC').replace(/\s+/g, ' ').trim()
    const key = matchingWords(word).join(' ')
    if (!key || seen.has(key)) continue
    seen.add(key)
    out.push(word)
  }
  return out
}
