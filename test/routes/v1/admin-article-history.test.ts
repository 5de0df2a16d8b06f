// An article readers saw is archived, never deleted, and the moderation log outlives whatever it
// records: every decision keeps its comment id, its article's id and the article's title.
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'
import { knownCaptchas } from '../../fixtures/captcha.ts'

const { generator, answerOf } = knownCaptchas()
const ctx = await build(t, { RATE_LIMIT_COMMENTS: '1000', RESPONSE_CACHE: 'off' }, { captchaGenerator: generator })
const { app, db } = ctx
await app.ready()

const editor = await tokenFor(ctx, 'editor')
const admin = await tokenFor(ctx, 'admin')
const moderators = [await tokenFor(ctx, 'moderator'), await tokenFor(ctx, 'moderator')] as const
const author = await newAuthor(app, editor.headers, { name: 'Vũ Thanh Tâm' })
const del = (id: string, headers = admin.headers) => app.inject({ method: 'DELETE', url: `/v1/admin/articles/${id}`, headers })

async function comment(slug: string, content: string): Promise<string> {
  const captcha = await app.inject({ method: 'POST', url: '/v1/captchas' })
  const answer = answerOf(captcha.json().image)
  const res = await app.inject({
    method: 'POST',
    url: `/v1/articles/${slug}/comments`,
    payload: { authorName: 'Bạn đọc', content, captchaId: captcha.json().id, captchaAnswer: answer },
  })
  if (res.statusCode !== 202) throw new Error(`comment: ${res.statusCode} ${res.body}`)
  return res.json().id
}

async function decide(moderator: (typeof moderators)[number], id: string, action: string) {
  const res = await app.inject({ method: 'POST', url: `/v1/moderation/comments/${id}/decision`, headers: moderator.headers, payload: { action } })
  if (res.statusCode !== 200) throw new Error(`decision: ${res.statusCode} ${res.body}`)
}

const readLog = async () => (await app.inject({ url: '/v1/moderation/log?limit=100', headers: admin.headers })).json()
const readStats = async () => {
  const { byModerator, decided } = (await app.inject({ url: '/v1/moderation/stats', headers: admin.headers })).json()
  return { byModerator, decided }
}

t.test('a commented, published article: DELETE is 409 (archive instead); the log never loses a decision', async (t) => {
  const put = await app.inject({
    method: 'PUT',
    url: '/v1/moderation/rules',
    headers: admin.headers,
    payload: { mode: 'pre', bannedWords: ['cá độ'], suspectWords: [], maxLinks: 2 },
  })
  t.equal(put.statusCode, 200)
  const title = 'Lấy ý kiến nhân dân về dự thảo văn kiện'
  const draft = await newDraft(app, editor.headers, { title, authorIds: [author.id] })
  t.equal((await act(app, editor.headers, draft.id, 'publish')).statusCode, 200)
  const ids = [
    await comment(draft.slug, 'Tôi đồng ý với dự thảo.'),
    await comment(draft.slug, 'Cần bổ sung phần kinh tế.'),
    await comment(draft.slug, 'Ý kiến thứ ba.'),
    await comment(draft.slug, 'Ý kiến thứ tư.'),
  ]
  await comment(draft.slug, 'Vào trang cá độ này') // spam by the rules: a "system" entry
  await decide(moderators[0], ids[0]!, 'approve')
  await decide(moderators[0], ids[1]!, 'reject')
  await decide(moderators[1], ids[2]!, 'spam')
  await decide(moderators[1], ids[3]!, 'approve')
  await decide(moderators[1], ids[0]!, 'reject')
  const logBefore = await readLog()
  const statsBefore = await readStats()
  t.equal(logBefore.meta.total, 6, 'five decisions and one by the rules')
  t.equal(statsBefore.byModerator.length, 2)

  const refused = await del(draft.id)
  t.equal(refused.statusCode, 409, 'even an admin archives a published article')
  t.match(refused.json(), { status: 409, detail: /published.*archive it instead/, currentStatus: 'published' })
  t.equal((await act(app, editor.headers, draft.id, 'archive')).statusCode, 200)
  const again = await del(draft.id)
  t.equal(again.statusCode, 409, 'archived, still not deleted')
  t.same(await readLog(), logBefore)
  t.same(await readStats(), statsBefore)

  // every entry names its article, by id and by the title it had, in the writers of both paths
  const rows = await db.prisma.moderationLog.findMany()
  t.equal(rows.length, 6)
  t.ok(
    rows.every((r) => r.articleId === draft.id && r.articleTitle === title),
    "moderators' and the rules' entries alike",
  )
  t.equal(rows.filter((r) => r.actorId === null).length, 1)

  // and no delete below the API takes an entry along: the log has no cascading foreign key
  await db.prisma.article.delete({ where: { id: draft.id } })
  t.equal(await db.prisma.comment.count({ where: { articleId: draft.id } }), 0, 'the comments went with the article')
  const logAfter = await readLog()
  t.equal(logAfter.meta.total, 6)
  t.same(logAfter.data, logBefore.data, 'every decision still listed, with its comment id')
  t.same(
    logAfter.data.map((e: { article: unknown }) => e.article),
    Array(6).fill({ id: draft.id, title }),
    "and with the deleted article's id and title, read from the log itself",
  )
  t.same(await readStats(), statsBefore, 'stats.byModerator unchanged')
  t.same(
    (await db.prisma.moderationLog.findMany()).map((r) => [r.id, r.articleId, r.articleTitle]).sort(),
    rows.map((r) => [r.id, r.articleId, r.articleTitle]).sort(),
  )
})

t.test('an unpublished article that had comments stays; a never-published draft is really deleted', async (t) => {
  const once = await newDraft(app, editor.headers, { authorIds: [author.id] })
  await act(app, editor.headers, once.id, 'publish')
  await comment(once.slug, 'Bình luận trước khi gỡ bài.')
  await act(app, editor.headers, once.id, 'unpublish')
  const res = await del(once.id, editor.headers)
  t.equal(res.statusCode, 409, 'a draft again, but readers saw it')
  t.equal(await db.prisma.comment.count({ where: { articleId: once.id } }), 1, 'its comment is kept')

  const fresh = await newDraft(app, editor.headers, { authorIds: [author.id] })
  await app.inject({
    method: 'PATCH',
    url: `/v1/admin/articles/${fresh.id}`,
    headers: { ...editor.headers, 'if-match': fresh.etag },
    payload: { lead: 'Sửa một lần.' },
  })
  const gone = await del(fresh.id, editor.headers)
  t.equal(gone.statusCode, 204)
  t.equal(await db.prisma.article.count({ where: { id: fresh.id } }), 0, 'the row is gone')
  t.equal(await db.prisma.articleRevision.count({ where: { articleId: fresh.id } }), 0, 'with its revisions')
  t.equal(await db.prisma.articleAuthor.count({ where: { articleId: fresh.id } }), 0)
})
