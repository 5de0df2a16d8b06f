// Staff writes racing each other over real HTTP connections: article creates against the delete of
// an author or organization they name, and parallel creates of one name against the slug index.
// Whatever the interleaving, every answer is a deliberate one (never a 500) and no row is left
// pointing at a deleted one.
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { newAuthor, newOrganization } from '../../fixtures/editorial.ts'

const ctx = await build(t, { DB_POOL_SIZE: '16' })
const { app, db } = ctx
await app.listen({ host: '127.0.0.1', port: 0 })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
const editor = await tokenFor(ctx, 'editor')
const byline = await newAuthor(app, editor.headers, { name: 'Đỗ Thị Hằng' })

async function send(method: 'POST' | 'DELETE', path: string, body?: object) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...editor.headers, ...(body && { 'content-type': 'application/json' }) },
    body: body && JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null }
}

const CREATES = 40
const ROUNDS = 3

/**
 * CREATES article creates naming a fresh referenced row, with its delete sent among them (after
 * the first half, so some creates are past their checks when it runs). Returns the answers.
 */
async function race(kind: 'author' | 'organization', round: number) {
  const target = kind === 'author' ? await newAuthor(app, editor.headers) : await newOrganization(app, editor.headers)
  const article = (i: number) => ({
    title: `Tin chạy đua ${kind} ${round}-${i}`,
    lead: '',
    body: '<p>Nội dung.</p>',
    authorIds: kind === 'author' ? [byline.id, target.id] : [byline.id],
    organizationIds: kind === 'organization' ? [target.id] : [],
  })
  const creates = Array.from({ length: CREATES / 2 }, (_, i) => send('POST', '/v1/admin/articles', article(i)))
  const removal = send('DELETE', `/v1/admin/${kind}s/${target.id}`)
  creates.push(...Array.from({ length: CREATES / 2 }, (_, i) => send('POST', '/v1/admin/articles', article(CREATES / 2 + i))))
  return { target, creates: await Promise.all(creates), removal: await removal }
}

for (const kind of ['organization', 'author'] as const) {
  t.test(`article creates racing the delete of the ${kind} they name: 201, 400, 409 or 503 (retry), never a 500`, async (t) => {
    for (let round = 0; round < ROUNDS; round++) {
      const { target, creates, removal } = await race(kind, round)
      const statuses = creates.map((c) => c.status)
      t.ok(
        // 503: the transaction lost to the other one (a deadlock, or its time ran out under load) and wrote nothing
        statuses.every((s) => s === 201 || s === 400 || s === 409 || s === 503),
        `round ${round}: creates answered ${[...new Set(statuses)].join(', ')}`,
      )
      t.ok([204, 409, 503].includes(removal.status), `round ${round}: the delete answered ${removal.status}`)
      for (const r of [removal, ...creates].filter((c) => c.status === 503)) t.match(r.body, { detail: /retry/ })
      for (const c of creates.filter((c) => c.status === 400))
        t.match(c.body, { errors: [{ message: new RegExp(`unknown ${kind}`) }] }, 'a create after the delete names the missing row')
      for (const c of creates.filter((c) => c.status === 409)) t.match(c.body, { detail: /deleted meanwhile/ })
      const exists =
        kind === 'author' ? await db.prisma.author.count({ where: { id: target.id } }) : await db.prisma.organization.count({ where: { id: target.id } })
      const linked =
        kind === 'author'
          ? await db.prisma.articleAuthor.count({ where: { authorId: target.id } })
          : await db.prisma.articleOrganization.count({ where: { organizationId: target.id } })
      t.equal(exists, removal.status === 204 ? 0 : 1, `round ${round}: the ${kind} is gone exactly when the delete said so`)
      t.equal(linked, statuses.filter((s) => s === 201).length, 'every created article, and only those, names it')
      if (removal.status === 204) t.equal(linked, 0, 'no article references the deleted row')
    }
  })
}

t.test('parallel creates of one name: every made slug succeeds and differs; a chosen taken slug is 409', async (t) => {
  const cases = [
    {
      path: '/v1/admin/articles',
      body: { title: 'Đại hội Chi bộ nhiệm kỳ mới', lead: '', body: '', authorIds: [byline.id], organizationIds: [] },
      slug: 'dai-hoi-chi-bo-nhiem-ky-moi',
    },
    { path: '/v1/admin/authors', body: { name: 'Nguyễn Văn An' }, slug: 'nguyen-van-an' },
    { path: '/v1/admin/organizations', body: { name: 'Chi bộ Thôn Đông', kind: 'cell' }, slug: 'chi-bo-thon-dong' },
  ]
  for (const { path, body, slug } of cases) {
    const results = await Promise.all(Array.from({ length: 8 }, () => send('POST', path, body)))
    t.same(
      results.map((r) => r.status),
      Array(8).fill(201),
      `${path}: ${results.map((r) => r.status).join()}`,
    )
    t.same(results.map((r) => r.body!.slug).sort(), [slug, ...[2, 3, 4, 5, 6, 7, 8].map((n) => `${slug}-${n}`)].sort(), `${path}: x, x-2, …, x-8`)
    const taken = await send('POST', path, { ...body, slug: `${slug}-2` })
    t.equal(taken.status, 409, `${path}: a chosen slug that is taken`)
    t.match(taken.body, { status: 409, slug: `${slug}-2` })
  }
})
