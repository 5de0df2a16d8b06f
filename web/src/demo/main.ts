// The reader demo: /demo lists the latest articles, /demo/{slug} shows one with its comments.
// It uses only the public API, as a frontend developer's own site would.
import '../styles/base.css'
import '../styles/demo.css'
import { api, ApiError, ok } from '../lib/api.ts'
import { $, h, replace } from '../lib/dom.ts'
import { lang, otherLangHref, vietnameseByDefault } from '../lib/i18n.ts'
import { formatDateTime } from '../lib/format.ts'
import { renderArticle } from './article.ts'
import { t } from './messages.ts'

function chrome(): void {
  document.documentElement.lang = lang()
  $('.skip').textContent = t('skip')
  $('#tagline').textContent = t('tagline')
  $('#footer').textContent = t('footer')
  const other = otherLangHref()
  const link = $('#lang-switch') as HTMLAnchorElement
  link.href = other.href
  link.hreflang = other.hreflang
  link.lang = other.hreflang
  link.textContent = other.label
}

async function renderList(main: HTMLElement): Promise<void> {
  document.title = `${t('latest')} — Tòa Soạn`
  const list = await ok(api.GET('/v1/articles', { params: { query: { limit: 20 } } }))
  replace(
    main,
    h('h1', {}, t('latest')),
    list.data.length
      ? h(
          'ul',
          { class: 'article-list' },
          list.data.map((a) =>
            h(
              'li',
              {},
              h('a', { href: `/demo/${encodeURIComponent(a.slug)}` }, a.title),
              h('p', { class: 'muted' }, formatDateTime(a.publishedAt)),
              h('p', {}, a.lead),
            ),
          ),
        )
      : h('p', {}, t('noArticles')),
  )
}

async function start(): Promise<void> {
  // a Vietnamese news page, also to readers whose browser prefers another language; English by the toggle
  vietnameseByDefault()
  chrome()
  const main = $('#main')
  const slug = decodeURIComponent(location.pathname.replace(/^\/demo\/?/, '').replace(/\/$/, ''))
  try {
    if (slug) await renderArticle(main, slug)
    else await renderList(main)
  } catch (err) {
    const notFound = err instanceof ApiError && err.status === 404
    replace(
      main,
      h('h1', {}, notFound ? t('notFound') : t('loadFailed', { detail: (err as Error).message })),
      h('p', {}, h('a', { href: '/demo' }, t('latest'))),
    )
  }
}

void start()
