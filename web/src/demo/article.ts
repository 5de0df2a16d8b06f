// One article: breadcrumbs from its organizations, the story, bylines, approved comments and
// the comment form.
import { api, ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import { formatDateline, formatDateTime } from '../lib/format.ts'
import type { PublicArticle, PublicComment } from '../lib/types.ts'
import { commentForm } from './comment-form.ts'
import { t } from './messages.ts'

async function breadcrumbs(article: PublicArticle): Promise<HTMLElement | null> {
  if (!article.organizations.length) return null
  // ancestors make the trail; an API without them (or a failed call) still gets the organization itself
  const trails = await Promise.all(
    article.organizations.map(async (org) => {
      const detail = await ok(api.GET('/v1/organizations/{slug}', { params: { path: { slug: org.slug } } })).catch(() => null)
      return [...(detail?.ancestors ?? []), org]
    }),
  )
  // an organization that is an ancestor of another one here adds nothing: the longer trail shows it
  const within = new Set(trails.flatMap((trail) => trail.slice(0, -1).map((o) => o.id)))
  const shown = trails.filter((trail) => !within.has(trail[trail.length - 1]!.id))
  return h(
    'nav',
    { class: 'crumbs', 'aria-label': t('breadcrumbs') },
    shown.map((trail) =>
      h(
        'ol',
        {},
        h('li', {}, h('a', { href: '/demo' }, t('home'))),
        trail.map((o, i) => h('li', i === trail.length - 1 ? { 'aria-current': 'page' } : {}, o.name)),
      ),
    ),
  )
}

function commentItem(c: PublicComment | PublicComment['replies'][number], onReply?: (c: PublicComment) => void): HTMLElement {
  const replies = 'replies' in c ? (c.replies as PublicComment[]) : []
  return h(
    'li',
    { id: `comment-${c.id}` },
    h(
      'article',
      { class: 'comment', 'aria-label': c.authorName },
      h('p', { class: 'comment-head' }, h('strong', {}, c.authorName), ' ', h('time', { datetime: c.createdAt, class: 'muted' }, formatDateTime(c.createdAt))),
      h('p', { class: 'comment-body' }, c.content),
      onReply && h('button', { type: 'button', class: 'link', onclick: () => onReply(c as PublicComment) }, t('reply')),
    ),
    replies.length
      ? h(
          'ol',
          { class: 'replies' },
          replies.map((r) => commentItem(r)),
        )
      : null,
  )
}

function commentSection(article: PublicArticle): HTMLElement {
  const list = h('ol', { class: 'comments' })
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('moreComments'))
  const form = article.commentsEnabled ? commentForm(article.slug) : null
  let page = 0
  async function load(): Promise<void> {
    page += 1
    const res = await ok(api.GET('/v1/articles/{slug}/comments', { params: { path: { slug: article.slug }, query: { page, limit: 50 } } }))
    for (const c of res.data) list.append(commentItem(c, form?.replyTo))
    more.hidden = !res.meta.totalPages || page >= res.meta.totalPages
    if (page === 1 && !res.data.length) list.replaceWith(h('p', { class: 'muted' }, t('noComments')))
  }
  more.addEventListener('click', () => void load())
  void load()
  return h(
    'section',
    { class: 'comments-section', 'aria-labelledby': 'comments-title' },
    h('h2', { id: 'comments-title' }, t('comments', { count: article.commentCount })),
    list,
    more,
    form ? form.element : h('p', { class: 'form-message error' }, t('closed')),
  )
}

// the credit line as Vietnamese papers print it: "Ảnh: …" (kept when the credit already says so)
const creditLine = (credit: string) => (/^ảnh\s*:/i.test(credit) ? credit : `Ảnh: ${credit}`)

/** The lead image: the browser picks a width from srcset; caption and credit below it. */
function leadImage(image: NonNullable<PublicArticle['leadImage']>): HTMLElement {
  const { thumb, card, article } = image.renditions
  const caption = [image.caption, image.credit && creditLine(image.credit)].filter(Boolean).join(' ')
  return h(
    'figure',
    { class: 'lead-image' },
    h('img', {
      src: article.url,
      srcset: [thumb, card, article].map((r) => `${r.url} ${r.width}w`).join(', '),
      sizes: '(max-width: 760px) 100vw, 760px',
      width: article.width,
      height: article.height,
      alt: image.alt ?? '',
      fetchpriority: 'high',
    }),
    caption ? h('figcaption', {}, caption) : null,
  )
}

export async function renderArticle(main: HTMLElement, slug: string): Promise<void> {
  const article = await ok(api.GET('/v1/articles/{slug}', { params: { path: { slug } } }))
  document.title = `${article.title} — Tòa Soạn`
  const body = h('div', { class: 'article-body' })
  // the API sanitises article HTML on the way in (and the page's CSP forbids inline script)
  body.innerHTML = article.body
  replace(
    main,
    await breadcrumbs(article),
    h(
      'article',
      { class: 'story' },
      h('h1', {}, article.title),
      h(
        'p',
        { class: 'meta' },
        article.source ? h('span', { class: 'source-tag' }, h('span', { class: 'visually-hidden' }, `${t('source')}: `), article.source) : null,
        h('time', { datetime: article.publishedAt }, `${t('published')} ${formatDateline(article.publishedAt)}`),
      ),
      article.leadImage ? leadImage(article.leadImage) : null,
      h('p', { class: 'lead' }, article.lead),
      body,
      article.authors.length
        ? h('p', { class: 'bylines' }, h('span', { class: 'visually-hidden' }, `${t('bylines')}: `), article.authors.map((a) => a.name).join(' – '))
        : null,
    ),
    commentSection(article),
  )
}
