// The console's side of the comment community in a real browser: the reported tab with reasons
// and counts (kept current by the stream), the commenter panel (ban, unban, a note), an editor's
// pick that then comes first under sort=top on the demo page, the newsroom's reply, all from the
// keyboard; axe-core clean throughout.
import t from 'tap'
import type { AddressInfo } from 'node:net'
import { build } from '../helper.ts'
import { createArticle, createComment } from '../fixtures/content.ts'
import { accessTokenFor, createUser } from '../fixtures/users.ts'
import { accessibilityViolations, ensureBuiltUi, launch, missingBrowser, screenshot, watchErrors } from './browser.ts'

const missing = missingBrowser()
if (missing && process.env.CI) {
  t.fail(`browser tests cannot run: ${missing}`)
} else if (missing) {
  t.plan(0, `skipped: ${missing}`)
} else {
  ensureBuiltUi()
  const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100' })
  const { app, db } = ctx
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const password = 'mật khẩu kiểm duyệt 2026'
  const moderator = await createUser(db, { role: 'moderator', name: 'Phạm Ngọc Lan', password })
  const other = await createUser(db, { role: 'moderator', name: 'Trần Minh Đức', password })
  const headers = { authorization: `Bearer ${accessTokenFor(ctx, other)}` }
  const rules = await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers, payload: { reportThreshold: 2 } })
  if (rules.statusCode !== 200) throw new Error(rules.body)

  const article = await createArticle(db, { title: 'Phường Hòa Bình lấy ý kiến nhân dân về chỉnh trang đô thị', body: '<p>Nội dung.</p>' })
  // a commenterId is a keyed hash (64 hex digits): one made up per commenter
  const commenter = (name: string) => Buffer.from(name.padEnd(32, '.')).toString('hex')
  const approved = (authorName: string, content: string, commenterId: string) =>
    createComment(db, article.id, { status: 'approved', authorName, content, commenterId })
  const rude = await approved('Kẻ Phá Đám', 'Toàn nói dóc, chẳng ai tin.', commenter('rude'))
  const ads = await approved('Bán Hàng Online', 'Mua ngay hàng giá rẻ tại trang của tôi.', commenter('ads'))
  const good = await approved('Nguyễn Thị Hoa', 'Tôi đề nghị giữ lại hàng cây xanh trên đường chính.', commenter('hoa'))
  const liked = await approved('Lê Văn Bình', 'Cần thêm chỗ đậu xe cho chợ.', commenter('binh'))
  // a pending comment the external moderation service scored and left to a person
  const held = await createComment(db, article.id, { status: 'pending', authorName: 'Đỗ Văn Hùng', content: 'Cán bộ phường làm việc quá chậm!' })
  await db.prisma.comment.update({ where: { id: held.id }, data: { hookAction: 'queue', hookScore: 0.72, hookReason: 'Ngôn từ gay gắt' } })
  let ip = 0
  const send = (method: 'POST', url: string, payload: object) => app.inject({ method, url, remoteAddress: `10.8.0.${++ip}`, payload })
  for (const reason of ['offensive', 'abusive']) await send('POST', `/v1/comments/${rude.id}/reports`, { reason })
  for (const reason of ['spam', 'spam']) await send('POST', `/v1/comments/${ads.id}/reports`, { reason, note: 'Quảng cáo' })
  for (let i = 0; i < 2; i++) await send('POST', `/v1/comments/${liked.id}/reactions`, { type: 'like' })

  const browser = await launch(t)
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1200, height: 900 } })
  const page = await context.newPage()
  const errors = watchErrors(page)
  const reportedTab = page.locator('#nav a[data-view="reported"] .tab-count')
  const row = (id: string) => page.locator(`.item[data-id="${id}"]`)

  await t.test('the reported tab lists the hidden comments with their reasons and counts', async (t) => {
    await page.goto(`${base}/console`)
    await page.getByLabel('Email').fill(moderator.email)
    await page.getByLabel('Mật khẩu').fill(password)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await row(held.id).waitFor()
    t.equal(
      await row(held.id).locator('.hook').innerText(),
      'Dịch vụ kiểm duyệt: cần người xem · điểm 0.72 · Ngôn từ gay gắt',
      "the moderation service's answer",
    )
    t.equal(await row(held.id).locator('button[data-tool="feature"]').count(), 0, 'no pick for a pending comment')
    await page.locator('#nav a[data-view="reported"] .tab-count[data-count="2"]').waitFor()
    t.match(await reportedTab.innerText(), /^\s*\(2\)$/)
    await page.getByRole('link', { name: /Bị báo cáo/ }).click()
    await row(rude.id).waitFor()
    t.equal(await page.locator('.item').count(), 2)
    const reports = row(rude.id).locator('.reports')
    t.match(await reports.innerText(), /Bị báo cáo 2 lần/)
    t.match(await reports.locator('[data-reason="offensive"]').innerText(), 'Xúc phạm, thô tục: 1')
    t.match(await reports.locator('[data-reason="abusive"]').innerText(), 'Công kích, quấy rối: 1')
    t.match(await row(ads.id).locator('[data-reason="spam"]').innerText(), 'Quảng cáo, spam: 2')
    t.match(await row(rude.id).locator('button[data-action="approve"]').innerText(), /Duyệt lại/)
    t.match(await page.locator('#keys').innerText(), /p người bình luận/)
    t.same(await accessibilityViolations(page), [], 'the reported tab meets WCAG 2.1 AA (axe-core)')
    await screenshot(page, 'console-reported.png')
  })

  await t.test('p opens the commenter panel: ban with a reason and a last day, unban, add a note', async (t) => {
    await row(rude.id).locator('.tools button[data-tool="commenter"]').focus()
    await page.keyboard.press('p')
    const panel = page.getByRole('dialog', { name: 'Người bình luận: Kẻ Phá Đám' })
    await panel.locator('dd[data-count="approved"]').waitFor()
    t.equal(await panel.locator('dd[data-count="approved"]').innerText(), '1')
    t.match(await panel.innerText(), /Bình luận lần đầu lúc/)
    t.same(await accessibilityViolations(page), [], 'the commenter panel meets WCAG 2.1 AA (axe-core)')

    await panel.getByRole('button', { name: 'Cấm bình luận' }).click()
    await panel.getByText('Vui lòng nhập thông tin này.').waitFor()
    await panel.getByLabel('Lý do cấm').fill('Lời lẽ xúc phạm nhiều lần')
    await panel.getByLabel(/Cấm đến hết ngày/).fill('2099-12-31')
    await panel.getByRole('button', { name: 'Cấm bình luận' }).click()
    await panel.locator('#ban-state').waitFor()
    t.match(await panel.locator('#ban-state').innerText(), /Đang bị cấm đến .*31\/12\/2099/)
    t.match(await panel.locator('#ban-state').innerText(), /Lời lẽ xúc phạm nhiều lần — Phạm Ngọc Lan/)
    const ban = await db.prisma.commenterBan.findFirstOrThrow({ where: { commenterId: commenter('rude') } })
    t.equal(ban.until?.toISOString(), '2099-12-31T16:59:59.999Z', 'to the end of that day, Vietnam time')
    t.same(await accessibilityViolations(page), [], 'with a ban in force: still WCAG 2.1 AA (axe-core)')

    await panel.getByRole('button', { name: 'Gỡ cấm' }).click()
    await panel.getByLabel('Lý do cấm').waitFor()
    await panel.locator('#panel-status', { hasText: 'Đã gỡ cấm' }).waitFor()
    t.equal(await db.prisma.commenterBan.count({ where: { commenterId: commenter('rude') } }), 0, 'the ban is lifted')

    await panel.getByLabel('Ghi chú mới').fill('Đã nhắc nhở qua email ngày 29/11.')
    await panel.getByRole('button', { name: 'Thêm ghi chú' }).click()
    await panel.locator('.notes li', { hasText: 'Đã nhắc nhở qua email' }).waitFor()
    t.match(await panel.locator('.notes li').first().innerText(), /Phạm Ngọc Lan/)
    await screenshot(page, 'console-commenter.png')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    t.equal(await page.evaluate("document.activeElement?.closest('.item')?.dataset.id"), rude.id, 'the focus is back on the comment')
  })

  await t.test('a approves a reported comment again; a decision elsewhere updates the tab count live', async (t) => {
    await page.keyboard.press('a')
    await page.locator('#toast', { hasText: 'Đã duyệt' }).waitFor()
    await row(rude.id).waitFor({ state: 'detached' })
    t.match(await db.prisma.comment.findUniqueOrThrow({ where: { id: rude.id } }), { status: 'approved', hidden: false })
    await page.locator('#nav a[data-view="reported"] .tab-count[data-count="1"]').waitFor()
    const res = await app.inject({ method: 'POST', url: `/v1/moderation/comments/${ads.id}/decision`, headers, payload: { action: 'spam' } })
    t.equal(res.statusCode, 200)
    await row(ads.id).waitFor({ state: 'detached' })
    await page.locator('#live-note', { hasText: 'Trần Minh Đức' }).waitFor()
    await page.locator('#nav a[data-view="reported"] .tab-count[data-count="0"]').waitFor()
    t.pass('the reported count follows the stream')
  })

  await t.test('f makes an approved comment a pick, first under sort=top on the demo page', async (t) => {
    await page.getByRole('link', { name: /Hàng đợi/ }).click()
    await page.getByLabel('Trạng thái').selectOption('approved')
    await row(good.id).locator('button[data-tool="feature"]').focus()
    await page.keyboard.press('f')
    await row(good.id).locator('.badge.featured').waitFor()
    t.match(await page.locator('#toast').innerText(), /nổi bật/)
    t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: good.id } })).featured, true)
    t.match(await row(good.id).locator('button[data-tool="feature"]').innerText(), /Bỏ nổi bật/)
    t.same(await accessibilityViolations(page), [], 'approved comments with their tools meet WCAG 2.1 AA (axe-core)')

    const reader = await context.newPage()
    await reader.goto(`${base}/demo/${article.slug}?sort=top`)
    await reader.locator('.comments[aria-busy="false"]').waitFor()
    const names = await reader.locator('.comments > li > article .comment-head strong').allInnerTexts()
    t.equal(names[0], 'Nguyễn Thị Hoa', 'the pick is first, before the most liked')
    t.equal(names[1], 'Lê Văn Bình')
    await reader.close()

    await page.keyboard.press('f')
    await row(good.id).locator('button[data-tool="feature"]', { hasText: 'Chọn nổi bật' }).waitFor()
    t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: good.id } })).featured, false, 'f again takes the pick back')
  })

  await t.test('t opens the reply box; the newsroom reply is published under the comment', async (t) => {
    await page.keyboard.press('t')
    const box = page.getByLabel(/Trả lời Nguyễn Thị Hoa với tư cách ban biên tập/)
    await box.waitFor()
    t.equal(await page.evaluate('document.activeElement?.id'), `reply-${good.id}`, 'the focus is in the box')
    await box.fill('Cảm ơn ý kiến của bạn, phường sẽ giữ lại hàng cây.')
    t.same(await accessibilityViolations(page), [], 'the reply box meets WCAG 2.1 AA (axe-core)')
    await page.getByRole('button', { name: 'Đăng trả lời' }).click()
    await page.locator('#toast', { hasText: 'Đã đăng trả lời cho Nguyễn Thị Hoa' }).waitFor()
    const reply = await db.prisma.comment.findFirstOrThrow({ where: { parentId: good.id } })
    t.match(reply, { isStaff: true, status: 'approved', content: 'Cảm ơn ý kiến của bạn, phường sẽ giữ lại hàng cây.' })

    const reader = await context.newPage()
    await reader.goto(`${base}/demo/${article.slug}`)
    const shown = reader.locator(`article.comment[data-id="${reply.id}"]`)
    await shown.waitFor()
    t.match(await shown.locator('.badge.staff').innerText(), 'Ban biên tập')
    await reader.close()
  })

  t.test('no script errors, no CSP violations, no failed requests', async (t) => {
    t.same(errors, [], 'console')
  })
}
