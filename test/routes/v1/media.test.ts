import t from 'tap'
import sharp from 'sharp'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { bombPng, jpeg, multipart, png, upload, uploaded } from '../../fixtures/media.ts'

const ctx = await build(t, { MEDIA_MAX_BYTES: String(2 * 1024 * 1024), MEDIA_MAX_PIXELS: '30000000' })
const { app } = ctx
const contributor = await tokenFor(ctx, 'contributor')
const other = await tokenFor(ctx, 'contributor')
const editor = await tokenFor(ctx, 'editor')
const moderator = await tokenFor(ctx, 'moderator')

const fetchFile = async (url: string) => {
  const res = await app.inject({ url })
  t.equal(res.statusCode, 200, url)
  return res
}

t.test('an upload gets four WebP renditions, the og one exactly 1200×630; its files are served immutable', async (t) => {
  const res = await upload(app, contributor.headers, await jpeg(2000, 1000), [
    { name: 'alt', data: 'Hội nghị Tỉnh ủy' },
    { name: 'credit', data: 'Ảnh: Ban Tuyên giáo' },
  ])
  t.equal(res.statusCode, 201, res.body)
  const m = res.json()
  t.match(m, {
    mimeType: 'image/jpeg',
    width: 2000,
    height: 1000,
    alt: 'Hội nghị Tỉnh ủy',
    credit: 'Ảnh: Ban Tuyên giáo',
    focalPoint: { x: 0.5, y: 0.5 },
    uploadedById: contributor.user.id,
  })
  t.match(m.renditions, {
    thumb: { width: 320, height: 160, mimeType: 'image/webp' },
    card: { width: 640, height: 320 },
    article: { width: 1280, height: 640 },
    og: { width: 1200, height: 630 },
  })
  t.match(m.renditions.card.url, /^\/media\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}-card\.webp$/)
  const file = await fetchFile(m.renditions.og.url)
  t.equal(file.headers['content-type'], 'image/webp')
  t.equal(file.headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal(file.headers['x-content-type-options'], 'nosniff')
  const info = await sharp(file.rawPayload).metadata()
  t.match(info, { format: 'webp', width: 1200, height: 630 })
})

t.test('never upscaled: a small image keeps its size in every width preset', async (t) => {
  const m = await uploaded(app, contributor.headers, await png(300, 200))
  t.match(m.renditions, { thumb: { width: 300, height: 200 }, card: { width: 300 }, article: { width: 300 }, og: { width: 1200, height: 630 } })
  t.equal(m.mimeType, 'image/png')
})

t.test('orientation applied, then no EXIF or GPS in any stored file', async (t) => {
  const input = await jpeg(600, 400, { exif: true })
  const given = await sharp(input).metadata()
  t.ok(given.exif?.includes(Buffer.from('Camera')), 'the input carries EXIF')
  t.equal(given.orientation, 6)
  const m = await uploaded(app, contributor.headers, input)
  t.match(m, { width: 400, height: 600 }, 'orientation 6: upright it is portrait')
  for (const r of Object.values(m.renditions)) {
    const meta = await sharp((await fetchFile(r.url)).rawPayload).metadata()
    t.equal(meta.exif, undefined, `${r.url}: no EXIF`)
    t.equal(meta.xmp, undefined)
    t.equal(meta.icc, undefined)
  }
})

t.test("the same bytes uploaded twice share their files; deleting one keeps the other's", async (t) => {
  const data = await jpeg(500, 500, { colour: '#123456' })
  const a = await uploaded(app, contributor.headers, data)
  const b = await uploaded(app, contributor.headers, data)
  t.not(a.id, b.id)
  t.same(a.renditions, b.renditions, 'same keys, stored once')
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/media/${a.id}`, headers: contributor.headers })).statusCode, 204)
  await fetchFile(b.renditions.thumb.url)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/media/${b.id}`, headers: contributor.headers })).statusCode, 204)
  t.equal((await app.inject({ url: b.renditions.thumb.url })).statusCode, 404, 'the last row gone: its files too')
})

