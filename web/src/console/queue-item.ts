// One comment as a moderator sees it: who, on which article, the flags and the marked text,
// who holds it, and the three decisions.
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

function flagLabel(f: Flag): string {
  if (f.kind === 'too_many_links') return t('flagLinks', { count: f.count, max: f.max })
  if (f.kind === 'distrusted') return t('flagDistrusted', { count: f.rejections })
  return t(f.kind === 'banned_word' ? 'flagBanned' : 'flagSuspect', { word: f.word })
}
const flagClass = (f: Flag) => (f.kind === 'banned_word' ? 'banned' : f.kind === 'suspect_word' ? 'suspect' : 'link')

export const statusLabel = (s: CommentStatus) => t(STATUS_LABEL[s])

export function queueItem(c: StaffComment, user: Me, selected: boolean, decide: (action: Action) => void): HTMLElement {
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
              disabled: TARGET[a] === c.status,
              'aria-keyshortcuts': KEY[a],
              onclick: () => decide(a),
            },
            t(a),
            h('kbd', { 'aria-hidden': 'true' }, KEY[a]),
          ),
        ),
      ),
    ),
  )
}
