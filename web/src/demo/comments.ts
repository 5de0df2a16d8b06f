// The article's comments: a sort picker (oldest, newest, top = editor's picks then most liked),
// the approved comments with their replies, each with a like button and a report button; editor's
// picks and the newsroom's own replies are marked. The comment form comes last.
import { api, ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import { formatDateTime } from '../lib/format.ts'
import type { CommentSort, PublicArticle, PublicComment } from '../lib/types.ts'
import { likeButton, reportControl } from './comment-actions.ts'
import { commentForm } from './comment-form.ts'
import { t } from './messages.ts'

type Shown = PublicComment | PublicComment['replies'][number]
// the label of each sort the API offers: one it adds fails the typecheck until it is named here
const SORTS = { oldest: 'sortOldest', newest: 'sortNewest', top: 'sortTop' } as const satisfies Record<CommentSort, Parameters<typeof t>[0]>
const isSort = (s: string | null): s is CommentSort => s !== null && s in SORTS

function badges(c: Shown): HTMLElement[] {
  const out: HTMLElement[] = []
  if (c.featured) out.push(h('span', { class: 'badge featured' }, h('span', { 'aria-hidden': 'true' }, '★ '), t('featured')))
  if (c.isStaff) out.push(h('span', { class: 'badge staff' }, t('staff')))
  return out
}

function commentItem(c: Shown, status: HTMLElement, onReply?: (c: PublicComment) => void): HTMLElement {
  const replies = 'replies' in c ? (c.replies as PublicComment[]) : []
  const report = reportControl(c.id, status)
  const classes = ['comment', c.featured && 'is-featured', c.isStaff && 'is-staff'].filter(Boolean).join(' ')
  return h(
    'li',
    { id: `comment-${c.id}` },
    h(
      'article',
      { class: classes, 'aria-label': c.authorName, 'data-id': c.id },
      h(
        'p',
        { class: 'comment-head' },
        h('strong', {}, c.authorName),
        ' ',
        badges(c),
        ' ',
        h('time', { datetime: c.createdAt, class: 'muted' }, formatDateTime(c.createdAt)),
      ),
      h('p', { class: 'comment-body' }, c.content),
      h(
        'div',
        { class: 'comment-actions' },
        likeButton(c.id, c.likes, status),
        onReply && h('button', { type: 'button', class: 'link', onclick: () => onReply(c as PublicComment) }, t('reply')),
        report.button,
      ),
      report.form,
    ),
    replies.length
      ? h(
          'ol',
          { class: 'replies' },
          replies.map((r) => commentItem(r, status)),
        )
      : null,
  )
}

export function commentSection(article: PublicArticle): HTMLElement {
  const list = h('ol', { class: 'comments' })
  const empty = h('p', { class: 'muted', hidden: true }, t('noComments'))
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('moreComments'))
  // what a like or a report did (or why it did not), read out politely
  const status = h('p', { class: 'action-status', role: 'status' })
  const form = article.commentsEnabled ? commentForm(article.slug) : null
  const closedNote = h('p', { class: 'form-message error', hidden: Boolean(form) }, t('closed'))
  const asked = new URLSearchParams(location.search).get('sort')
  let sort: CommentSort = isSort(asked) ? asked : 'oldest'
  const picker = h(
    'select',
    { id: 'comment-sort', name: 'sort' },
    Object.entries(SORTS).map(([value, label]) => h('option', { value, selected: value === sort }, t(label))),
  )
  let page = 0
  let loading: Promise<void> = Promise.resolve()

  async function load(): Promise<void> {
    page += 1
    const asOf = sort
    const res = await ok(api.GET('/v1/articles/{slug}/comments', { params: { path: { slug: article.slug }, query: { page, limit: 50, sort } } }))
    if (asOf !== sort) return
    // the thread may have closed since the article was read (closeAfterDays)
    if (!res.thread.open) {
      if (form) form.element.hidden = true
      closedNote.hidden = false
    }
    for (const c of res.data) list.append(commentItem(c, status, form?.replyTo))
    more.hidden = !res.meta.totalPages || page >= res.meta.totalPages
    empty.hidden = page > 1 || res.data.length > 0
    list.setAttribute('aria-busy', 'false')
  }
  const reload = () => {
    page = 0
    list.setAttribute('aria-busy', 'true')
    replace(list)
    loading = loading.then(load, load)
  }
  picker.addEventListener('change', () => {
    if (!isSort(picker.value)) return
    sort = picker.value
    // the sort stays in the address, so a reload or a shared link shows the same order
    const url = new URL(location.href)
    url.searchParams.set('sort', sort)
    history.replaceState(null, '', url)
    reload()
  })
  more.addEventListener('click', () => void load())
  reload()
  return h(
    'section',
    { class: 'comments-section', 'aria-labelledby': 'comments-title' },
    h('h2', { id: 'comments-title' }, t('comments', { count: article.commentCount })),
    h('div', { class: 'sort-row' }, h('label', { for: 'comment-sort', class: 'inline' }, t('sortBy'), picker)),
    status,
    list,
    empty,
    more,
    form?.element ?? null,
    closedNote,
  )
}
