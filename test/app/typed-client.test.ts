// The typed client (clients/typescript) against the app on a real loopback port: what a frontend
// sees, from the generated types down to the wire. Also: every operation the OpenAPI document calls
// public (security: []) answers without a token, so the document's split matches the guards.
import t from 'tap'
import { build } from '../helper.ts'
import { createArticle, createAuthor, createOrganization } from '../fixtures/content.ts'
import { createUser, TEST_PASSWORD } from '../fixtures/users.ts'
import { createToasoanClient, type Problem } from '../../clients/typescript/src/index.ts'

const ctx = await build(t, { CAPTCHA: 'off', RATE_LIMIT_COMMENTS: '1000', RESPONSE_CACHE: 'off' })
const { app, db } = ctx
const author = await createAuthor(db, { name: 'Lê Minh Châu' })
const org = await createOrganization(db)
const article = await createArticle(db, { status: 'published', title: 'Hội nghị tổng kết công tác năm', authorIds: [author.id], organizationIds: [org.id] })
const editor = await createUser(db, { role: 'editor' })
const baseUrl = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1')

t.test('public operations: typed parameters in, typed data out', async (t) => {
  const api = createToasoanClient({ baseUrl })

  const list = await api.GET('/v1/articles', { params: { query: { limit: 5 } } })
  t.equal(list.response.status, 200)
  t.ok(
    list.data?.data.some((a) => a.slug === article.slug),
    'the published article is listed',
  )

  const one = await api.GET('/v1/articles/{slug}', { params: { path: { slug: article.slug } } })
  t.equal(one.data?.title, 'Hội nghị tổng kết công tác năm')
  t.same(
    one.data?.authors.map((a) => a.name),
    ['Lê Minh Châu'],
  )

  // page and limit have defaults: the types let a frontend leave the query out
  const comments = await api.GET('/v1/articles/{slug}/comments', { params: { path: { slug: article.slug } } })
  t.equal(comments.response.status, 200)
  t.same(comments.data?.data, [])

  const sent = await api.POST('/v1/articles/{slug}/comments', {
    params: { path: { slug: article.slug } },
    body: { authorName: 'Phạm Thu Hà', content: 'Mong ban biên tập đăng thêm số liệu chi tiết.' },
  })
  t.equal(sent.response.status, 202)
  t.equal(sent.data?.status, 'pending')

  const missing = await api.GET('/v1/articles/{slug}', { params: { path: { slug: 'khong-co-bai-nay' } } })
  const problem: Problem | undefined = missing.error
  t.equal(missing.response.status, 404)
  t.match(missing.response.headers.get('content-type'), /application\/problem\+json/)
  t.match(problem, { status: 404, title: String, type: String })

  if (false as boolean) {
    // @ts-expect-error the path parameter is required by the generated types
    await api.GET('/v1/articles/{slug}', {})
  }
})

t.test('an authenticated operation: log in, then the token goes with every request', async (t) => {
  let token: string | undefined
  const api = createToasoanClient({ baseUrl, token: () => token })

  const anonymous = await api.GET('/v1/me')
  t.equal(anonymous.response.status, 401)
  t.equal(anonymous.error?.status, 401)

  const login = await api.POST('/v1/auth/login', { body: { email: editor.email, password: TEST_PASSWORD } })
  t.equal(login.response.status, 200)
  token = login.data && 'accessToken' in login.data ? login.data.accessToken : undefined

  const me = await api.GET('/v1/me')
  t.equal(me.response.status, 200)
  t.match(me.data, { id: editor.id, role: 'editor' })
})

t.test('every operation documented as public answers without a token', async (t) => {
  const doc = app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> }
  let checked = 0
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.security?.length) continue
      // the guards run before validation, so placeholder parameters are enough to meet them
      const res = await app.inject({ method: method.toUpperCase() as 'GET', url: path.replace(/\{[^}]+\}/g, 'x') })
      t.not(res.statusCode, 401, `${method.toUpperCase()} ${path}`)
      checked++
    }
  }
  t.ok(checked >= 14, `${checked} public operations`)
})
