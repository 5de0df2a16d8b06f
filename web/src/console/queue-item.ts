// One comment as a moderator sees it: who, on which article, the flags and the marked text, the
// moderation service's verdict, reader reports and likes, who holds it, the three decisions, and
// the tools: the commenter panel, the editor's pick and the newsroom's reply.
import { h } from '../lib/dom.ts'
import { formatDateTime } from '../lib/format.ts'
import type { Action, CommentStatus, Flag, Me, StaffComment } from '../lib/types.ts'
import { highlighted } from './highlight.ts'
import { t } from './messages.ts'

type Message = Parameters<typeof t>[0]

// Every status and every decision the API's document names, each with its words here: one the
// API adds (or drops) fails the typecheck until it is listed, so no list below can drift from it.
const STATUS_LABEL = { pending: 'st_pending', approved: 'st_approved', rejected: 'st_rejected', spam: 'st_spam' } as const satisfies Record<
  CommentStatus,
  Message
>
export const STATUSES = Object.keys(STATUS_LABEL) as CommentStatus[]
/** the status each decision leads to */
export const TARGET = { approve: 'approved', reject: 'rejected', spam: 'spam' } as const satisfies Record<Action, CommentStatus>
/** the key that takes each decision */
export const KEY = { approve: 'a', reject: 'r', spam: 's' } as const satisfies Record<Action, string>
export const ACTIONS = Object.keys(TARGET) as Action[]
/** the keys of the tools beside the decisions */
export const TOOL_KEY = { commenter: 'p', feature: 'f', reply: 't' } as const
// the words for each report reason the API documents (it may add one: that shows under its own name)
const REASON_LABEL: Record<string, Message> = {
  offensive: 'rr_offensive',
  abusive: 'rr_abusive',
  spam: 'rr_spam',
  off_topic: 'rr_off_topic',
  other: 'rr_other',
}

const HOOK_LABEL: Record<string, Message> = { approve: 'hook_approve', reject: 'hook_reject', spam: 'hook_spam', queue: 'hook_queue' }

/** A decision that would change nothing: approving a hidden (reported) approved comment does change something. */
export const unchanged = (c: StaffComment, a: Action) => TARGET[a] === c.status && !(a === 'approve' && c.hidden)
/** Only a public comment can be an editor's pick or get a reply from the newsroom. */
export const isPublic = (c: StaffComment) => c.status === 'approved' && !c.hidden

export interface ItemHandlers {
  decide: (action: Action) => void
  commenter: () => void
  feature: () => void
  reply: () => void
}

function flagLabel(f: Flag): string {
  if (f.kind === 'too_many_links') return t('flagLinks', { count: f.count, max: f.max })
  if (f.kind === 'distrusted') return t('flagDistrusted', { count: f.rejections })
  return t(f.kind === 'banned_word' ? 'flagBanned' : 'flagSuspect', { word: f.word })
}
const flagClass = (f: Flag) => (f.kind === 'banned_word' ? 'banned' : f.kind === 'suspect_word' ? 'suspect' : 'link')

export const statusLabel = (s: CommentStatus) => t(STATUS_LABEL[s])

function reports(c: StaffComment): HTMLElement | null {
  if (!c.reports.total) return null
  const parts = Object.entries(c.reports.byReason)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => h('li', { 'data-reason': reason }, `${REASON_LABEL[reason] ? t(REASON_LABEL[reason]) : reason}: ${n}`))
  return h('div', { class: 'reports' }, h('p', {}, h('strong', {}, t('reportedN', { count: c.reports.total }))), h('ul', { class: 'reasons' }, parts))
}

function hookLine(c: StaffComment): HTMLElement | null {
  if (!c.hook) return null
  const { action, score, reason } = c.hook
  const said = HOOK_LABEL[action] ? t(HOOK_LABEL[action]) : action
  const bits = [t('hookSaid', { action: said }), score === null || score === undefined ? '' : t('hookScore', { score }), reason ?? ''].filter(Boolean)
  return h('p', { class: 'hook muted' }, bits.join(' · '))
}

const kbd = (key: string) => h('kbd', { 'aria-hidden': 'true' }, key)