t.test('a polyglot (HTML in a JPEG comment) is stored re-encoded, the HTML gone', async (t) => {
  const base = await jpeg(320, 240)
  const html = Buffer.from('<html><script>alert(1)</script></html>')
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, (html.length + 2) >> 8, (html.length + 2) & 0xff]), html])
  const polyglot = Buffer.concat([base.subarray(0, 2), comment, base.subarray(2)])
  t.ok(polyglot.includes('<script>'))
  const m = await uploaded(app, contributor.headers, polyglot)
  t.equal(m.mimeType, 'image/jpeg')
  const row = await ctx.db.prisma.media.findUniqueOrThrow({ where: { id: m.id } })
  const original = await fetchFile(`/media/${row.originalKey}`)
  t.equal(original.headers['content-type'], 'image/jpeg')
  for (const body of [original.rawPayload, ...(await Promise.all(Object.values(m.renditions).map(async (r) => (await fetchFile(r.url)).rawPayload)))]) {
    t.notOk(body.includes('<script'), 'no HTML in a stored file')
  }
})

t.test('bad input: 400, 413 and 415 problems, nothing stored', async (t) => {
  const before = await ctx.db.prisma.media.count()
  const good = await jpeg(200, 200)
  const cases: Array<[string, Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, number, RegExp]> = [
    ['truncated JPEG', upload(app, editor.headers, good.subarray(0, Math.floor(good.length / 2))), 400, /decoded/],
    [
      'PNG with a bad CRC',
      png(64, 64).then((b) => {
        const c = Buffer.from(b)
        c[29] = c[29]! ^ 0xff
        return upload(app, editor.headers, c, [], 'x.png')
      }),
      400,
      /decoded/,
    ],
    [
      'SVG',
      upload(app, editor.headers, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), [], 'a.jpg'),
      415,
      /not accepted/,
    ],
    ['HTML', upload(app, editor.headers, Buffer.from('<!doctype html><html><body>hi</body></html>'), [], 'a.png'), 415, /not accepted/],
    ['PDF', upload(app, editor.headers, Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), [], 'a.jpg'), 415, /application\/pdf/],
    ['empty file', upload(app, editor.headers, Buffer.alloc(0)), 400, /empty/],
    [
      'a 20,000 × 20,000 PNG of one colour',
      Promise.resolve(bombPng()).then((b) => {
        t.ok(b.length < 200_000, `${b.length} bytes on disk`)
        return upload(app, editor.headers, b, [], 'bom.png')
      }),
      413,
      /MEDIA_MAX_PIXELS/,
    ],
    ['a file over MEDIA_MAX_BYTES', upload(app, editor.headers, Buffer.concat([good, Buffer.alloc(2 * 1024 * 1024)])), 413, /MEDIA_MAX_BYTES/],
    [
      'two files',
      (() => {
        const b = multipart([
          { name: 'file', filename: 'a.jpg', data: good },
          { name: 'file', filename: 'b.jpg', data: good },
        ])
        return app.inject({ method: 'POST', url: '/v1/admin/media', headers: { ...editor.headers, ...b.headers }, payload: b.payload })
      })(),
      400,
      /one file/,
    ],
    [
      'no file',
      (() => {
        const b = multipart([{ name: 'alt', data: 'chỉ có chữ' }])
        return app.inject({ method: 'POST', url: '/v1/admin/media', headers: { ...editor.headers, ...b.headers }, payload: b.payload })
      })(),
      400,
      /missing/,
    ],
    [
      'a wrong field name',
      (() => {
        const b = multipart([{ name: 'image', filename: 'a.jpg', data: good }])
        return app.inject({ method: 'POST', url: '/v1/admin/media', headers: { ...editor.headers, ...b.headers }, payload: b.payload })
      })(),
      400,
      /only file field/,
    ],
    ['a 1,000-character file name', upload(app, editor.headers, good, [], `${'a'.repeat(996)}.jpg`), 400, /file name/],
    ['../../etc/passwd', upload(app, editor.headers, good, [], '../../etc/passwd'), 400, /file name/],
    ['an unknown text field', upload(app, editor.headers, good, [{ name: 'title', data: 'x' }]), 400, /not a field/],
    ['JSON instead of multipart', app.inject({ method: 'POST', url: '/v1/admin/media', headers: editor.headers, payload: { file: 'x' } }), 400, /multipart/],
  ]
  for (const [name, pending, status, detail] of cases) {
    const res = await pending
    t.equal(res.statusCode, status, `${name}: ${res.body.slice(0, 200)}`)
    t.match(String(res.headers['content-type']), /application\/problem\+json/, name)
    t.match(JSON.parse(res.body).detail, detail, name)
  }
  t.equal(await ctx.db.prisma.media.count(), before, 'nothing stored')
})

