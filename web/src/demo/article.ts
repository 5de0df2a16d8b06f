// One article: breadcrumbs from its organizations, the story, bylines, then the comments
// (comments.ts).
import { api, ok } from '../lib/api.ts'
import { h, replace } from '../lib/dom.ts'
import { formatDateline } from '../lib/format.ts'
import type { PublicArticle } from '../lib/types.ts'
import { commentSection } from './comments.ts'
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
      article.section ? h('p', { class: 'kicker' }, h('span', { class: 'visually-hidden' }, `${t('section')}: `), article.section.name) : null,
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
      article.tags.length
        ? h('p', { class: 'tags' }, h('span', { class: 'visually-hidden' }, `${t('tags')}: `), ...article.tags.map((x) => h('span', { class: 'tag' }, x.name)))
        : null,
    ),
    commentSection(article),
  )
}
