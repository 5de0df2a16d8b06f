// Pieces the console's views share: the toast (announced politely), the stats bar, and the
// current view's teardown.
import { $, h, replace } from '../lib/dom.ts'
import { ok } from '../lib/api.ts'
import { formatAge } from '../lib/format.ts'
import type { Stats } from '../lib/types.ts'
import { api } from './auth.ts'
import { liveConnected, onLive } from './live.ts'
import { t } from './messages.ts'
import { showTabCount } from './tab-counts.ts'

let toastTimer: ReturnType<typeof setTimeout> | undefined

export function toast(text: string, action?: { label: string; run: () => void }, ms = 5_000): void {
  const box = $('#toast')
  clearTimeout(toastTimer)
  replace(
    box,
    h('span', {}, text),
    action
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              box.replaceChildren()
              action.run()
            },
          },
          action.label,
        )
      : null,
  )
  toastTimer = setTimeout(() => box.replaceChildren(), ms)
}

let statsTimer: ReturnType<typeof setInterval> | undefined
let stopLiveStats: (() => void) | undefined
const POLL_MS = 10_000

function renderStats(s: Stats): void {
  const bar = $('#stats')
  bar.dataset.pending = String(s.pending)
  showTabCount('queue', s.pending)
  replace(
    bar,
    h('span', { class: 'visually-hidden' }, `${t('statsLabel')}: `),
    h('strong', { id: 'stat-pending' }, t('pending', { count: s.pending })),
    ' · ',
    h('span', { id: 'stat-oldest' }, s.oldestPendingSeconds === null ? t('noneWaiting') : t('oldest', { age: formatAge(s.oldestPendingSeconds) })),
  )
}

export async function refreshStats(): Promise<void> {
  try {
    renderStats(await ok(api.GET('/v1/moderation/stats')))
  } catch {
    // the next poll tries again; a lost session is handled by auth.ts
  }
}

export function startStats(): void {
  stopStats()
  void refreshStats()
  // the live stream brings a snapshot after every burst of changes; polling covers its absence
  stopLiveStats = onLive('stats', renderStats)
  statsTimer = setInterval(() => {
    if (!document.hidden && !liveConnected()) void refreshStats()
  }, POLL_MS)
}

export function stopStats(): void {
  clearInterval(statsTimer)
  stopLiveStats?.()
  $('#stats').replaceChildren()
}

/** Puts field errors from a problem+json next to the inputs named by their `name` attribute. */
export function showFieldErrors(form: HTMLFormElement, errors: Map<string, string>): HTMLElement | null {
  let first: HTMLElement | null = null
  for (const [name, message] of errors) {
    const input = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`)
    if (!input) continue
    const id = `err-${name}`
    form.querySelector(`#${CSS.escape(id)}`)?.remove()
    input.setAttribute('aria-invalid', 'true')
    input.setAttribute('aria-describedby', id)
    input.closest('.field')?.append(h('p', { id, class: 'field-error' }, message))
    first ??= input
  }
  return first
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const e of form.querySelectorAll('.field-error')) e.remove()
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid')
    e.removeAttribute('aria-describedby')
  })
}
