// The moderation console: sign-in, then four views picked by the URL hash (#queue, #reported,
// #rules, #log), with the queue depth in the header, kept current by the live stream (live.ts).
import '../styles/base.css'
import '../styles/console.css'
import { ApiError } from '../lib/api.ts'
import { $, h, replace } from '../lib/dom.ts'
import { lang, otherLangHref } from '../lib/i18n.ts'
import type { Me } from '../lib/types.ts'
import { hasSession, login, logout, me, onSignedOut, resume } from './auth.ts'
import { mountLog } from './log.ts'
import { t } from './messages.ts'
import { mountQueue, mountReported } from './queue.ts'
import { mountRules } from './rules.ts'
import { startStats, stopStats } from './ui.ts'
import { startLive, stopLive } from './live.ts'
import { startTabCounts, stopTabCounts } from './tab-counts.ts'

const VIEWS = { queue: mountQueue, reported: mountReported, rules: mountRules, log: mountLog } as const
type View = keyof typeof VIEWS
const TABS: Array<[View, 'tabQueue' | 'tabReported' | 'tabRules' | 'tabLog']> = [
  ['queue', 'tabQueue'],
  ['reported', 'tabReported'],
  ['rules', 'tabRules'],
  ['log', 'tabLog'],
]
let unmount: (() => void) | undefined
let user: Me | null = null

function chrome(): void {
  document.documentElement.lang = lang()
  document.title = `${t('title')} — Tòa Soạn`
  $('.skip').textContent = t('skip')
  $('#title').textContent = t('title')
  const other = otherLangHref()
  const link = $('#lang-switch') as HTMLAnchorElement
  Object.assign(link, { href: other.href, hreflang: other.hreflang, lang: other.hreflang, textContent: other.label })
}

function showLogin(notice = ''): void {
  user = null
  unmount?.()
  stopStats()
  stopTabCounts()
  stopLive()
  $('#nav').hidden = true
  $('#account').replaceChildren()
  const error = h('p', { class: 'form-message error', role: 'alert' }, notice)
  const email = h('input', { id: 'login-email', name: 'email', type: 'email', autocomplete: 'username', required: true })
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login'))
  const form = h(
    'form',
    { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, t('loginTitle')),
    error,
    h('div', { class: 'field' }, h('label', { for: 'login-email' }, t('email')), email),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('password')), password),
    submit,
  )
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    submit.disabled = true
    submit.textContent = t('loggingIn')
    error.textContent = ''
    try {
      await login(email.value.trim(), password.value)
      const who = await me()
      if (who.role !== 'moderator' && who.role !== 'admin') {
        await logout()
        showLogin(t('notModerator', { email: who.email }))
        return
      }
      showApp(who)
    } catch (err) {
      error.textContent = err instanceof ApiError && err.status === 401 ? t('badLogin') : t('failed', { detail: (err as Error).message })
      password.select()
    } finally {
      submit.disabled = false
      submit.textContent = t('login')
    }
  })
  replace($('#main'), form)
  email.focus()
}

function showApp(who: Me): void {
  user = who
  replace(
    $('#account'),
    h('span', { class: 'who' }, who.name),
    ' ',
    h('button', { type: 'button', class: 'secondary small', onclick: () => void logout() }, t('logout')),
  )
  const nav = $('#nav')
  replace(
    nav,
    // the queue and reported tabs carry their counts (tab-counts.ts)
    TABS.map(([view, label]) =>
      h('a', { href: `#${view}`, 'data-view': view }, t(label), view === 'queue' || view === 'reported' ? h('span', { class: 'tab-count' }) : null),
    ),
  )
  nav.hidden = false
  startStats()
  startTabCounts()
  startLive()
  route()
}

function route(): void {
  if (!user) return
  const name = location.hash.slice(1)
  const view: View = name in VIEWS ? (name as View) : 'queue'
  for (const a of $('#nav').querySelectorAll('a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page')
    else a.removeAttribute('aria-current')
  }
  unmount?.()
  const main = $('#main')
  main.replaceChildren()
  unmount = VIEWS[view](main, user)
}

async function start(): Promise<void> {
  chrome()
  onSignedOut((reason) => showLogin(reason === 'expired' ? t('sessionEnded') : ''))
  window.addEventListener('hashchange', route)
  if (!hasSession()) return showLogin()
  resume()
  try {
    showApp(await me())
  } catch {
    showLogin()
  }
}

void start()