t.test('list: newest first, folded q over alt, caption, credit and file name; paging', async (t) => {
  const a = await uploaded(app, contributor.headers, await jpeg(100, 100, { colour: '#010101' }), [{ name: 'caption', data: 'Lễ khai giảng năm học mới' }])
  const b = await uploaded(app, contributor.headers, await jpeg(100, 100, { colour: '#020202' }), [{ name: 'alt', data: 'Đường làng nông thôn mới' }])
  const list = await app.inject({ url: '/v1/admin/media?limit=2', headers: moderator.headers })
  t.equal(list.statusCode, 403, 'moderators are not in the newsroom')
  const page = (await app.inject({ url: '/v1/admin/media?limit=2', headers: contributor.headers })).json()
  t.same(
    page.data.map((m: { id: string }) => m.id),
    [b.id, a.id],
  )
  const found = (await app.inject({ url: `/v1/admin/media?q=${encodeURIComponent('khai giang')}`, headers: contributor.headers })).json()
  t.same(
    found.data.map((m: { id: string }) => m.id),
    [a.id],
  )
  const duong = (await app.inject({ url: '/v1/admin/media?q=duong', headers: contributor.headers })).json()
  t.same(
    duong.data.map((m: { id: string }) => m.id),
    [b.id],
  )
})

t.test('PATCH: the uploader, an editor or an admin; a new focal point makes a new og file', async (t) => {
  const m = await uploaded(app, contributor.headers, await jpeg(1600, 1600, { colour: '#445566' }))
  const url = `/v1/admin/media/${m.id}`
  t.equal((await app.inject({ method: 'PATCH', url, headers: other.headers, payload: { alt: 'không phải của tôi' } })).statusCode, 403)
  const res = await app.inject({ method: 'PATCH', url, headers: contributor.headers, payload: { alt: 'Cánh đồng lúa', focalPoint: { x: 0.5, y: 0.1 } } })
  t.equal(res.statusCode, 200, res.body)
  const next = res.json()
  t.not(next.renditions.og.url, m.renditions.og.url, 'og has a new URL')
  t.equal(next.renditions.card.url, m.renditions.card.url, 'the other presets stay')
  await fetchFile(next.renditions.og.url)
  t.equal((await app.inject({ url: m.renditions.og.url })).statusCode, 404, 'the old crop is gone')
  t.equal((await app.inject({ method: 'PATCH', url, headers: editor.headers, payload: { alt: '' } })).statusCode, 400, 'empty alt only when decorative')
  const deco = await app.inject({ method: 'PATCH', url, headers: editor.headers, payload: { alt: '', decorative: true } })
  t.match(deco.json(), { alt: '', decorative: true })
  t.equal((await app.inject({ method: 'DELETE', url, headers: other.headers })).statusCode, 403)
})

t.test('/media paths: only well-formed keys, no traversal', async (t) => {
  for (const path of ['/media/../../etc/passwd', '/media/ab/cd/..%2f..%2fetc%2fpasswd', '/media/ab/cd/x.html', `/media/ab/cd/${'a'.repeat(64)}-thumb.svg`]) {
    const res = await app.inject({ url: path })
    t.ok([400, 404].includes(res.statusCode), `${path}: ${res.statusCode}`)
    t.notMatch(String(res.headers['content-type']), /html|svg/)
  }
})

