// The walk-through in a real browser against a real server on loopback: a reader comments
// on /demo/{slug}, a moderator sets a rule, claims and approves it from /console with the keyboard
// (and tries undo), and the reader then sees the comment.
import t from 'tap'
import type { AddressInfo } from 'node:net'
import { build } from '../helper.ts'
import { createArticle, createAuthor, createOrganization } from '../fixtures/content.ts'
import { createUser } from '../fixtures/users.ts'
import { accessibilityViolations, ensureBuiltUi, fitsWidth, knownCaptchas, launch, missingBrowser, screenshot, watchErrors } from './browser.ts'

const missing = missingBrowser()
if (missing && process.env.CI) {
  t.fail(`browser tests cannot run: ${missing}`)
} else if (missing) {
  t.plan(0, `skipped: ${missing}`)
} else {
  ensureBuiltUi()
  const captchas = knownCaptchas()
  const { app, db } = await build(t, { RATE_LIMIT_COMMENTS: '100' }, { captchaGenerator: captchas.generator })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  const province = await createOrganization(db, { name: 'Đảng bộ tỉnh Ngọc Lâm' })
  const bloc = await createOrganization(db, { name: 'Đảng bộ Khối các Cơ quan tỉnh', parentId: province.id, kind: 'bloc_committee' })
  const authors = [await createAuthor(db, { name: 'Vũ Long' }), await createAuthor(db, { name: 'Bá Trung' })]
  const article = await createArticle(db, {
    title: 'Hội thảo “Giải pháp nâng cao chất lượng công tác phát triển Đảng”',
    lead: 'Sáng 17/11, Đảng bộ Khối tổ chức hội thảo khoa học về công tác phát triển đảng viên.',
    body: '<p>Hội thảo có 39 tham luận đến từ các chi bộ, đảng bộ trực thuộc.</p><p>Các ý kiến tập trung vào giải pháp.</p>',
    source: 'BTV',
    authorIds: authors.map((a) => a.id),
    organizationIds: [bloc.id],
  })
  // its section and a tag, as the article service writes them
  const section = await db.prisma.section.create({ data: { slug: 'xay-dung-dang', name: 'Xây dựng Đảng' } })
  await db.prisma.sectionClosure.create({ data: { ancestorId: section.id, descendantId: section.id, depth: 0 } })
  const topic = await db.prisma.tag.create({ data: { slug: 'phat-trien-dang-vien', name: 'Phát triển đảng viên' } })
  await db.prisma.article.update({
    where: { id: article.id },
    data: { sectionId: section.id, sections: { create: { sectionId: section.id } }, tags: { create: { tagId: topic.id } } },
  })
  const password = 'mật khẩu kiểm duyệt 2026'
  const moderator = await createUser(db, { role: 'moderator', name: 'Trần Kiểm Duyệt', password })
  const comment = 'Hội thảo rất thiết thực. Xin hỏi có chương trình khuyen mai tài liệu cho chi bộ không?'

  const browser = await launch(t)
  // the reader's browser prefers English: the demo is Vietnamese all the same, English only by its toggle
  const readerContext = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 760 } })
  const staffContext = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1200, height: 900 } })
  const reader = await readerContext.newPage()
  const staff = await staffContext.newPage()
  const readerErrors = watchErrors(reader)
  const staffErrors = watchErrors(staff)

  await t.test('a moderator signs in and adds a suspect word', async (t) => {
    await staff.goto(`${base}/console`)
    await staff.getByLabel('Email').waitFor()
    t.same(await accessibilityViolations(staff), [], 'the sign-in page meets WCAG 2.1 AA (axe-core)')
    await staff.getByLabel('Email').fill(moderator.email)
    await staff.getByLabel('Mật khẩu').fill(password)
    await staff.getByRole('button', { name: 'Đăng nhập' }).click()
    await staff.locator('#stat-pending', { hasText: 'Chờ duyệt: 0' }).waitFor()
    await staff.getByRole('link', { name: 'Quy tắc' }).click()
    await staff.getByLabel(/Từ cần xem/).fill('khuyến mãi')
    await staff.getByRole('button', { name: 'Lưu quy tắc' }).click()
    await staff.getByText('Đã lưu quy tắc.').waitFor()
    t.same(await accessibilityViolations(staff), [], 'the rules editor meets WCAG 2.1 AA (axe-core)')
    t.same((await db.prisma.moderationRules.findFirstOrThrow()).suspectWords, ['khuyến mãi'])
  })

  await t.test('a reader resets the captcha and comments, and is told it awaits moderation', async (t) => {
    await reader.goto(`${base}/demo/${article.slug}`)
    t.equal(await reader.locator('h1').textContent(), article.title)
    t.match(await reader.locator('.source-tag').innerText(), /BTV$/)
    t.match(await reader.locator('.bylines').innerText(), /Vũ Long – Bá Trung/)
    t.match(await reader.locator('nav.crumbs').innerText(), /Đảng bộ Khối các Cơ quan tỉnh/)
    t.match(await reader.locator('.kicker').textContent(), /Chuyên mục: Xây dựng Đảng$/, 'the section above the title')
    t.match(await reader.locator('.tags').textContent(), /Chủ đề: Phát triển đảng viên$/, 'the tags below the bylines')
    t.equal(await reader.locator('html').getAttribute('lang'), 'vi')
    const image = reader.getByAltText(/mã xác nhận/i)
    await reader.locator('.captcha-img[src^="data:image/png;base64,"]').waitFor()
    const first = await image.getAttribute('src')
    await reader.getByRole('button', { name: 'Đổi mã' }).click()
    // base64 data: URLs hold no quote to escape here
    await reader.locator(`.captcha-img[src^="data:"]:not([src="${first}"])`).waitFor()
    const second = (await image.getAttribute('src'))!
    t.not(second, first, 'a new captcha image is shown')
    t.ok(captchas.answerFor(second), 'the image shown is one the server issued')

    await reader.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa')
    await reader.getByLabel('Nội dung bình luận').fill(comment)
    await reader.getByLabel('Mã xác nhận').fill(captchas.answerFor(second)!.toLowerCase())
    await reader.getByRole('button', { name: 'Gửi bình luận' }).click()
    const message = reader.locator('#form-message')
    await message.filter({ hasText: 'chờ kiểm duyệt' }).waitFor()
    await screenshot(reader, 'demo-comment-sent.png')
    t.same(await accessibilityViolations(reader), [], 'the reader page at 360 px meets WCAG 2.1 AA (axe-core)')
    t.ok(await fitsWidth(reader), 'the reader page fits 360 px')
    const stored = await db.prisma.comment.findFirstOrThrow({ where: { articleId: article.id } })
    t.equal(stored.status, 'pending')
    t.not(await image.getAttribute('src'), second, 'the spent captcha is replaced')
  })

  await t.test('the moderator claims, sees the flag, approves with the keyboard, undoes and approves again', async (t) => {
    await staff.getByRole('link', { name: 'Hàng đợi' }).click()
    await staff.locator('#stat-pending', { hasText: 'Chờ duyệt: 1' }).waitFor({ timeout: 15_000 })
    await staff.getByRole('button', { name: 'Nhận 10 bình luận' }).click()
    const item = staff.locator('.item.selected')
    await item.locator('.claim.mine').waitFor()
    t.match(await item.innerText(), /Nguyễn Thị Hoa[\s\S]*Bạn đang giữ/)
    t.match(await item.locator('.flags').innerText(), /khuyến mãi/)
    t.equal(await item.locator('mark.flag-suspect').innerText(), 'khuyen mai', 'the flagged words are marked in the text')
    t.match(await item.innerText(), new RegExp(article.title.slice(0, 20)))
    await screenshot(staff, 'console-claimed.png')
    t.same(await accessibilityViolations(staff), [], 'the queue meets WCAG 2.1 AA (axe-core)')

    await staff.keyboard.press('a')
    await staff.locator('#toast', { hasText: 'Đã duyệt' }).waitFor()
    t.equal((await db.prisma.comment.findFirstOrThrow({ where: { articleId: article.id } })).status, 'approved')

    await staff.keyboard.press('u')
    await staff.locator('#toast', { hasText: 'Đã hoàn tác' }).waitFor()
    const undone = await db.prisma.comment.findFirstOrThrow({ where: { articleId: article.id } })
    t.equal(undone.status, 'rejected', 'undo takes the approved comment down')
    await staff.locator('.item.selected[data-status="rejected"]').waitFor()

    await staff.keyboard.press('a')
    await staff.locator('#toast', { hasText: 'Đã duyệt' }).waitFor()
    t.equal((await db.prisma.comment.findFirstOrThrow({ where: { articleId: article.id } })).status, 'approved')
    await staff.locator('#stat-pending', { hasText: 'Chờ duyệt: 0' }).waitFor()

    await staff.getByRole('link', { name: 'Nhật ký' }).click()
    await staff.locator('table.log tbody tr').nth(2).waitFor()
    t.match(await staff.locator('table.log tbody').innerText(), /Trần Kiểm Duyệt/)
    t.same(await accessibilityViolations(staff), [], 'the log meets WCAG 2.1 AA (axe-core)')

    await staff.setViewportSize({ width: 360, height: 800 })
    await staff.getByRole('link', { name: 'Hàng đợi' }).click()
    await staff.locator('#queue-title').waitFor()
    t.ok(await fitsWidth(staff), 'the console fits 360 px')
    t.same(await accessibilityViolations(staff), [], 'the console at 360 px meets WCAG 2.1 AA (axe-core)')
    await screenshot(staff, 'console-360.png')
  })

  await t.test('the reader reloads the page and sees the comment', async (t) => {
    await reader.reload()
    const shown = reader.locator('.comments .comment', { hasText: 'Nguyễn Thị Hoa' })
    await shown.waitFor()
    t.match(await shown.innerText(), /Hội thảo rất thiết thực/)
    t.match(await reader.locator('#comments-title').innerText(), /\(1\)/)
    await screenshot(reader, 'demo-comment-approved.png')
  })

  await t.test('the language toggle turns the demo English', async (t) => {
    await reader.getByRole('link', { name: 'English' }).click()
    await reader.getByRole('button', { name: 'Send comment' }).waitFor()
    t.equal(await reader.locator('html').getAttribute('lang'), 'en')
    t.equal(await reader.locator('.captcha-img').getAttribute('alt'), 'Verification code image: five letters and digits')
  })

  await t.test('with CAPTCHA=pow the browser does the proof of work in a Web Worker and the comment is accepted', async (t) => {
    const pow = await build(t, { CAPTCHA: 'pow', CAPTCHA_POW_MAXNUMBER: '20000', RATE_LIMIT_COMMENTS: '100' })
    await pow.app.listen({ port: 0, host: '127.0.0.1' })
    const powBase = `http://127.0.0.1:${(pow.app.server.address() as AddressInfo).port}`
    const powArticle = await createArticle(pow.db, { title: 'Bài thử xác minh bằng trình duyệt', body: '<p>Nội dung.</p>' })
    const page = await readerContext.newPage()
    const errors = watchErrors(page)
    const workers: string[] = []
    page.on('worker', (w) => workers.push(w.url()))
    await page.goto(`${powBase}/demo/${powArticle.slug}?lang=vi`)
    await page.getByText('Đã xác minh xong').waitFor({ timeout: 30_000 })
    t.ok(workers.length >= 1 && workers.every((u) => u.startsWith(`${powBase}/ui/`)), `solved in our own Web Worker (${workers.join(', ')})`)
    t.notOk(await page.locator('.captcha-img').isVisible(), 'no image to read')
    t.notOk(await page.getByLabel('Mã xác nhận').isVisible(), 'nothing to type')
    await page.getByLabel('Họ và tên').fill('Lê Văn Bình')
    await page.getByLabel('Nội dung bình luận').fill('Tôi ủng hộ cách làm này.')
    await page.getByRole('button', { name: 'Gửi bình luận' }).click()
    await page.locator('#form-message').filter({ hasText: 'chờ kiểm duyệt' }).waitFor()
    const stored = await pow.db.prisma.comment.findFirstOrThrow({ where: { articleId: powArticle.id } })
    t.equal(stored.status, 'pending')
    t.equal(await pow.db.prisma.captcha.count({ where: { usedAt: { not: null } } }), 1, 'the challenge was spent')
    t.same(await accessibilityViolations(page), [], 'the pow form meets WCAG 2.1 AA (axe-core)')
    t.same(errors, [], 'no script errors, no CSP violations')
    await page.close()
  })

  t.test('no script errors and no CSP violations on either page', async (t) => {
    t.same(readerErrors, [], 'reader page')
    t.same(staffErrors, [], 'console')
  })
}
