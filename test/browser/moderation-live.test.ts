// The console's live queue in a real browser: two moderators on /console, one decides and the
// comment leaves the other's list without a reload; a new comment announces itself; a claim by
// one shows on the other's list; the stats follow; axe-core stays clean.
import t from 'tap'
import type { AddressInfo } from 'node:net'
import { build } from '../helper.ts'
import { createArticle } from '../fixtures/content.ts'
import { createUser } from '../fixtures/users.ts'
import { accessibilityViolations, ensureBuiltUi, launch, missingBrowser, screenshot, watchErrors } from './browser.ts'
import type { Page } from 'playwright-core'

const missing = missingBrowser()
if (missing && process.env.CI) {
  t.fail(`browser tests cannot run: ${missing}`)
} else if (missing) {
  t.plan(0, `skipped: ${missing}`)
} else {
  ensureBuiltUi()
  const { app, db } = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '100' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const article = await createArticle(db, { title: 'Tọa đàm về chuyển đổi số ở cơ sở', body: '<p>Nội dung.</p>' })
  const password = 'mật khẩu kiểm duyệt 2026'
  const lan = await createUser(db, { role: 'moderator', name: 'Phạm Ngọc Lan', password })
  const duc = await createUser(db, { role: 'moderator', name: 'Trần Minh Đức', password })
  let ip = 0
  const comment = async (authorName: string, content: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/articles/${article.slug}/comments`,
      remoteAddress: `10.7.0.${++ip}`,
      payload: { authorName, content },
    })
    return res.json().id as string
  }
  const first = await comment('Nguyễn Văn An', 'Cần thêm lớp tập huấn cho đảng viên lớn tuổi.')
  const second = await comment('Lê Thị Bình', 'Mong có tài liệu hướng dẫn bằng hình ảnh.')

  const browser = await launch(t)
  const signIn = async (user: { email: string }) => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1200, height: 900 } })
    const page = await context.newPage()
    const errors = watchErrors(page)
    await page.goto(`${base}/console`)
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Mật khẩu').fill(password)
    await page.getByRole('button', { name: 'Đăng nhập' }).click()
    await page.locator(`.item[data-id="${second}"]`).waitFor()
    return { page, errors }
  }
  const a = await signIn(lan)
  const b = await signIn(duc)
  // both streams are open once the server has spent two tickets
  const streaming = async () => (await db.prisma.streamTicket.count({ where: { usedAt: { not: null } } })) >= 2
  for (let i = 0; i < 100 && !(await streaming()); i++) await new Promise((r) => setTimeout(r, 50))
  const row = (page: Page, id: string) => page.locator(`.item[data-id="${id}"]`)

  await t.test("one moderator's decision takes the comment off the other's list, without a reload", async (t) => {
    t.ok(await streaming(), 'both consoles opened the stream')
    await a.page.locator(`.item[data-id="${first}"] button[data-action="approve"]`).click()
    await a.page.locator('#toast', { hasText: 'Đã duyệt' }).waitFor()
    await row(b.page, first).waitFor({ state: 'detached' })
    t.equal(await row(b.page, second).count(), 1, 'the other comment stays')
    await b.page.locator('#live-note', { hasText: 'Phạm Ngọc Lan' }).waitFor()
    await b.page.locator('#stat-pending', { hasText: 'Chờ duyệt: 1' }).waitFor()
    t.same(await accessibilityViolations(b.page), [], 'the live queue meets WCAG 2.1 AA (axe-core)')
    await screenshot(b.page, 'console-live-decided.png')
  })

  await t.test('a claim by one shows as held on the other; a new comment is announced', async (t) => {
    await a.page.getByRole('button', { name: 'Nhận 10 bình luận' }).click()
    await row(a.page, second).locator('.claim.mine').waitFor()
    await row(b.page, second).locator('.claim', { hasText: 'Đang do Phạm Ngọc Lan xử lý' }).waitFor()
    const third = await comment('Hoàng Văn Cường', 'Xin cảm ơn ban tổ chức.')
    const notice = b.page.locator('#new-comments', { hasText: 'Có 1 bình luận mới' })
    await notice.waitFor()
    await b.page.locator('#stat-pending', { hasText: 'Chờ duyệt: 2' }).waitFor()
    t.same(await accessibilityViolations(b.page), [], 'with the new-comments button: still WCAG 2.1 AA')
    await notice.click()
    await row(b.page, third).waitFor()
    t.ok(await b.page.locator('#new-comments').isHidden(), 'the notice goes once shown')
  })

  await t.test('no script errors and no failed requests on either console', async (t) => {
    t.same(a.errors, [], 'first moderator')
    t.same(b.errors, [], 'second moderator')
  })
}
