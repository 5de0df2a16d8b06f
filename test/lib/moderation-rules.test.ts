import t from 'tap'
import { evaluate, matchWords, normaliseWordList, type Rules } from '../../src/lib/moderation-rules.ts'

const rules: Rules = { mode: 'pre', bannedWords: ['cờ bạc', 'lừa đảo'], suspectWords: ['khuyến mãi', 'Đa cấp'], maxLinks: 1 }

t.test('whole words and phrases, folded', async (t) => {
  t.same(matchWords('Trang CỜ BẠC trực tuyến', rules.bannedWords), ['cờ bạc'])
  t.same(matchWords('trang co bac truc tuyen', rules.bannedWords), ['cờ bạc'], 'without tone marks')
  t.same(matchWords('Trang cờ bạc'.normalize('NFD'), rules.bannedWords), ['cờ bạc'], 'NFD')
  t.same(matchWords('cobac là tên riêng', rules.bannedWords), [], 'not inside another word')
  t.same(matchWords('xcờ bạcx', rules.bannedWords), [])
  t.same(matchWords('cờ, bạc!', rules.bannedWords), ['cờ bạc'], 'punctuation between words does not hide a phrase')
  t.same(matchWords('kinh doanh ĐA CẤP', rules.suspectWords), ['Đa cấp'])
  t.same(matchWords('bất cứ gì', ['  ', '']), [], 'empty rules match nothing')
})

t.test('banned → spam with the word named', async (t) => {
  const v = evaluate('Tham gia LỪA ĐẢO ngay', rules)
  t.equal(v.status, 'spam')
  t.same(v.flags, [{ kind: 'banned_word', word: 'lừa đảo' }])
  t.match(v.reason, /lừa đảo/)
})

t.test('suspect words and links keep it pending with flags, in both modes', async (t) => {
  for (const mode of ['pre', 'post'] as const) {
    const v = evaluate('Khuyen mai lon: https://a.vn va https://b.vn', { ...rules, mode })
    t.equal(v.status, 'pending', mode)
    t.same(v.flags, [{ kind: 'suspect_word', word: 'khuyến mãi' }, { kind: 'too_many_links', count: 2, max: 1 }])
  }
  t.same(evaluate('một liên kết https://a.vn', rules).flags, [], 'at the limit is fine')
})

t.test('clean comments: pending in pre mode, approved in post mode', async (t) => {
  t.same(evaluate('Bài viết rất hay', rules), { status: 'pending', flags: [], reason: null })
  const post = evaluate('Bài viết rất hay', { ...rules, mode: 'post' })
  t.equal(post.status, 'approved')
  t.same(post.flags, [])
})

t.test('word lists are normalised and deduplicated by their folded form', async (t) => {
  t.same(normaliseWordList(['  cờ   bạc ', 'CỜ BẠC', 'co bac', '', 'lô đề'.normalize('NFD')]), ['cờ bạc', 'lô đề'])
})
