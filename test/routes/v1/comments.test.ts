// Reader comments and captchas through the HTTP API, on a real database.
import t from 'tap'
import { build } from '../../helper.ts'
import { createArticle } from '../../fixtures/content.ts'
import { knownCaptchas } from '../../fixtures/captcha.ts'
import { tokenFor } from '../../fixtures/users.ts'
import type { CommentStatus } from '../../../src/lib/comment-statuses.ts'

const { generator, answerOf } = knownCaptchas()
// fixtures write straight to the database, past the services' change feed: the response cache
// would serve what a test just changed; it is tested on its own in test/app/response-cache.test.ts
const ctx = await build(t, { RATE_LIMIT_COMMENTS: '1000', RESPONSE_CACHE: 'off' }, { captchaGenerator: generator })
const { app, db } = ctx
await app.ready()

const article = await createArticle(db, { status: 'published', title: 'Bài có bình luận' })
const closed = await createArticle(db, { status: 'published', title: 'Bài khóa bình luận', commentsEnabled: false })
const draft = await createArticle(db, { status: 'draft', title: 'Bản nháp' })

async function captcha() {
  const res = await app.inject({ method: 'POST', url: '/v1/captchas' })
  const body = res.json()
  return { id: body.id as string, answer: answerOf(body.image), res }
}
let ipCounter = 0
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`

async function send(payload: Record<string, unknown>, opts: { slug?: string; ip?: string; withCaptcha?: boolean } = {}) {
  const c = opts.withCaptcha === false ? {} : await captcha().then(({ id, answer }) => ({ captchaId: id, captchaAnswer: answer }))
  return app.inject({
    method: 'POST',
    url: `/v1/articles/${opts.slug ?? article.slug}/comments`,
    remoteAddress: opts.ip ?? freshIp(),
    payload: { authorName: 'Bạn đọc', content: `Ý kiến số ${Math.random()}`, ...c, ...payload },
  })
}

t.test('captcha: 201 with an image and an expiry five minutes out; each reset gives a new one', async (t) => {
  const a = await captcha()
  t.equal(a.res.statusCode, 201)
  t.match(a.res.json(), { id: /^[0-9a-f-]{36}$/, image: /^data:image\/png;base64,/, expiresAt: String })
  t.notOk('svg' in a.res.json() || 'pow' in a.res.json(), 'CAPTCHA=image sends an image only')
  const ttl = new Date(a.res.json().expiresAt).getTime() - Date.now()
  t.ok(ttl > 290_000 && ttl <= 300_000, `expires in ~5 min (${ttl} ms)`)
  const b = await captcha()
  t.not(b.id, a.id)
  t.not(b.res.json().image, a.res.json().image)
  const stored = await db.prisma.captcha.findUniqueOrThrow({ where: { id: a.id } })
  t.notMatch(stored.answerHash, new RegExp(a.answer, 'i'), 'the answer is stored only hashed')
})

t.test('a comment is accepted as pending and is not public', async (t) => {
  const res = await send({ authorName: 'Nguyễn Văn A', email: 'A@Example.vn', content: 'Bài viết hay.' })
  t.equal(res.statusCode, 202)
  t.match(res.json(), { id: String, status: 'pending' })
  const row = await db.prisma.comment.findUniqueOrThrow({ where: { id: res.json().id } })
  t.equal(row.status, 'pending')
  t.equal(row.email, 'a@example.vn')
  t.match(row.ipHash, /^[0-9a-f]{64}$/)
  const list = await app.inject(`/v1/articles/${article.slug}/comments`)
  t.equal(list.statusCode, 200)
  t.same(list.json().data, [], 'pre-moderation: nothing public yet')
})

t.test('the captcha is spent by one wrong try, and an expired one fails', async (t) => {
  const c = await captcha()
  const wrong = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    payload: { authorName: 'X', content: 'Một', captchaId: c.id, captchaAnswer: 'WRONG' },
  })
  t.equal(wrong.statusCode, 400)
  t.match(wrong.json().errors, [{ path: 'body/captchaAnswer' }])
  const retry = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    payload: { authorName: 'X', content: 'Một', captchaId: c.id, captchaAnswer: c.answer },
  })
  t.equal(retry.statusCode, 400, 'the right answer no longer works: the challenge was spent')
  const old = await captcha()
  await db.prisma.captcha.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
  const expired = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    payload: { authorName: 'X', content: 'Hai', captchaId: old.id, captchaAnswer: old.answer },
  })
  t.equal(expired.statusCode, 400)
  const missing = await send({}, { withCaptcha: false })
  t.equal(missing.statusCode, 400, 'no captcha at all')
  const lower = await captcha()
  const caseless = await app.inject({
    method: 'POST',
    url: `/v1/articles/${article.slug}/comments`,
    remoteAddress: freshIp(),
    payload: { authorName: 'X', content: 'Ba', captchaId: lower.id, captchaAnswer: ` ${lower.answer.toLowerCase()} ` },
  })
  t.equal(caseless.statusCode, 202, 'answers are case-insensitive and trimmed')
  t.equal(await db.prisma.comment.count({ where: { content: { in: ['Một', 'Hai'] } } }), 0, 'nothing was written by failed attempts')
})

t.test('article checks: not public → 404, comments closed → 409', async (t) => {
  t.equal((await send({}, { slug: draft.slug })).statusCode, 404)
  t.equal((await send({}, { slug: 'khong-ton-tai' })).statusCode, 404)
  const closedRes = await send({}, { slug: closed.slug })
  t.equal(closedRes.statusCode, 409)
  t.match(closedRes.headers['content-type'], /problem\+json/)
})

t.test('body validation: clear 400s with field errors, nothing written', async (t) => {
  const before = await db.prisma.comment.count()
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ authorName: '' }, 'body/authorName'],
    [{ authorName: 'x'.repeat(81) }, 'body/authorName'],
    [{ authorName: '<b></b>' }, 'body/authorName'],
    [{ content: '' }, 'body/content'],
    [{ content: '   \n  ' }, 'body/content'],
    [{ content: 'x'.repeat(5001) }, 'body/content'],
    [{ content: '<script>alert(1)</script>' }, 'body/content'],
    [{ email: 'not-an-email' }, 'body/email'],
    [{ parentId: 'nope' }, 'body/parentId'],
    [{ extra: 1 }, 'body/extra'],
    [{ content: 42 }, 'body/content'],
  ]
  for (const [payload, path] of cases) {
    const res = await send(payload)
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 50))
    t.match(res.headers['content-type'], /problem\+json/)
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `names ${path}: ${JSON.stringify(res.json().errors)}`,
    )
  }
  t.equal(await db.prisma.comment.count(), before)
})

t.test('markup is removed, line breaks kept, NFD stored as NFC', async (t) => {
  const nfd = 'Tôi đồng ý'.normalize('NFD')
  const res = await send({ authorName: '<i>Lê</i> Thị   Mai', content: `${nfd}<script>alert(1)</script>\n<b>dòng hai</b><img src=x onerror=alert(1)>` })
  t.equal(res.statusCode, 202)
  const row = await db.prisma.comment.findUniqueOrThrow({ where: { id: res.json().id } })
  t.equal(row.authorName, 'Lê Thị Mai')
  t.equal(row.content, 'Tôi đồng ý\ndòng hai')
  t.equal(row.content, row.content.normalize('NFC'))
})

t.test('a duplicate from the same address within 10 minutes → 409; another address is fine', async (t) => {
  const ip = freshIp()
  t.equal((await send({ content: 'Cùng một ý kiến' }, { ip })).statusCode, 202)
  const dup = await send({ content: 'CÙNG MỘT Ý KIẾN!' }, { ip })
  t.equal(dup.statusCode, 409, 'folded content is the same')
  t.equal((await send({ content: 'Cùng một ý kiến' }, { ip: freshIp() })).statusCode, 202)
})

t.test('replies: parent must be an approved top-level comment of the same article', async (t) => {
  const parent = await send({ content: 'Bình luận gốc' })
  const pendingParent = await send({ parentId: parent.json().id })
  t.equal(pendingParent.statusCode, 400, 'a pending parent is not a valid parent')
  await db.prisma.comment.update({ where: { id: parent.json().id }, data: { status: 'approved' } })
  const other = await createArticle(db, { status: 'published', title: 'Bài khác' })
  t.equal((await send({ parentId: parent.json().id }, { slug: other.slug })).statusCode, 400, 'parent of another article')
  const reply = await send({ parentId: parent.json().id, content: 'Trả lời' })
  t.equal(reply.statusCode, 202)
  await db.prisma.comment.update({ where: { id: reply.json().id }, data: { status: 'approved' } })
  t.equal((await send({ parentId: reply.json().id })).statusCode, 400, 'one level of replies only')
})

t.test('per-IP rate limit counts every attempt, valid or not → 429 with Retry-After', async (t) => {
  const limited = await build(t, { RATE_LIMIT_COMMENTS: '3' }, { captchaGenerator: generator })
  const a = await createArticle(limited.db, { status: 'published', title: 'Giới hạn' })
  const post = (payload: Record<string, unknown>) =>
    limited.app.inject({ method: 'POST', url: `/v1/articles/${a.slug}/comments`, remoteAddress: '192.0.2.7', payload })
  t.equal((await post({})).statusCode, 400)
  t.equal((await post({ authorName: 'x' })).statusCode, 400)
  t.equal((await post({ authorName: 'x', content: 'y', captchaId: '00000000-0000-4000-8000-000000000000', captchaAnswer: 'guess' })).statusCode, 400)
  const fourth = await post({ authorName: 'x', content: 'y' })
  t.equal(fourth.statusCode, 429)
  t.ok(Number(fourth.headers['retry-after']) >= 1)
  t.match(fourth.headers['content-type'], /problem\+json/)
  const other = await limited.app.inject({ method: 'POST', url: `/v1/articles/${a.slug}/comments`, remoteAddress: '192.0.2.8', payload: {} })
  t.equal(other.statusCode, 400, 'another address has its own budget')
  const captchas = []
  for (let i = 0; i < 31; i++) captchas.push((await limited.app.inject({ method: 'POST', url: '/v1/captchas', remoteAddress: '192.0.2.9' })).statusCode)
  t.same(captchas.slice(0, 30), Array(30).fill(201), '10 captchas per allowed comment')
  t.equal(captchas[30], 429, 'then captchas are rate limited too')
})

t.test('CAPTCHA=off accepts comments without one', async (t) => {
  const off = await build(t, { CAPTCHA: 'off' })
  const a = await createArticle(off.db, { status: 'published', title: 'Không captcha' })
  const res = await off.app.inject({ method: 'POST', url: `/v1/articles/${a.slug}/comments`, payload: { authorName: 'A', content: 'Không cần mã' } })
  t.equal(res.statusCode, 202)
})

t.test('public list: approved only, oldest first, replies nested, no private fields', async (t) => {
  const a = await createArticle(db, { status: 'published', title: 'Danh sách bình luận' })
  const mk = async (content: string, status: CommentStatus, minutesAgo: number, parentId?: string) =>
    db.prisma.comment.create({
      data: {
        articleId: a.id,
        content,
        status,
        authorName: 'B',
        email: 'b@x.vn',
        contentHash: content,
        ipHash: 'h',
        commenterId: 'h',
        parentId,
        flags: [{ kind: 'suspect_word', word: 'x' }],
        createdAt: new Date(Date.now() - minutesAgo * 60_000),
      },
    })
  const first = await mk('thứ nhất', 'approved', 30)
  await mk('chờ duyệt', 'pending', 25)
  const second = await mk('thứ hai', 'approved', 20)
  await mk('bị từ chối', 'rejected', 15)
  await mk('rác', 'spam', 14)
  await mk('trả lời 2', 'approved', 5, first.id)
  await mk('trả lời 1', 'approved', 10, first.id)
  await mk('trả lời chờ', 'pending', 4, first.id)
  const res = await app.inject(`/v1/articles/${a.slug}/comments`)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(
    body.data.map((c: { content: string }) => c.content),
    ['thứ nhất', 'thứ hai'],
  )
  t.same(
    body.data[0].replies.map((c: { content: string }) => c.content),
    ['trả lời 1', 'trả lời 2'],
  )
  t.same(body.data[1].replies, [])
  t.equal(body.data[0].replies[0].parentId, first.id)
  t.equal(body.meta.total, 2)
  t.notOk(res.headers.link)
  const paged = await app.inject(`/v1/articles/${a.slug}/comments?limit=1`)
  t.equal(paged.headers.link, `</v1/articles/${a.slug}/comments?limit=1&page=2>; rel="next"`)
  t.same(
    paged.json().data.map((c: { content: string }) => c.content),
    ['thứ nhất'],
  )
  for (const c of [...body.data, ...body.data[0].replies]) {
    t.same(Object.keys(c).sort(), ['authorName', 'content', 'createdAt', 'featured', 'id', 'isStaff', 'likes', 'parentId', 'replies'])
  }
  t.notMatch(res.body, /b@x\.vn|ipHash|flags|suspect_word|claimedBy/)
  t.ok(res.headers.etag)
  t.match(res.headers['cache-control'], /public/)
  const cached = await app.inject({ url: `/v1/articles/${a.slug}/comments`, headers: { 'if-none-match': res.headers.etag as string } })
  t.equal(cached.statusCode, 304)
  await db.prisma.comment.update({ where: { id: second.id }, data: { status: 'rejected' } })
  const changed = await app.inject({ url: `/v1/articles/${a.slug}/comments`, headers: { 'if-none-match': res.headers.etag as string } })
  t.equal(changed.statusCode, 200, 'a take-down changes the ETag')
  t.equal(changed.json().data.length, 1)
  // a reply whose parent was taken down stands alone, in the top-level order; a hidden one is not shown
  await db.prisma.comment.update({ where: { id: first.id }, data: { status: 'rejected' } })
  const orphans = (await app.inject(`/v1/articles/${a.slug}/comments`)).json()
  t.same(
    orphans.data.map((c: { content: string; parentId: string; replies: unknown[] }) => [c.content, c.parentId, c.replies]),
    [
      ['trả lời 1', first.id, []],
      ['trả lời 2', first.id, []],
    ],
  )
  t.equal(orphans.meta.total, 2)
  await db.prisma.comment.updateMany({ where: { content: 'trả lời 2' }, data: { hidden: true } })
  const shown = (await app.inject(`/v1/articles/${a.slug}/comments`)).json()
  t.same(
    shown.data.map((c: { content: string }) => c.content),
    ['trả lời 1'],
  )
  t.equal(shown.meta.total, 1)
  t.equal((await app.inject(`/v1/articles/${draft.slug}/comments`)).statusCode, 404)
})

// the payloads and evasions, end to end on an app without a captcha
const open = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100000', RESPONSE_CACHE: 'off' })
const moderator = await tokenFor(open, 'moderator')
const openArticle = await createArticle(open.db, { status: 'published', title: 'Bài không cần mã' })
const comment = (payload: Record<string, unknown>, ip = freshIp()) =>
  open.app.inject({ method: 'POST', url: `/v1/articles/${openArticle.slug}/comments`, remoteAddress: ip, payload: { authorName: 'Bạn đọc', ...payload } })

t.test('markup in raw-text elements, behind NUL or invisible characters, is removed from content and authorName', async (t) => {
  const payloads = [
    '<noembed><svg onload=alert(1)></noembed>',
    '<plaintext><img src=x onerror=alert(1)>',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<noframes><img src=x onerror=alert(1)></noframes>',
    '<\u0000img src=x onerror=alert(1)>',
    '<\u00adimg src=x onerror=alert(1)>',
  ]
  for (const p of payloads) {
    const res = await comment({ authorName: `Lan ${p}`, content: `Ý kiến ${p}` })
    t.equal(res.statusCode, 202, JSON.stringify(p))
    const decided = await open.app.inject({
      method: 'POST',
      url: `/v1/moderation/comments/${res.json().id}/decision`,
      headers: moderator.headers,
      payload: { action: 'approve' },
    })
    t.equal(decided.statusCode, 200)
  }
  const list = await open.app.inject(`/v1/articles/${openArticle.slug}/comments?limit=100`)
  t.equal(list.statusCode, 200)
  const data = list.json().data as Array<{ authorName: string; content: string }>
  t.equal(data.length, payloads.length)
  for (const c of data) t.same({ authorName: c.authorName, content: c.content }, { authorName: 'Lan', content: 'Ý kiến' })
  t.notMatch(list.body, /<[a-z/!?]|\\u0000|\u00ad/i, 'no markup, NUL or soft hyphen in the public list')
})

t.test('a banned word in invisible, compatibility or look-alike characters is spam; an invisible copy is a duplicate', async (t) => {
  const put = await open.app.inject({
    method: 'PUT',
    url: '/v1/moderation/rules',
    headers: moderator.headers,
    payload: { mode: 'pre', bannedWords: ['lừa đảo', 'scam'], suspectWords: [], maxLinks: 5 },
  })
  t.equal(put.statusCode, 200)
  const evasions = [
    'lừ\u2060a đả\u2060o',
    'lừ\u00ada đả\u00ado',
    'lừ\ufeffa đả\ufeffo',
    'lừ\u180ea đả\u180eo',
    'lừ\u{e0041}a đả\u{e0041}o',
    'lừ\u0430 đả\u043e',
    '\uff53\uff43\uff41\uff4d',
    '\u{1d42c}\u{1d41c}\u{1d41a}\u{1d426}',
    '\u24e2\u24d2\u24d0\u24dc',
  ]
  for (const word of evasions) {
    const res = await comment({ content: `Trang này ${word} đấy` })
    t.equal(res.statusCode, 202, JSON.stringify(word))
    const row = await open.db.prisma.comment.findUniqueOrThrow({ where: { id: res.json().id } })
    t.equal(row.status, 'spam', JSON.stringify(word))
    t.match(row.flags, [{ kind: 'banned_word' }])
  }
  const ip = freshIp()
  const first = await comment({ content: 'Bài viết cung cấp nhiều thông tin bổ ích' }, ip)
  t.equal(first.statusCode, 202)
  const copy = await comment({ content: 'Bài viết cung cấp nhiều thông\u00ad tin bổ\u00ad ích' }, ip)
  t.equal(copy.statusCode, 409, 'a copy with soft hyphens')
  const lookalike = await comment({ content: 'Bài viết cung cấp nhiều thông tin bổ ích'.replace(/o/g, '\u043e') }, ip)
  t.equal(lookalike.statusCode, 409, 'a copy with Cyrillic о')
  const stored = await open.db.prisma.comment.findUniqueOrThrow({ where: { id: first.json().id } })
  t.equal(stored.content, 'Bài viết cung cấp nhiều thông tin bổ ích')
})
