// Page and file URLs on the portal: sections, organizations, and media under MEDIA_PUBLIC_URL,
// made absolute on PUBLIC_SITE_URL when it is a path.
import t from 'tap'
import { mediaUrl, organizationUrl, sectionUrl } from '../../src/lib/site-urls.ts'

const SITE = 'https://baongoclam.vn'
const KEY = 'ab/cd/abcd-original.jpg'

t.test('media URLs: a path base is put on the site, an absolute base (a CDN) is kept', async (t) => {
  t.equal(mediaUrl(SITE, '/media', KEY), `${SITE}/media/${KEY}`)
  t.equal(mediaUrl(SITE, 'media', KEY), `${SITE}/media/${KEY}`)
  t.equal(mediaUrl(SITE, 'https://cdn.baongoclam.vn/anh', KEY), `https://cdn.baongoclam.vn/anh/${KEY}`)
  t.equal(mediaUrl(`${SITE}/tin`, '/media', KEY), `${SITE}/tin/media/${KEY}`, 'a site under a path keeps it')
})

t.test('section and organization pages', async (t) => {
  t.equal(sectionUrl(SITE, 'thoi-su'), `${SITE}/thoi-su`)
  t.equal(organizationUrl(SITE, 'dang-bo-tinh-ngoc-lam'), `${SITE}/to-chuc/dang-bo-tinh-ngoc-lam`)
})