function tools(c: StaffComment, on: ItemHandlers): HTMLElement {
  const open = isPublic(c)
  return h(
    'div',
    { class: 'tools' },
    h(
      'button',
      { type: 'button', class: 'secondary', 'data-tool': 'commenter', 'aria-keyshortcuts': TOOL_KEY.commenter, onclick: on.commenter },
      t('commenter'),
      kbd(TOOL_KEY.commenter),
    ),
    open
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-tool': 'feature', 'aria-keyshortcuts': TOOL_KEY.feature, onclick: on.feature },
          c.featured ? t('unfeature') : t('feature'),
          kbd(TOOL_KEY.feature),
        )
      : null,
    open
      ? h(
          'button',
          { type: 'button', class: 'secondary', 'data-tool': 'reply', 'aria-keyshortcuts': TOOL_KEY.reply, onclick: on.reply },
          t('staffReply'),
          kbd(TOOL_KEY.reply),
        )
      : null,
  )
}

export function queueItem(c: StaffComment, user: Me, selected: boolean, on: ItemHandlers, replyBox: HTMLElement | null): HTMLElement {
  const heading = `c-${c.id}-who`
  const claim = c.claimedBy
    ? h(
        'p',
        { class: `claim${c.claimedBy.id === user.id ? ' mine' : ''}` },
        c.claimedBy.id === user.id ? t('claimedByYou') : t('claimedBy', { name: c.claimedBy.name }),
      )
    : null
  const decided =
    c.status !== 'pending' && c.decidedBy
      ? h('p', { class: 'muted' }, t('decidedBy', { status: statusLabel(c.status), name: c.decidedBy.name }), c.decisionReason ? ` — ${c.decisionReason}` : '')
      : null
  return h(
    'li',
    {},
    h(
      'article',
      {
        class: `item${selected ? ' selected' : ''}`,
        tabindex: -1,
        'data-id': c.id,
        'data-status': c.status,
        'aria-labelledby': heading,
        'aria-current': selected ? 'true' : null,
      },
      h(
        'p',
        { class: 'item-head' },
        h('strong', { id: heading }, c.authorName),
        ' ',
        c.email ? h('span', { class: 'muted' }, `<${c.email}>`) : null,
        ' ',
        h('span', { class: `badge st-${c.status}` }, statusLabel(c.status)),
        ' ',
        h('time', { class: 'muted', datetime: c.createdAt }, t('at', { time: formatDateTime(c.createdAt) })),
        c.featured ? [' ', h('span', { class: 'badge featured' }, t('featuredBadge'))] : null,
        c.isStaff ? [' ', h('span', { class: 'badge staff' }, t('staffBadge'))] : null,
        c.hidden ? [' ', h('span', { class: 'badge hidden-badge' }, t('hiddenBadge'))] : null,
        c.likes ? [' ', h('span', { class: 'muted likes' }, t('likes', { count: c.likes }))] : null,
      ),
      h(
        'p',
        { class: 'on' },
        t('on', { title: '' }),
        h('a', { href: `/demo/${encodeURIComponent(c.article.slug)}`, target: '_blank', rel: 'noopener' }, c.article.title),
      ),
      c.flags.length
        ? h(
            'ul',
            { class: 'flags', 'aria-label': t('flagsLabel') },
            c.flags.map((f) => h('li', { class: `flag flag-${flagClass(f)}` }, flagLabel(f))),
          )
        : null,
      h('p', { class: 'content' }, highlighted(c.content, c.flags)),
      hookLine(c),
      reports(c),
      claim,
      decided,
      h(
        'div',
        { class: 'decide' },
        ACTIONS.map((a) =>
          h(
            'button',
            {
              type: 'button',
              class: a === 'approve' ? 'primary' : 'secondary',
              'data-action': a,
              disabled: unchanged(c, a),
              'aria-keyshortcuts': KEY[a],
              onclick: () => on.decide(a),
            },
            c.hidden && a === 'approve' ? t('approveAgain') : t(a),
            kbd(KEY[a]),
          ),
        ),
      ),
      tools(c, on),
      replyBox,
    ),
  )
}
