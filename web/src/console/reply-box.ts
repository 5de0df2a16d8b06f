// The newsroom's reply under a public comment: written here, published at once (the API marks
// it isStaff and approves it), shown to readers with the newsroom's mark. Esc closes the box.
import { ApiError, ok } from '../lib/api.ts'
import { h } from '../lib/dom.ts'
import type { StaffComment } from '../lib/types.ts'
import { api } from './auth.ts'
import { t } from './messages.ts'
import { clearFieldErrors, showFieldErrors, toast } from './ui.ts'

export function replyBox(c: StaffComment, close: () => void): HTMLFormElement {
  const id = `reply-${c.id}`
  const text = h('textarea', { id, name: 'content', rows: 3, maxlength: 5000, required: true })
  const send = h('button', { type: 'submit', class: 'primary' }, t('sendReply'))
  const cancel = h('button', { type: 'button', class: 'secondary', onclick: close }, t('cancel'))
  const form = h(
    'form',
    { class: 'reply-box', novalidate: true, 'data-reply-for': c.id },
    h('div', { class: 'field' }, h('label', { for: id }, t('replyLabel', { name: c.authorName })), text),
    h('div', { class: 'actions' }, send, cancel),
  )
  text.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') {
      ev.preventDefault()
      close()
    }
  })
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    clearFieldErrors(form)
    const content = text.value.trim()
    if (!content) {
      showFieldErrors(form, new Map([['content', t('required')]]))?.focus()
      return
    }
    send.disabled = true
    try {
      await ok(api.POST('/v1/moderation/comments/{id}/replies', { params: { path: { id: c.id } }, body: { content } }))
      text.value = ''
      close()
      toast(t('replied', { name: c.authorName }))
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fieldErrors().size) showFieldErrors(form, err.fieldErrors())?.focus()
      else toast(t('failed', { detail: (err as Error).message }))
    } finally {
      send.disabled = false
    }
  })
  return form
}
