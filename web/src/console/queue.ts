// The queue, keyboard-first: j/k move, a/r/s decide, u undoes the last decision for 5 seconds,
// c takes the next 10, / jumps to the reason, p opens the commenter panel, f makes a public
// comment an editor's pick (or not), t opens the newsroom's reply. Undo: an approval is taken
// down (rejected, with a reason), since the API has no way back to pending; a rejection or spam
// mark is not sent again — the comment just returns to the list, showing its status, to be
// decided anew. The same view, fixed on `reported`, is the reported tab (mountReported).
import { ApiError, ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import { formatDateTime } from '../lib/format.ts'
import type { Action, ListStatus, Me, StaffComment } from '../lib/types.ts'
import { api } from './auth.ts'
import { t } from './messages.ts'
import { ACTIONS, KEY, queueItem, STATUSES, statusLabel, TOOL_KEY, unchanged } from './queue-item.ts'
import { followLive } from './queue-live.ts'
import { queueTools } from './queue-tools.ts'
import { refreshTabCounts } from './tab-counts.ts'
import { refreshStats, toast } from './ui.ts'

const UNDO_MS = 5_000
const CLAIM_LIMIT = 10

interface Undo {
  comment: StaffComment
  index: number
  at: number
}

export const mountReported = (main: HTMLElement, user: Me) => mountQueue(main, user, 'reported')

export function mountQueue(main: HTMLElement, user: Me, mode: 'queue' | 'reported' = 'queue'): () => void {
  const reported = mode === 'reported'
  let status: ListStatus = reported ? 'reported' : 'pending'
  let claimed = false
  let items: StaffComment[] = []
  let index = 0
  let undo: Undo | null = null
  let busy = false
  // the comment whose decision is on its way
  let deciding: string | null = null
  let loads = 0

  const claimButton = h('button', { type: 'button', class: 'primary', id: 'claim', 'aria-keyshortcuts': 'c' }, t('claim'))
  const back = h('button', { type: 'button', class: 'secondary', hidden: true }, t('backToQueue'))
  const reload = h('button', { type: 'button', class: 'secondary' }, t('reload'))
  const select = h(
    'select',
    { id: 'status-filter', name: 'status' },
    STATUSES.map((s) => h('option', { value: s }, statusLabel(s))),
  )
  const reason = h('input', { id: 'reason', name: 'reason', maxlength: 500, autocomplete: 'off', 'aria-keyshortcuts': '/' })
  const title = h('h1', { id: 'queue-title', class: 'queue-title' })
  const list = h('ol', { class: 'queue', 'aria-labelledby': 'queue-title' })
  const note = h('p', { class: 'muted', role: 'status' })
  // what the live stream changes, announced politely; new comments wait behind a button
  const fresh = h('button', { type: 'button', class: 'secondary', id: 'new-comments', hidden: true })
  const liveNote = h('p', { class: 'muted', id: 'live-note' })
  let arrived = 0

  replace(
    main,
    reported
      ? h('div', { class: 'toolbar' }, h('p', { class: 'muted intro' }, t('reportedIntro')), reload)
      : h('div', { class: 'toolbar' }, claimButton, back, h('label', { for: 'status-filter', class: 'inline' }, t('status'), select), reload),
    h('p', { class: 'keys', id: 'keys' }, reported ? t('keysReported') : t('keys')),
    h('div', { class: 'field' }, h('label', { for: 'reason' }, t('reason')), reason),
    title,
    h('div', { class: 'live', 'aria-live': 'polite' }, fresh, liveNote),
    note,
    list,
  )

  const tools = queueTools({ current: () => items[index], render: (focus) => render(focus), list })

  function render(focus = false): void {
    title.textContent = claimed ? t('myClaims') : status === 'reported' ? t('reportedTitle') : t('queueTitle', { status: statusLabel(status) })
    back.hidden = !claimed
    index = Math.max(0, Math.min(index, items.length - 1))
    const at = (i: number, run: () => void) => () => {
      index = i
      run()
    }
    replace(
      list,
      items.map((c, i) =>
        queueItem(
          c,
          user,
          i === index,
          {
            decide: (a) => at(i, () => void decide(a))(),
            commenter: at(i, tools.commenter),
            feature: at(i, () => void tools.feature()),
            reply: at(i, tools.reply),
          },
          tools.replyBoxFor(c.id),
        ),
      ),
    )
    note.textContent = items.length ? '' : claimed ? t('claimedNone') : t('empty')
    if (focus) list.querySelector<HTMLElement>('.item.selected')?.focus()
  }

  async function load(): Promise<void> {
    claimed = false
    arrived = 0
    fresh.hidden = true
    // a status picked while the previous list is on its way: only the last answer is shown
    const asked = ++loads
    try {
      const res = await ok(api.GET('/v1/moderation/comments', { params: { query: { status, limit: 50 } } }))
      if (asked !== loads) return
      items = res.data
      index = 0
      render()
    } catch (err) {
      failed(err)
    }
  }

  async function claim(): Promise<void> {
    if (busy) return
    busy = true
    claimButton.disabled = true
    claimButton.textContent = t('claiming')
    try {
      const res = await ok(api.POST('/v1/moderation/claims', { body: { limit: CLAIM_LIMIT } }))
      loads++ // a list still on its way is older than the claim
      claimed = true
      items = res.data
      index = 0
      select.value = status = 'pending'
      render(true)
      void refreshStats()
      const until = res.data[0]?.claimExpiresAt
      toast(res.data.length && until ? t('claimedN', { count: res.data.length, time: formatDateTime(until) }) : t('claimedNone'))
    } catch (err) {
      failed(err)
    } finally {
      busy = false
      claimButton.disabled = false
      claimButton.textContent = t('claim')
    }
  }

  async function decide(action: Action): Promise<void> {
    const c = items[index]
    if (!c || busy || unchanged(c, action)) return
    busy = true
    deciding = c.id
    try {
      const given = reason.value.trim()
      const updated = await ok(
        api.POST('/v1/moderation/comments/{id}/decision', {
          params: { path: { id: c.id } },
          body: { action, expectedStatus: c.status, ...(given ? { reason: given } : {}) },
        }),
      )
      reason.value = ''
      // by its id: the list may have moved while the answer was on its way
      const at = items.findIndex((x) => x.id === c.id)
      if (at >= 0) items.splice(at, 1)
      undo = { comment: updated, index: at >= 0 ? at : index, at: Date.now() }
      render(true)
      toast(t(`done_${action}`, { name: c.authorName }), { label: `${t('undo')} (u)`, run: () => void undoLast() }, UNDO_MS)
      void refreshStats()
      void refreshTabCounts()
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) {
        // someone else decided it or holds it: show the list as it now is
        toast(t('conflict', { detail: err.message }))
        if (claimed) {
          items = items.filter((x) => x.id !== c.id)
          render(true)
        } else await load()
      } else failed(err)
    } finally {
      busy = false
      deciding = null
    }
  }

  async function undoLast(): Promise<void> {
    const last = undo
    undo = null
    if (!last || Date.now() - last.at > UNDO_MS || busy) {
      toast(t('undoExpired'))
      return
    }
    busy = true
    try {
      let comment = last.comment
      if (comment.status === 'approved') {
        comment = await ok(
          api.POST('/v1/moderation/comments/{id}/decision', {
            params: { path: { id: comment.id } },
            body: { action: 'reject', reason: t('undoReason'), expectedStatus: 'approved' },
          }),
        )
      }
      index = Math.min(last.index, items.length)
      items.splice(index, 0, comment)
      render(true)
      toast(t('undone', { name: comment.authorName, status: statusLabel(comment.status) }))
      void refreshStats()
    } catch (err) {
      failed(err)
    } finally {
      busy = false
    }
  }

  function failed(err: unknown): void {
    toast(t('failed', { detail: err instanceof Error ? err.message : String(err) }))
  }

  function move(by: number): void {
    if (!items.length) return
    index = Math.max(0, Math.min(items.length - 1, index + by))
    render(true)
  }

  function onKey(ev: KeyboardEvent): void {
    // the commenter panel is modal: its own keys only
    if (ev.ctrlKey || ev.metaKey || ev.altKey || document.querySelector('dialog[open]')) return
    const target = ev.target as HTMLElement
    if (target.closest('input, textarea, select, [contenteditable="true"]')) {
      if (ev.key === 'Escape' && target === reason) {
        reason.blur()
        list.querySelector<HTMLElement>('.item.selected')?.focus()
      }
      return
    }
    const keys: Record<string, () => void> = {
      j: () => move(1),
      ArrowDown: () => move(1),
      k: () => move(-1),
      ArrowUp: () => move(-1),
      ...Object.fromEntries(ACTIONS.map((a) => [KEY[a], () => void decide(a)])),
      u: () => void undoLast(),
      ...(reported ? {} : { c: () => void claim() }),
      '/': () => reason.focus(),
      [TOOL_KEY.commenter]: tools.commenter,
      [TOOL_KEY.feature]: () => void tools.feature(),
      [TOOL_KEY.reply]: tools.reply,
    }
    const run = keys[ev.key]
    if (!run) return
    ev.preventDefault()
    run()
  }

  // Tab into another comment's buttons and the keys act on that comment
  list.addEventListener('focusin', (ev) => {
    const id = (ev.target as HTMLElement).closest<HTMLElement>('.item')?.dataset.id
    const i = items.findIndex((c) => c.id === id)
    if (i < 0 || i === index) return
    index = i
    list.querySelectorAll<HTMLElement>('.item').forEach((el) => {
      const on = el.dataset.id === id
      el.classList.toggle('selected', on)
      if (on) el.setAttribute('aria-current', 'true')
      else el.removeAttribute('aria-current')
    })
  })
  const hasFocus = () => list.contains(document.activeElement)
  const offLive = followLive({
    user,
    items: () => items,
    takesNew: () => !claimed && status === 'pending',
    // the stream may bring this tab's own decision before its answer does
    mine: (id) => id === deciding || id === undo?.comment.id,
    removed: (i, text) => {
      items.splice(i, 1)
      if (i < index) index--
      render(hasFocus())
      liveNote.textContent = text
    },
    changed: () => render(hasFocus()),
    arrived: () => {
      arrived++
      fresh.textContent = t('newComments', { count: arrived })
      fresh.hidden = false
    },
  })
  fresh.addEventListener('click', () => void load())
  claimButton.addEventListener('click', () => void claim())
  back.addEventListener('click', () => void load())
  reload.addEventListener('click', () => void (claimed ? claim() : load()))
  select.addEventListener('change', () => {
    status = select.value as ListStatus
    void load()
  })
  document.addEventListener('keydown', onKey)
  void load()
  void refreshStats()
  return () => {
    document.removeEventListener('keydown', onKey)
    offLive()
  }
}