t.test('articles: leadImage in the public list and detail, inline figures filled in, alt required to publish, delete refused while used', async (t) => {
  const { act, newAuthor, newDraft } = await import('../../fixtures/editorial.ts')
  const byline = await newAuthor(app, editor.headers)
  const lead = await uploaded(app, editor.headers, await jpeg(1600, 900, { colour: '#778899' }))
  const inline = await uploaded(app, editor.headers, await jpeg(900, 600, { colour: '#998877' }), [{ name: 'alt', data: 'Cầu "Long Biên" & sông Hồng' }])
  const unknown = '00000000-0000-4000-8000-000000000000'
  const refused = await app.inject({
    method: 'POST',
    url: '/v1/admin/articles',
    headers: editor.headers,
    payload: { title: 'Ảnh lạ', lead: '', body: `<figure><img data-media-id="${unknown}"></figure>`, authorIds: [byline.id], organizationIds: [] },
  })
  t.equal(refused.statusCode, 400, 'an unknown inline id')
  t.match(refused.json().errors, [{ path: 'body/body' }])
  const badLead = await app.inject({
    method: 'POST',
    url: '/v1/admin/articles',
    headers: editor.headers,
    payload: { title: 'Ảnh lạ', lead: '', body: '<p>x</p>', authorIds: [byline.id], organizationIds: [], leadImageId: unknown },
  })
  t.equal(badLead.statusCode, 400, 'an unknown lead image')

  const draft = await newDraft(app, editor.headers, {
    authorIds: [byline.id],
    leadImageId: lead.id,
    body:
      `<p>Mở đầu.</p><figure><img data-media-id="${inline.id}" src="https://evil.example/x.png" onerror="alert(1)"><figcaption>Cầu Long ` +
      `Biên</figcaption></figure>`,
  })
  t.equal(draft.leadImageId, lead.id)
  t.match(draft.body, `<img data-media-id="${inline.id}" />`, 'stored with the id only')
  const noAlt = await act(app, editor.headers, draft.id, 'publish')
  t.equal(noAlt.statusCode, 409)
  t.match(noAlt.json().detail, /alt text/)
  await app.inject({ method: 'PATCH', url: `/v1/admin/media/${lead.id}`, headers: editor.headers, payload: { alt: 'Toàn cảnh hội nghị' } })
  const published = await act(app, editor.headers, draft.id, 'publish')
  t.equal(published.statusCode, 200, published.body)

  const detail = (await app.inject({ url: `/v1/articles/${draft.slug}` })).json()
  t.match(detail.leadImage, { id: lead.id, alt: 'Toàn cảnh hội nghị', renditions: { og: { width: 1200, height: 630, url: lead.renditions.og.url } } })
  t.notOk('bytes' in detail.leadImage, 'no byte size in public')
  t.match(detail.body, `src="${inline.renditions.article.url}"`)
  t.match(detail.body, `srcset="${inline.renditions.thumb.url} ${inline.renditions.thumb.width}w, `)
  t.match(detail.body, 'alt="Cầu &quot;Long Biên&quot; &amp; sông Hồng"')
  t.match(detail.body, /width="900" height="600"/)
  t.notMatch(detail.body, /evil|onerror/)
  const list = (await app.inject({ url: '/v1/articles' })).json()
  t.match(list.data.find((a: { id: string }) => a.id === draft.id).leadImage, { id: lead.id })

  // a changed alt reaches the public detail (read-time fill-in, the version stamp follows it)
  await app.inject({ method: 'PATCH', url: `/v1/admin/media/${inline.id}`, headers: editor.headers, payload: { alt: 'Cầu Long Biên lúc bình minh' } })
  t.match((await app.inject({ url: `/v1/articles/${draft.slug}` })).json().body, 'alt="Cầu Long Biên lúc bình minh"')

  for (const id of [lead.id, inline.id]) {
    const res = await app.inject({ method: 'DELETE', url: `/v1/admin/media/${id}`, headers: editor.headers })
    t.equal(res.statusCode, 409, 'in use')
  }
  t.ok(await ctx.db.prisma.media.findUnique({ where: { id: lead.id } }), 'still there')
})

