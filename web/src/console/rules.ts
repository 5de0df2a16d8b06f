// The automatic rules: pre/post mode, banned and suspect words (one per line), the link limit.
import { ApiError, ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import type { Rules } from '../lib/types.ts'
import { api } from './auth.ts'
import { t } from './messages.ts'
import { clearFieldErrors, showFieldErrors, toast } from './ui.ts'

const lines = (text: string) => [
  ...new Set(
    text
      .split('\n')
      .map((w) => w.trim())
      .filter(Boolean),
  ),
]

export function mountRules(main: HTMLElement): () => void {
  let alive = true
  const message = h('p', { class: 'form-message', role: 'status', tabindex: -1 })
  replace(main, h('h1', {}, t('rulesTitle')), h('p', { class: 'muted', role: 'status' }, t('loading')))

  void ok(api.GET('/v1/moderation/rules'))
    .then((rules) => {
      if (!alive) return
      const radio = (mode: Rules['mode'], label: string) =>
        h('label', { class: 'choice' }, h('input', { type: 'radio', name: 'mode', value: mode, checked: rules.mode === mode }), ' ', label)
      const banned = h('textarea', { id: 'rules-banned', name: 'bannedWords', rows: 8 })
      banned.value = rules.bannedWords.join('\n')
      const suspect = h('textarea', { id: 'rules-suspect', name: 'suspectWords', rows: 8 })
      suspect.value = rules.suspectWords.join('\n')
      const maxLinks = h('input', {
        id: 'rules-links',
        name: 'maxLinks',
        type: 'number',
        min: 0,
        max: 100,
        step: 1,
        required: true,
        value: rules.maxLinks,
        inputmode: 'numeric',
      })
      const save = h('button', { type: 'submit', class: 'primary' }, t('save'))
      const form = h(
        'form',
        { class: 'rules', novalidate: true, 'aria-labelledby': 'rules-title' },
        message,
        h('fieldset', { class: 'field' }, h('legend', {}, t('mode')), radio('pre', t('modePre')), radio('post', t('modePost'))),
        h('div', { class: 'field' }, h('label', { for: 'rules-banned' }, t('banned')), banned),
        h('div', { class: 'field' }, h('label', { for: 'rules-suspect' }, t('suspect')), suspect),
        h('div', { class: 'field narrow' }, h('label', { for: 'rules-links' }, t('maxLinks')), maxLinks),
        save,
      )

      form.addEventListener('submit', async (ev) => {
        ev.preventDefault()
        clearFieldErrors(form)
        message.textContent = ''
        message.className = 'form-message'
        const mode = (form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value ?? 'pre') as Rules['mode']
        const body = { mode, bannedWords: lines(banned.value), suspectWords: lines(suspect.value), maxLinks: Number(maxLinks.value) }
        save.disabled = true
        save.textContent = t('saving')
        try {
          const savedRules = await ok(api.PUT('/v1/moderation/rules', { body }))
          banned.value = savedRules.bannedWords.join('\n')
          suspect.value = savedRules.suspectWords.join('\n')
          maxLinks.value = String(savedRules.maxLinks)
          message.className = 'form-message ok'
          message.textContent = t('saved')
          message.focus()
        } catch (err) {
          const first = err instanceof ApiError ? showFieldErrors(form, err.fieldErrors()) : null
          message.className = 'form-message error'
          message.textContent = first ? t('fixErrors') : t('failed', { detail: (err as Error).message })
          ;(first ?? message).focus()
        } finally {
          save.disabled = false
          save.textContent = t('save')
        }
      })
      replace(main, h('h1', { id: 'rules-title' }, t('rulesTitle')), form)
    })
    .catch((err: Error) => {
      if (alive) toast(t('failed', { detail: err.message }))
    })

  return () => {
    alive = false
  }
}
