// Every word the text has is a word the searches find, public and staff alike: words PostgreSQL's
// text parser would split ("2e5x" reads as the number 2e5 followed by "x"), words of other scripts,
// and words too long for a lexeme, which are indexed as their first SEARCH_WORD_MAX characters.
import t from 'tap'
import { build } from '../../helper.ts'
import { tokenFor } from '../../fixtures/users.ts'
import { act, newAuthor, newDraft } from '../../fixtures/editorial.ts'
import { SEARCH_WORD_MAX } from '../../../src/lib/vietnamese.ts'
import { prefixTsQuery } from '../../../src/db/queries/sql.ts'

const ctx = await build(t)
const { app } = ctx
await app.ready()
const editor = await tokenFor(ctx, 'editor')
const author = await newAuthor(app, editor.headers, { name: 'Lê Văn Tâm' })

const long = `Chuỗi${'ky'.repeat(1_500)}`
const article = await newDraft(app, editor.headers, {
  title: 'Mẫu xe 2E5X chạy thử ở lô 1e6aa8',
  lead: 'Đoàn công tác đi Москва và 北京.',
  body: `<p>Mã hồ sơ ${long} lưu ở kho.</p>`,
  authorIds: [author.id],
})
const other = await newDraft(app, editor.headers, { title: 'Mẫu xe 2e5y', authorIds: [author.id] })

const staffIds = async (q: string) => {
  const res = await app.inject({ url: `/v1/admin/articles?q=${encodeURIComponent(q)}&limit=100`, headers: editor.headers })
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json().data.map((a: { id: string }) => a.id)
}
const publicIds = async (q: string) => {
  const res = await app.inject(`/v1/articles?q=${encodeURIComponent(q)}&limit=100`)
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`)
  return res.json().data.map((a: { id: string }) => a.id)
}

const found: Array<[q: string, what: string]> = [
  ['2e5x', 'a word the parser reads as a number and a word'],
  ['2E5X', 'upper case'],
  ['1e6aa8', 'another, with two letters after the exponent'],
  ['lo 1e6', 'its start after a word'],
  ['москва', 'Cyrillic, folded to lower case'],
  ['北京', 'Chinese'],
  [long.slice(0, SEARCH_WORD_MAX + 50), 'a long word, asked for past the indexed length'],
  [long.slice(0, 20), 'the start of a long word'],
]

t.test('a draft with a 3,000-character word saves, and the staff search finds every word', async (t) => {
  t.equal(article.status, 'draft')
  for (const [q, what] of found) t.same(await staffIds(q), [article.id], what)
  t.same(await staffIds('2e5'), [other.id, article.id], 'a prefix is a prefix: both drafts, last changed first')
  t.same(await staffIds('2e5y'), [other.id])
  t.same(await staffIds('e5x'), [], 'not inside a word')
})

t.test('the public search finds the same words once it is published', async (t) => {
  t.same(await publicIds('2e5x'), [], 'a draft is not public')
  t.equal((await act(app, editor.headers, article.id, 'publish')).statusCode, 200)
  for (const [q, what] of found) t.same(await publicIds(q), [article.id], what)
  t.same(await publicIds('2e5y'), [], 'still a draft')
  t.same(await publicIds('москвы'), [])
})

t.test('tsquery syntax in a query is not syntax', async (t) => {
  for (const q of ["2e5x'", '2e5x\\', "2e5x ' & !", '2e5x:*', '!1e6aa8 2e5x']) t.same(await publicIds(q), [article.id], q)
  t.same(await publicIds('2e5x | 1e6'), [article.id], 'every word, not either')
  t.same(await publicIds('2e5x | kho9'), [], 'every word, not either')
  // search words are letters and digits, but the tsquery text quotes whatever it is given
  const { rows } = await ctx.db.pool.query('SELECT $1::tsquery::text AS q', [prefixTsQuery(["o'k", 'a\\b', 'x y'])])
  t.equal(rows[0].q, "'o''k':* & 'a\\\\b':* & 'x y':*")
})
