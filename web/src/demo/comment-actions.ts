// What a reader can do to a published comment besides replying: like it (and take the like
// back) and report it with a reason. The API counts one like and one report per reader (its IP);
// this browser remembers what it did in localStorage, so a reload shows the like as pressed and
// the report as sent. A browser that forgets (private window) just asks again: a repeated like
// answers the same count and a repeated report is counted once.
import { api, ApiError, ok } from '../lib/api.ts'
import { h } from '../lib/dom.ts'
import type { ReportReason } from '../lib/types.ts'
import { t } from './messages.ts'

const LIKED = 'toasoan.liked'
const REPORTED = 'toasoan.reported'
// the label of each reason the API accepts: one the API adds fails the typecheck until it is here
const REASONS = {
  offensive: 'reason_offensive',
  abusive: 'reason_abusive',
  spam: 'reason_spam',
  off_topic: 'reason_off_topic',
  other: 'reason_other',
} as const satisfies Record<ReportReason, Parameters<typeof t>[0]>

function remembered(key: string): Set<string> {
  try {
    const list = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown
    return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [])
  } catch {
    return new Set()
  }
}

function remember(key: string, id: string, on: boolean): void {
  const set = remembered(key)
  if (on) set.add(id)
  else set.delete(id)
  try {
    // the newest 500 are plenty for a demo; the oldest go first
    localStorage.setItem(key, JSON.stringify([...set].slice(-500)))
  } catch {
    /* storage may be disabled: the state holds for this page */
  }
}

const errorText = (err: unknown) =>
  err instanceof ApiError && err.status === 429 ? t('tooMany', { seconds: err.retryAfter ?? 60 }) : t('actionFailed', { detail: (err as Error).message })

/** The like button: pressed when this browser liked the comment, with the count beside it. */
export function likeButton(id: string, likes: number, status: HTMLElement): HTMLButtonElement {
  let liked = remembered(LIKED).has(id)
  let count = likes
  const counter = h('span', { class: 'like-count' })
  const unit = h('span', { class: 'visually-hidden' })
  // the name read out is the visible text: "Thích 3 lượt thích", pressed or not
  const button = h('button', { type: 'button', class: 'like', 'data-comment': id }, h('span', { 'aria-hidden': 'true' }, '♥ '), t('like'), ' ', counter, unit)
  const show = () => {
    button.setAttribute('aria-pressed', String(liked))
    counter.textContent = String(count)
    unit.textContent = ` ${t('likesUnit')}`
  }
  show()
  button.addEventListener('click', async () => {
    button.disabled = true
    try {
      const path = { params: { path: { id } } }
      const res = liked
        ? await ok(api.DELETE('/v1/comments/{id}/reactions', path))
        : await ok(api.POST('/v1/comments/{id}/reactions', { ...path, body: { type: 'like' } }))
      liked = !liked
      count = res.likes
      remember(LIKED, id, liked)
      show()
    } catch (err) {
      status.textContent = errorText(err)
    } finally {
      button.disabled = false
    }
  })
  return button
}

/** The report button and the small form it opens: a reason (required) and an optional note. */
export function reportControl(id: string, status: HTMLElement): { button: HTMLButtonElement; form: HTMLFormElement } {
  const formId = `report-${id}`
  const button = h('button', { type: 'button', class: 'link report', 'aria-expanded': 'false', 'aria-controls': formId }, t('report'))
  const done = () => {
    button.textContent = t('reported')
    button.disabled = true
    button.removeAttribute('aria-expanded')
  }
  const reason = h(
    'select',
    { id: `${formId}-reason`, name: 'reason', required: true },
    h('option', { value: '' }, t('pickReason')),
    Object.entries(REASONS).map(([value, label]) => h('option', { value }, t(label))),
  )
  const note = h('textarea', { id: `${formId}-note`, name: 'note', rows: 2, maxlength: 500 })
  const error = h('p', { class: 'field-error', id: `${formId}-error`, hidden: true })
  const send = h('button', { type: 'submit', class: 'primary' }, t('sendReport'))
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('cancel'))
  const form = h(
    'form',
    { class: 'report-form', id: formId, hidden: true, 'aria-label': t('reportTitle'), novalidate: true },
    h('div', { class: 'field' }, h('label', { for: reason.id }, t('reportReason')), reason, error),
    h('div', { class: 'field' }, h('label', { for: note.id }, t('reportNote')), note),
    h('div', { class: 'actions' }, send, cancel),
  )
  const toggle = (open: boolean) => {
    form.hidden = !open
    button.setAttribute('aria-expanded', String(open))
    if (open) reason.focus()
    else button.focus()
  }
  button.addEventListener('click', () => toggle(Boolean(form.hidden)))
  cancel.addEventListener('click', () => toggle(false))
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    error.hidden = true
    reason.removeAttribute('aria-invalid')
    if (!reason.value) {
      error.textContent = t('pickReasonFirst')
      error.hidden = false
      reason.setAttribute('aria-invalid', 'true')
      reason.setAttribute('aria-describedby', error.id)
      reason.focus()
      return
    }
    send.disabled = true
    try {
      const text = note.value.trim()
      await ok(
        api.POST('/v1/comments/{id}/reports', { params: { path: { id } }, body: { reason: reason.value as ReportReason, ...(text ? { note: text } : {}) } }),
      )
      remember(REPORTED, id, true)
      form.hidden = true
      done()
      button.focus()
      status.textContent = t('reportThanks')
    } catch (err) {
      error.textContent = errorText(err)
      error.hidden = false
    } finally {
      send.disabled = false
    }
  })
  if (remembered(REPORTED).has(id)) done()
  return { button, form }
}
