// The reader's side of the comment community in a real browser: likes that survive a reload,
// a report with a reason (202, then the button says it is done), the sort picker, and editor's
// picks and newsroom replies marked; axe-core clean at 360 px.
import t from 'tap'
import type { AddressInfo } from 'node:net'
import { build } from '../helper.ts'
import { createArticle, createComment } from '../fixtures/content.ts'
import { tokenFor } from '../fixtures/users.ts'
import { accessibilityViolations, ensureBuiltUi, fitsWidth, launch, missingBrowser, screenshot, watchErrors } from './browser.ts'

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
  const article = await createArticle(db, { title: 'Chi bộ khu phố 3 ra mắt mô hình “Dân vận khéo”', body: '<p>Nội dung.</p>' })
  const hoa = await createComment(db, article.id, { status: 'approved', authorName: 'Nguyễn Thị Hoa', content: 'Mô hình rất hay, nên nhân rộng.' })
  const binh = await createComment(db, article.id, { status: 'approved', authorName: 'Lê Văn Bình', content: 'Khu phố tôi cũng muốn làm.' })
  const cuong = await createComment(db, article.id, { status: 'approved', authorName: 'Trần Văn Cường', content: 'Cảm ơn các đồng chí.' })
  // Cường's comment has two likes from other readers already; Bình's is an editor's pick, and the newsroom answered it
  for (const ip of ['10.9.0.1', '10.9.0.2']) {
    const res = await app.inject({ method: 'POST', url: `/v1/comments/${cuong.id}/reactions`, remoteAddress: ip, payload: { type: 'like' } })
    if (res.statusCode !== 200) throw new Error(res.body)
  }
  const answer = await createComment(db, article.id, { status: 'approved', authorName: 'Ban biên tập', content: 'Mời bạn liên hệ phường.', parentId: binh.id })
  await db.prisma.comment.update({ where: { id: answer.id }, data: { isStaff: true } })
  await db.prisma.comment.update({ where: { id: binh.id }, data: { featured: true } })

  const browser = await launch(t)
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 800 } })
  const page = await context.newPage()
  const errors = watchErrors(page)
  const order = () => page.locator('.comments > li > article .comment-head strong').allInnerTexts()
  const item = (id: string) => page.locator(`article.comment[data-id="${id}"]`)

  await t.test('the comments show oldest first, with the newsroom reply marked', async (t) => {
    await page.goto(`${base}/demo/${article.slug}`)
    await item(hoa.id).waitFor()
    t.same(await order(), ['Nguyễn Thị Hoa', 'Lê Văn Bình', 'Trần Văn Cường'])
    t.equal(await page.getByLabel('Sắp xếp').inputValue(), 'oldest')
    t.match(await item(answer.id).locator('.badge.staff').innerText(), 'Ban biên tập')
    t.match(await item(binh.id).locator('.badge.featured').innerText(), 'Ban biên tập chọn', "the editor's pick is marked")
    t.match(await item(cuong.id).locator('button.like').innerText(), /Thích\s*2/)
    t.same(await accessibilityViolations(page), [], 'the comments at 360 px meet WCAG 2.1 AA (axe-core)')
    t.ok(await fitsWidth(page), 'and fit 360 px')
  })

  await t.test('a like counts up, and a reload keeps it pressed', async (t) => {
    const like = item(hoa.id).locator('button.like')
    t.equal(await like.getAttribute('aria-pressed'), 'false')
    await like.click()
    await item(hoa.id).locator('button.like[aria-pressed="true"]', { hasText: '1' }).waitFor()
    t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: hoa.id } })).likes, 1)
    await page.reload()
    await item(hoa.id).locator('button.like[aria-pressed="true"]').waitFor()
    t.match(await item(hoa.id).locator('button.like').innerText(), /Thích\s*1/, 'the count is the server’s')
    await item(hoa.id).locator('button.like').click()
    await item(hoa.id).locator('button.like[aria-pressed="false"]', { hasText: '0' }).waitFor()
    t.equal((await db.prisma.comment.findUniqueOrThrow({ where: { id: hoa.id } })).likes, 0, 'a second press takes it back')
    await item(hoa.id).locator('button.like').click()
    await item(hoa.id).locator('button.like[aria-pressed="true"]', { hasText: '1' }).waitFor()
  })

  await t.test('a report needs a reason, is sent with its note (202), and the button says so', async (t) => {
    const open = item(binh.id).getByRole('button', { name: 'Báo cáo vi phạm' })
    await open.click()
    t.equal(await open.getAttribute('aria-expanded'), 'true')
    const form = page.locator(`#report-${binh.id}`)
    await form.getByRole('button', { name: 'Gửi báo cáo' }).click()
    await form.getByText('Vui lòng chọn lý do.').waitFor()
    t.same(await accessibilityViolations(page), [], 'the open report form meets WCAG 2.1 AA (axe-core)')
    await form.getByLabel('Lý do báo cáo').selectOption({ label: 'Quảng cáo, spam' })
    await form.getByLabel(/Ghi chú/).fill('Có dấu hiệu quảng cáo')
    const sent = page.waitForResponse((r) => r.url().endsWith(`/v1/comments/${binh.id}/reports`))
    await form.getByRole('button', { name: 'Gửi báo cáo' }).click()
    t.equal((await sent).status(), 202)
    await item(binh.id).getByRole('button', { name: 'Đã báo cáo' }).waitFor()
    t.ok(await item(binh.id).getByRole('button', { name: 'Đã báo cáo' }).isDisabled())
    t.ok(await form.isHidden())
    t.match(await page.locator('.action-status').innerText(), /Báo cáo đã được gửi/)
    const stored = await db.prisma.commentReport.findFirstOrThrow({ where: { commentId: binh.id } })
    t.match(stored, { reason: 'spam', note: 'Có dấu hiệu quảng cáo' })
    await page.reload()
    await item(binh.id).getByRole('button', { name: 'Đã báo cáo' }).waitFor()
  })

  await t.test('the sort picker reorders: newest, then top (picks, then likes)', async (t) => {
    await page.getByLabel('Sắp xếp').selectOption({ label: 'Mới nhất' })
    // a locator, not waitForFunction: the page's CSP forbids the eval a polled string needs
    await page.locator(`.comments > li:first-child > article[data-id="${cuong.id}"]`).waitFor()
    t.same(await order(), ['Trần Văn Cường', 'Lê Văn Bình', 'Nguyễn Thị Hoa'])
    await page.getByLabel('Sắp xếp').selectOption({ label: 'Nổi bật' })
    await page.waitForURL(/[?&]sort=top/)
    await page.locator(`.comments > li:first-child > article[data-id="${binh.id}"]`).waitFor()
    t.same(await order(), ['Lê Văn Bình', 'Trần Văn Cường', 'Nguyễn Thị Hoa'], "the editor's pick first, then the most liked")
    await page.reload()
    await item(binh.id).waitFor()
    t.equal(await page.getByLabel('Sắp xếp').inputValue(), 'top', 'the sort stays in the address')
    t.same(await order(), ['Lê Văn Bình', 'Trần Văn Cường', 'Nguyễn Thị Hoa'])
    t.same(await accessibilityViolations(page), [], 'with the marks: still WCAG 2.1 AA (axe-core)')
    await screenshot(page, 'demo-community.png')
  })

  await t.test('a thread past closeAfterDays shows no form, only that comments are closed', async (t) => {
    const old = await createArticle(db, { title: 'Tổng kết năm học cũ', publishedAt: new Date(Date.now() - 30 * 86_400_000) })
    const mod = await tokenFor(ctx, 'moderator')
    const rules = await app.inject({ method: 'PUT', url: '/v1/moderation/rules', headers: mod.headers, payload: { closeAfterDays: 7 } })
    t.equal(rules.statusCode, 200)
    await page.goto(`${base}/demo/${old.slug}`)
    await page.getByText('Bài viết này đã đóng bình luận.').waitFor()
    t.equal(await page.getByRole('button', { name: 'Gửi bình luận' }).count(), 0, 'no way to send one')
    t.same(await accessibilityViolations(page), [], 'WCAG 2.1 AA (axe-core)')
  })

  t.test('no script errors, no CSP violations, no failed requests', async (t) => {
    t.same(errors, [], 'reader page')
  })
}
