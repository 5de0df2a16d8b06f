// The moderation log, newest first, a page at a time.
import { ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import { formatDateTime } from '../lib/format.ts'
import type { CommentStatus } from '../lib/types.ts'
import { api } from './auth.ts'
import { t } from './messages.ts'
import { statusLabel } from './queue-item.ts'
import { toast } from './ui.ts'

const LIMIT = 50

export function mountLog(main: HTMLElement): () => void {
  let alive = true
  let page = 1
  const body = h('tbody')
  const newer = h('button', { type: 'button', class: 'secondary' }, t('newer'))
  const older = h('button', { type: 'button', class: 'secondary' }, t('older'))
  const where = h('span', { class: 'muted', role: 'status' })
  const empty = h('p', { class: 'muted', hidden: true }, t('logEmpty'))
  replace(
    main,
    h('h1', { id: 'log-title' }, t('logTitle')),
    // focusable, so a keyboard can scroll the table sideways on a narrow screen
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': 'log-title' },
      h(
        'table',
        { class: 'log', 'aria-labelledby': 'log-title' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t('logTime'), t('logActor'), t('logChange'), t('logReason'), t('logComment')].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        body,
      ),
    ),
    empty,
    h('div', { class: 'pager' }, newer, where, older),
  )

  const change = (from: CommentStatus | null, to: CommentStatus) => `${from ? statusLabel(from) : t('created')} → ${statusLabel(to)}`

  async function load(): Promise<void> {
    try {
      const res = await ok(api.GET('/v1/moderation/log', { params: { query: { page, limit: LIMIT } } }))
      if (!alive) return
      replace(
        body,
        res.data.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, h('time', { datetime: e.createdAt }, formatDateTime(e.createdAt))),
            h('td', {}, e.actor === 'system' ? t('system') : (e.moderator?.name ?? '—')),
            h('td', {}, change(e.from, e.to)),
            h('td', {}, e.reason ?? ''),
            h('td', {}, h('code', { title: e.commentId }, e.commentId.slice(0, 8))),
          ),
        ),
      )
      const pages = Math.max(1, res.meta.totalPages ?? 1)
      empty.hidden = res.data.length > 0
      where.textContent = t('pageOf', { page, pages })
      newer.disabled = page <= 1
      older.disabled = page >= pages
    } catch (err) {
      if (alive) toast(t('failed', { detail: (err as Error).message }))
    }
  }
  newer.addEventListener('click', () => {
    page -= 1
    void load()
  })
  older.addEventListener('click', () => {
    page += 1
    void load()
  })
  void load()
  return () => {
    alive = false
  }
}
