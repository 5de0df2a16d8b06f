// The reader's comment form: name, optional email, comment, captcha with "reset captcha". The
// captcha is an image to read (CAPTCHA=image) or, when the API sends `pow`, a proof of work the
// browser does by itself in Web Workers while the reader writes.
// Field errors from the API's problem+json are shown under their fields.
import { api, ApiError, ok } from '../lib/api.ts'
import { h } from '../lib/dom.ts'
import type { PowChallenge, PublicComment } from '../lib/types.ts'
import { t } from './messages.ts'
import { solvePow } from './pow.ts'

type Field = 'authorName' | 'email' | 'content' | 'captchaAnswer'
const FIELDS: Field[] = ['authorName', 'email', 'content', 'captchaAnswer']
// the API names the captcha id and the parent too; they are shown where the reader can act
const SHOWN_AT: Record<string, Field> = { captchaId: 'captchaAnswer', parentId: 'content' }

export function commentForm(slug: string) {
  let captchaId = ''
  // CAPTCHA=pow: the payload being worked out for the current challenge
  let pow: Promise<string | null> | null = null
  let parentId: string | null = null
  const inputs = {
    authorName: h('input', { id: 'f-authorName', name: 'authorName', autocomplete: 'name', maxlength: 80, required: true }),
    email: h('input', { id: 'f-email', name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 }),
    content: h('textarea', { id: 'f-content', name: 'content', rows: 5, maxlength: 5000, required: true }),
    captchaAnswer: h('input', {
      id: 'f-captchaAnswer',
      name: 'captchaAnswer',
      autocomplete: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      maxlength: 20,
      required: true,
      'aria-describedby': 'captcha-hint',
    }),
  }
  const errors = Object.fromEntries(FIELDS.map((f) => [f, h('p', { id: `err-${f}`, class: 'field-error', hidden: true })])) as unknown as Record<
    Field,
    HTMLElement
  >
  const labels: Record<Field, string> = { authorName: t('name'), email: t('email'), content: t('content'), captchaAnswer: t('captcha') }
  const field = (f: Field, ...extra: Node[]) => h('div', { class: 'field' }, h('label', { for: `f-${f}` }, labels[f]), ...extra, inputs[f], errors[f])

  const image = h('img', { class: 'captcha-img', width: 200, height: 64, alt: t('captchaAlt') })
  const reset = h('button', { type: 'button', class: 'secondary', id: 'reset-captcha' }, t('resetCaptcha'))
  const captchaStatus = h('p', { class: 'visually-hidden', role: 'status' })
  const powNote = h('p', { class: 'muted pow-note', hidden: true })
  const replyNote = h('p', { class: 'reply-note', hidden: true })
  // what a reader needs to read an image captcha; hidden when the browser does a proof of work
  const readParts = {
    label: h('label', { for: 'f-captchaAnswer' }, labels.captchaAnswer),
    hint: h('p', { id: 'captcha-hint', class: 'muted' }, t('captchaHint')),
    row: h('div', { class: 'captcha-row' }, image, reset),
  }
  const message = h('div', { class: 'form-message', id: 'form-message', tabindex: -1, role: 'status', 'aria-live': 'polite' })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('submit'))
  const form = h(
    'form',
    { class: 'comment-form', novalidate: true, 'aria-labelledby': 'form-title' },
    h('h3', { id: 'form-title' }, t('formTitle')),
    h('p', { class: 'muted' }, t('formNote')),
    replyNote,
    field('authorName'),
    field('email'),
    field('content'),
    h('div', { class: 'field captcha' }, readParts.label, readParts.hint, readParts.row, inputs.captchaAnswer, powNote, errors.captchaAnswer, captchaStatus),
    h('div', { class: 'actions' }, submit, h('button', { type: 'reset', class: 'secondary' }, t('clear'))),
  )

  function showReadable(readable: boolean): void {
    for (const part of [readParts.label, readParts.hint, readParts.row, inputs.captchaAnswer]) part.hidden = !readable
    powNote.hidden = readable
  }

  function startPow(challenge: PowChallenge): void {
    powNote.textContent = t('powWorking')
    const work = solvePow(challenge).catch(() => null)
    pow = work
    void work.then((payload) => {
      if (pow === work) powNote.textContent = payload ? t('powDone') : t('powFailed')
    })
  }

  async function newCaptcha(announce = false): Promise<void> {
    reset.disabled = true
    try {
      const c = await ok(api.POST('/v1/captchas'))
      captchaId = c.id
      inputs.captchaAnswer.value = ''
      showReadable(!c.pow)
      if (c.pow) startPow(c.pow)
      else {
        pow = null
        image.src = c.image ?? ''
      }
      if (announce) captchaStatus.textContent = t('captchaReset')
    } catch {
      captchaId = ''
      pow = null
      image.removeAttribute('src')
      captchaStatus.textContent = t('captchaFailed')
      showError('captchaAnswer', t('captchaFailed'))
    } finally {
      reset.disabled = false
    }
  }

  function showError(f: Field, text: string): void {
    errors[f].textContent = text
    errors[f].hidden = false
    inputs[f].setAttribute('aria-invalid', 'true')
    inputs[f].setAttribute('aria-describedby', [f === 'captchaAnswer' ? 'captcha-hint' : '', `err-${f}`].join(' ').trim())
  }

  function clearErrors(): void {
    message.replaceChildren()
    message.className = 'form-message'
    for (const f of FIELDS) {
      errors[f].hidden = true
      inputs[f].removeAttribute('aria-invalid')
      if (f === 'captchaAnswer') inputs[f].setAttribute('aria-describedby', 'captcha-hint')
      else inputs[f].removeAttribute('aria-describedby')
    }
  }

  function say(text: string, kind: 'ok' | 'error'): void {
    message.className = `form-message ${kind}`
    message.textContent = text
    message.focus()
  }

  function replyTo(c: PublicComment): void {
    parentId = c.id
    replyNote.replaceChildren(
      t('replyingTo', { name: c.authorName }),
      ' ',
      h('button', { type: 'button', class: 'link', onclick: () => cancelReply() }, t('cancelReply')),
    )
    replyNote.hidden = false
    inputs.content.focus()
  }
  function cancelReply(): void {
    parentId = null
    replyNote.hidden = true
  }

  reset.addEventListener('click', () => void newCaptcha(true))
  form.addEventListener('reset', () => {
    clearErrors()
    cancelReply()
  })
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    clearErrors()
    const missing = (['authorName', 'content', 'captchaAnswer'] as const).filter((f) => !inputs[f].value.trim() && !(f === 'captchaAnswer' && pow))
    if (missing.length) {
      for (const f of missing) showError(f, t('required'))
      say(t('fixErrors'), 'error')
      inputs[missing[0]!].focus()
      return
    }
    submit.disabled = true
    submit.textContent = t('sending')
    const email = inputs.email.value.trim()
    try {
      // usually long done: the work started when the challenge arrived
      const captchaAnswer = pow ? ((await pow) ?? '') : inputs.captchaAnswer.value.trim()
      const res = await ok(
        api.POST('/v1/articles/{slug}/comments', {
          params: { path: { slug } },
          body: {
            authorName: inputs.authorName.value,
            content: inputs.content.value,
            ...(email ? { email } : {}),
            ...(parentId ? { parentId } : {}),
            captchaId,
            captchaAnswer,
          },
        }),
      )
      inputs.content.value = ''
      cancelReply()
      say(res.status === 'approved' ? t('published_now') : t('awaiting'), 'ok')
      await newCaptcha()
    } catch (err) {
      await handleFailure(err)
    } finally {
      submit.disabled = false
      submit.textContent = t('submit')
    }
  })

  async function handleFailure(err: unknown): Promise<void> {
    if (!(err instanceof ApiError)) throw err
    const fieldErrors = err.fieldErrors()
    const shown = new Set<Field>()
    for (const [name, text] of fieldErrors) {
      const f = (FIELDS as string[]).includes(name) ? (name as Field) : SHOWN_AT[name]
      if (f && !shown.has(f)) {
        showError(f, text)
        shown.add(f)
      }
    }
    if (err.status === 429) say(t('tooMany', { seconds: err.retryAfter ?? 60 }), 'error')
    else if (shown.size) say(t('fixErrors'), 'error')
    else if (err.status === 409 && /closed/.test(err.message)) say(t('closed'), 'error')
    else say(t('failed', { detail: err.message }), 'error')
    // the API checks the captcha after the other fields, spending it; a fresh one is needed then
    const captchaSpent = !shown.size || shown.has('captchaAnswer')
    if (captchaSpent) await newCaptcha()
    const first = FIELDS.find((f) => shown.has(f))
    if (first) inputs[first].focus()
  }

  void newCaptcha()
  return { element: h('div', {}, message, form), replyTo }
}
