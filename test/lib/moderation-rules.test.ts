import t from 'tap'
import { evaluate, matchWords, normaliseWordList, type Rules } from '../../src/lib/moderation-rules.ts'

const rules: Rules = {
  mode: 'pre',
  bannedWords: ['cờ bạc', 'lừa đảo'],
  suspectWords: ['khuyến mãi', 'Đa cấp'],
  maxLinks: 1,
  closeAfterDays: 0,
  reportThreshold: 3,
  trustedAfter: 0,
  distrustAfter: 2,
}

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
    t.same(v.flags, [
      { kind: 'suspect_word', word: 'khuyến mãi' },
      { kind: 'too_many_links', count: 2, max: 1 },
    ])
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

// each spelling below reads as "lừa đảo" or "scam" to a person
const EVASIONS: Array<[string, string]> = [
  ['word joiner U+2060', 'lừ\u2060a đả\u2060o'],
  ['soft hyphen U+00AD', 'lừ\u00ada đả\u00ado'],
  ['zero-width no-break space U+FEFF', 'lừ\ufeffa đả\ufeffo'],
  ['Mongolian vowel separator U+180E', 'lừ\u180ea đả\u180eo'],
  ['tag character U+E0041', 'lừ\u{e0041}a đả\u{e0041}o'],
  ['Cyrillic а and о', 'lừ\u0430 đả\u043e'],
  ['Cyrillic capitals', 'LỪ\u0410 ĐẢ\u041e'],
  ['fullwidth', '\uff53\uff43\uff41\uff4d'],
  ['mathematical bold', '\u{1d42c}\u{1d41c}\u{1d41a}\u{1d426}'],
  ['circled', '\u24e2\u24d2\u24d0\u24dc'],
  ['Cyrillic ЅСАМ', '\u0405\u0421\u0410\u041c'],
  ['Greek and Cyrillic mixed', 'ѕс\u03b1m'],
]

t.test('invisible, compatibility and look-alike characters do not hide a banned word', async (t) => {
  const banned: Rules = { ...rules, bannedWords: ['lừa đảo', 'scam'] }
  for (const [name, text] of EVASIONS) {
    const v = evaluate(`Tham gia ${text} ngay`, banned)
    t.equal(v.status, 'spam', name)
    t.equal(v.flags.length, 1, name)
  }
  t.same(matchWords('lừa\u00ad đảo', ['lua dao']), ['lua dao'], 'a soft hyphen at a word edge')
  t.same(normaliseWordList(['scam', '\uff53\uff43\uff41\uff4d', 'ѕсаm']), ['scam'], 'look-alike duplicates in a word list')
})

t.test('Vietnamese words are not merged by the look-alike mapping', async (t) => {
  t.same(matchWords('ơn nghĩa', ['on']), ['on'])
  t.same(matchWords('Ưu đãi', ['uu dai']), ['uu dai'])
  t.same(matchWords('com', ['cơm', 'corn']), ['cơm'], '"m" is not read as "rn": ASCII keeps its letters')
  t.same(matchWords('Đảng viên', ['dang vien', 'd vien']), ['dang vien'], 'đ is d, not a letter of its own')
})
