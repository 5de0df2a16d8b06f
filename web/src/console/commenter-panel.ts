// The commenter panel, opened from any comment (button or `p`): what this reader's comments
// became (approved, rejected, spam, pending), when they were first seen, the ban (with a reason
// and an optional last day) and its lifting, and moderators' notes. A modal <dialog>: Esc or
// "Đóng" closes it and the focus goes back to the comment it was opened from.
import { ApiError, ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import { formatDateTime } from '../lib/format.ts'
import type { Commenter, StaffComment } from '../lib/types.ts'
import { api } from './auth.ts'
import { t } from './messages.ts'
import { clearFieldErrors, showFieldErrors } from './ui.ts'

/** The last moment of a day picked in a date input, in the newsroom's time zone (UTC+7, no DST). */
const endOfDay = (date: string) => new Date(`${date}T23:59:59.999+07:00`).toISOString()

export function openCommenterPanel(comment: StaffComment, returnFocus: () => void): void {
  document.querySelector('dialog.commenter')?.remove()
  const id = comment.commenterId
  const path = { params: { path: { commenterId: id } } }
  const body = h('div', { class: 'panel-body' }, h('p', { class: 'muted', role: 'status' }, t('loading')))
  const close = h('button', { type: 'button', class: 'secondary', id: 'close-panel' }, t('close'))
  // the page behind a modal dialog is inert, its toast unheard: the panel says what happened itself
  const said = h('p', { class: 'panel-status', id: 'panel-status', role: 'status' })
  const say = (text: string) => {
    said.textContent = text
  }
  const dialog = h(
    'dialog',
    { class: 'commenter', 'aria-labelledby': 'commenter-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'commenter-title' }, t('commenterTitle', { name: comment.authorName })), close),
    said,
    body,
  )
  close.addEventListener('click', () => dialog.close())
  dialog.addEventListener('close', () => {
    dialog.remove()
    returnFocus()
  })
  document.body.append(dialog)
  dialog.showModal()

  function render(c: Commenter, focus?: string): void {
    const ban = c.ban
      ? h(
          'div',
          { class: 'ban active', id: 'ban-state' },
          h('p', {}, h('strong', {}, c.ban.until ? t('bannedUntil', { time: formatDateTime(c.ban.until) }) : t('bannedForever'))),
          h('p', {}, t('banReasonShown', { reason: c.ban.reason, name: c.ban.createdBy?.name ?? t('system'), time: formatDateTime(c.ban.createdAt) })),
          h('button', { type: 'button', class: 'secondary', id: 'unban', onclick: () => void unban() }, t('unban')),
        )
      : banForm()
    replace(
      body,
      h(
        'p',
        { class: 'muted' },
        t('firstSeen', { time: formatDateTime(c.firstSeenAt) }),
        ' · ',
        h('code', { title: c.commenterId }, c.commenterId.slice(0, 12)),
      ),
      h(
        'dl',
        { class: 'counts', 'aria-label': t('historyLabel') },
        (['approved', 'rejected', 'spam', 'pending'] as const).flatMap((k) => [h('dt', {}, t(`st_${k}`)), h('dd', { 'data-count': k }, String(c.counts[k]))]),
      ),
      h('h3', {}, t('banTitle')),
      ban,
      h('h3', {}, t('notesTitle')),
      noteForm(),
      c.notes.length
        ? h(
            'ul',
            { class: 'notes' },
            c.notes.map((n) =>
              h(
                'li',
                {},
                h('p', { class: 'note-text' }, n.text),
                h('p', { class: 'muted' }, `${n.author?.name ?? t('system')} · ${formatDateTime(n.createdAt)}`),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('noNotes')),
    )
    if (focus) body.querySelector<HTMLElement>(focus)?.focus()
  }

  function banForm(): HTMLFormElement {
    const reason = h('input', { id: 'ban-reason', name: 'reason', required: true, maxlength: 500, autocomplete: 'off' })
    const until = h('input', { id: 'ban-until', name: 'until', type: 'date', 'aria-describedby': 'ban-until-hint' })
    const submit = h('button', { type: 'submit', class: 'primary' }, t('ban'))
    const form = h(
      'form',
      { class: 'ban-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'ban-reason' }, t('banReason')), reason),
      h(
        'div',
        { class: 'field narrow-date' },
        h('label', { for: 'ban-until' }, t('banUntil')),
        h('p', { class: 'muted', id: 'ban-until-hint' }, t('banUntilHint')),
        until,
      ),
      submit,
    )
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault()
      clearFieldErrors(form)
      if (!reason.value.trim()) {
        showFieldErrors(form, new Map([['reason', t('required')]]))?.focus()
        return
      }
      submit.disabled = true
      try {
        const body = { reason: reason.value.trim(), ...(until.value ? { until: endOfDay(until.value) } : {}) }
        render(await ok(api.POST('/v1/moderation/commenters/{commenterId}/ban', { ...path, body })), '#unban')
        say(t('bannedDone', { name: comment.authorName }))
      } catch (err) {
        if (err instanceof ApiError && err.status === 400 && err.fieldErrors().size) showFieldErrors(form, err.fieldErrors())?.focus()
        else say(t('failed', { detail: (err as Error).message }))
      } finally {
        submit.disabled = false
      }
    })
    return form
  }

  async function unban(): Promise<void> {
    try {
      render(await ok(api.DELETE('/v1/moderation/commenters/{commenterId}/ban', path)), '#ban-reason')
      say(t('unbannedDone', { name: comment.authorName }))
    } catch (err) {
      say(t('failed', { detail: (err as Error).message }))
    }
  }

  function noteForm(): HTMLFormElement {
    const text = h('textarea', { id: 'note-text', name: 'text', rows: 2, maxlength: 2000, required: true })
    const form = h(
      'form',
      { class: 'note-form', novalidate: true },
      h('div', { class: 'field' }, h('label', { for: 'note-text' }, t('noteLabel')), text),
      h('button', { type: 'submit', class: 'secondary' }, t('addNote')),
    )
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault()
      clearFieldErrors(form)
      if (!text.value.trim()) {
        showFieldErrors(form, new Map([['text', t('required')]]))?.focus()
        return
      }
      try {
        render(await ok(api.POST('/v1/moderation/commenters/{commenterId}/notes', { ...path, body: { text: text.value.trim() } })), '#note-text')
        say(t('noteAdded'))
      } catch (err) {
        if (err instanceof ApiError && err.status === 400 && err.fieldErrors().size) showFieldErrors(form, err.fieldErrors())?.focus()
        else say(t('failed', { detail: (err as Error).message }))
      }
    })
    return form
  }

  ok(api.GET('/v1/moderation/commenters/{commenterId}', path))
    .then((c) => render(c, '#close-panel'))
    .catch((err) => replace(body, h('p', { class: 'form-message error', role: 'alert' }, t('failed', { detail: (err as Error).message }))))
}