t.test('avatars and logos: set by id (unknown: 400, nothing written), public in the author and organization reads, delete refused while used', async (t) => {
  const portrait = await uploaded(app, editor.headers, await jpeg(600, 600, { colour: '#445566' }), [{ name: 'alt', data: 'Chân dung phóng viên' }])
  const emblem = await uploaded(app, editor.headers, await png(400, 400))
  const unknown = '00000000-0000-4000-8000-000000000001'
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: editor.headers, payload })
  const patch = (url: string, payload: object) => app.inject({ method: 'PATCH', url, headers: editor.headers, payload })

  const badAuthor = await post('/v1/admin/authors', { name: 'Lê Văn Ảnh Lạ', avatarId: unknown })
  t.equal(badAuthor.statusCode, 400)
  t.match(badAuthor.json().errors, [{ path: 'body/avatarId', message: new RegExp(unknown) }])
  t.equal(await ctx.db.prisma.author.count({ where: { name: 'Lê Văn Ảnh Lạ' } }), 0, 'nothing written')
  const badOrg = await post('/v1/admin/organizations', { name: 'Chi bộ Ảnh Lạ', kind: 'provincial_committee', logoId: unknown })
  t.equal(badOrg.statusCode, 400)
  t.match(badOrg.json().errors, [{ path: 'body/logoId' }])
  t.equal(await ctx.db.prisma.organization.count({ where: { name: 'Chi bộ Ảnh Lạ' } }), 0, 'nothing written')

  const author = (await post('/v1/admin/authors', { name: 'Trần Minh Ảnh', avatarId: portrait.id })).json()
  t.equal(author.avatarId, portrait.id)
  const org = (await post('/v1/admin/organizations', { name: 'Đảng bộ tỉnh Ảnh Mẫu', kind: 'provincial_committee' })).json()
  t.equal(org.logoId, null)
  t.equal((await patch(`/v1/admin/organizations/${org.id}`, { logoId: unknown })).statusCode, 400, 'unknown on patch too')
  const withLogo = await patch(`/v1/admin/organizations/${org.id}`, { logoId: emblem.id })
  t.equal(withLogo.statusCode, 200, withLogo.body)
  t.equal(withLogo.json().logoId, emblem.id)

  const authorRead = await app.inject({ url: `/v1/authors/${author.slug}` })
  const avatar = authorRead.json().avatar
  t.match(avatar, { id: portrait.id, alt: 'Chân dung phóng viên', caption: null, renditions: { thumb: { url: portrait.renditions.thumb.url, width: 320 } } })
  t.notOk('bytes' in avatar || 'filename' in avatar, 'the public media shape')
  const authors = (await app.inject({ url: '/v1/authors?limit=100' })).json().data as Array<{ id: string; avatar: unknown }>
  t.match(authors.find((a) => a.id === author.id)?.avatar, { id: portrait.id })
  t.ok(
    authors.filter((a) => a.id !== author.id).every((a) => a.avatar === null),
    'no avatar: null',
  )

  const orgRead = (await app.inject({ url: `/v1/organizations/${org.slug}` })).json()
  t.match(orgRead.logo, { id: emblem.id, alt: null, renditions: { card: { url: emblem.renditions.card.url } } })
  const roots = (await app.inject({ url: '/v1/organizations?limit=100' })).json().data as Array<{ id: string; logo: unknown }>
  t.match(roots.find((o) => o.id === org.id)?.logo, { id: emblem.id })
  const tree = (await app.inject({ url: '/v1/organizations?tree=true' })).json().data as Array<{ id: string; logo: unknown }>
  t.match(tree.find((o) => o.id === org.id)?.logo, { id: emblem.id })

  // a new alt text shows at once: the version stamp follows the media row
  await patch(`/v1/admin/media/${portrait.id}`, { alt: 'Chân dung mới' })
  const again = await app.inject({ url: `/v1/authors/${author.slug}` })
  t.equal(again.json().avatar.alt, 'Chân dung mới')
  t.not(again.headers.etag, authorRead.headers.etag, 'a new ETag')

  const inUse = await app.inject({ method: 'DELETE', url: `/v1/admin/media/${portrait.id}`, headers: editor.headers })
  t.equal(inUse.statusCode, 409)
  t.match(inUse.json(), { avatarOf: 1, logoOf: 0 })
  t.match((await app.inject({ method: 'DELETE', url: `/v1/admin/media/${emblem.id}`, headers: editor.headers })).json(), { logoOf: 1 })
  await patch(`/v1/admin/authors/${author.id}`, { avatarId: null })
  await patch(`/v1/admin/organizations/${org.id}`, { logoId: null })
  t.equal((await app.inject({ url: `/v1/authors/${author.slug}` })).json().avatar, null)
  for (const m of [portrait, emblem]) t.equal((await app.inject({ method: 'DELETE', url: `/v1/admin/media/${m.id}`, headers: editor.headers })).statusCode, 204)
})
