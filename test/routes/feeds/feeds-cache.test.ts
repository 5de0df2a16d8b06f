// Feeds and sitemaps through the response cache: a hit is replayed with its own content type and
// cache keys, and publishing an article through the API purges the feeds and the news sitemap.
import t from 'tap'
import { build } from '../../helper.ts'
import { createAuthor } from '../../fixtures/content.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newDraft } from '../../fixtures/editorial.ts'

const ctx = await build(t, { CAPTCHA: 'off', PUBLIC_SITE_URL: 'https://baongoclam.vn' })
const { app, db } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const author = await createAuthor(db, { slug: 'phong-vien-a' })

const TYPES: Record<string, string> = {
  '/feeds/rss.xml': 'application/rss+xml; charset=utf-8',
  '/feeds/atom.xml': 'application/atom+xml; charset=utf-8',
  '/feeds/feed.json': 'application/feed+json; charset=utf-8',
  '/feeds/authors/phong-vien-a/rss.xml': 'application/rss+xml; charset=utf-8',
  '/sitemap.xml': 'application/xml; charset=utf-8',
  '/sitemap-news.xml': 'application/xml; charset=utf-8',
}

t.test('a hit keeps the content type and the keys; publishing purges', async (t) => {
  for (const [url, type] of Object.entries(TYPES)) {
    const miss = await app.inject(url)
    t.equal(miss.headers['x-cache'], 'miss', url)
    const hit = await app.inject(url)
    t.equal(hit.headers['x-cache'], 'hit', url)
    t.equal(hit.headers['content-type'], type, url)
    t.equal(hit.body, miss.body, url)
    t.match(String(hit.headers['surrogate-key']).split(' '), ['articles'], url)
  }
  t.match((await app.inject('/feeds/authors/phong-vien-a/rss.xml')).headers['surrogate-key'], `author-${author.id}`)

  const draft = await newDraft(app, editor.headers, { authorIds: [author.id], title: 'Tin nóng vừa xuất bản' })
  t.equal((await act(app, editor.headers, draft.id, 'publish')).statusCode, 200)
  for (const url of Object.keys(TYPES)) {
    const res = await app.inject(url)
    t.equal(res.headers['x-cache'], 'miss', `${url}: purged by the publication`)
  }
  t.match((await app.inject('/feeds/authors/phong-vien-a/rss.xml')).body, 'Tin nóng vừa xuất bản')
  t.match((await app.inject('/sitemap-news.xml')).body, 'Tin nóng vừa xuất bản')
})
