import t from 'tap'
import { fold, foldedWords, nfc, cleanLine, searchText, searchWords, slugify, nextFreeSlug, htmlToText, SEARCH_WORD_MAX } from '../../src/lib/vietnamese.ts'
import { foldForMatching, matchingWords } from '../../src/lib/text-folding.ts'

const slugs: Array<[string, string]> = [
  ['Hội thảo “Giải pháp nâng cao chất lượng công tác phát triển Đảng”', 'hoi-thao-giai-phap-nang-cao-chat-luong-cong-tac-phat-trien-dang'],
  ['Phát triển Đảng ở cơ sở', 'phat-trien-dang-o-co-so'],
  ['Nghị quyết 21-NQ/TW', 'nghi-quyet-21-nq-tw'],
  ['ĐẢNG BỘ KHỐI CÁC CƠ QUAN', 'dang-bo-khoi-cac-co-quan'],
  ['  --Đại hội đại biểu lần thứ XV!!  ', 'dai-hoi-dai-bieu-lan-thu-xv'],
  ['Thủy lợi & thuỷ sản: 100% xã đạt chuẩn', 'thuy-loi-thuy-san-100-xa-dat-chuan'],
  ['Người dân’s ý kiến — “góp ý”', 'nguoi-dan-s-y-kien-gop-y'],
  ['Ứng dụng AI trong chuyển đổi số', 'ung-dung-ai-trong-chuyen-doi-so'],
  ['Bản tin 18/11/2026', 'ban-tin-18-11-2026'],
  ['Gặp gỡ 🇻🇳 thanh niên', 'gap-go-thanh-nien'],
  ['Ỷ lại, ỳ ạch, ỹ', 'y-lai-y-ach-y'],
  ['“”‘’…', ''],
]
for (const [title, slug] of slugs) {
  t.test(`slugify ${JSON.stringify(title)}`, async (t) => {
    t.equal(slugify(title), slug)
    t.equal(slugify(title.normalize('NFD')), slug, 'NFD input gives the same slug')
  })
}

t.test('slugs are capped at a word boundary', async (t) => {
  const s = slugify('Tăng cường '.repeat(40), 30)
  t.ok(s.length <= 30)
  t.match(s, /^[a-z0-9]+(-[a-z0-9]+)*$/)
  t.equal(s, 'tang-cuong-tang-cuong-tang')
})

t.test('fold removes case, tone marks and đ/Đ alike for NFC and NFD', async (t) => {
  const forms = ['Phát triển Đảng', 'PHÁT TRIỂN ĐẢNG', 'phát triển đảng'.normalize('NFD'), 'phat trien dang']
  for (const f of forms) t.equal(fold(f), 'phat trien dang', JSON.stringify(f))
  t.equal(fold('Quốc hội'), 'quoc hoi')
  t.equal(fold('Ơn nghĩa ưu đãi'), 'on nghia uu dai')
})

t.test('folded words and the search text', async (t) => {
  t.same(foldedWords('Nghị quyết số 21-NQ/TW'), ['nghi', 'quyet', 'so', '21', 'nq', 'tw'])
  t.equal(searchText('Tiêu đề', null, 'Nội dung: x!'), ' tieu de noi dung x ')
  t.equal(searchText('', undefined), '')
})

t.test('search words are cut to SEARCH_WORD_MAX characters, counted as PostgreSQL counts them', async (t) => {
  t.equal(SEARCH_WORD_MAX, 100)
  const long = 'Đ'.repeat(150)
  t.same(searchWords(`Mã ${long} 2E5X`), ['ma', 'd'.repeat(100), '2e5x'])
  t.same(searchWords('a'.repeat(100)), ['a'.repeat(100)], 'exactly the limit is kept whole')
  // an astral character is two UTF-16 units but one character, as PostgreSQL counts
  const astral = searchWords('𠀀'.repeat(120))[0]!
  t.equal([...astral].length, 100)
  t.equal(astral.length, 200)
  t.equal(searchText(`Tin ${long}`), ` tin ${'d'.repeat(100)} `, 'the search text holds the cut word')
})

t.test('nfc and cleanLine', async (t) => {
  const nfd = 'Việt Nam'.normalize('NFD')
  t.not(nfd, 'Việt Nam')
  t.equal(nfc(nfd), 'Việt Nam')
  t.equal(cleanLine(`  Việt \t Nam\u200b `.normalize('NFD')), 'Việt Nam')
})

t.test('nextFreeSlug', async (t) => {
  t.equal(nextFreeSlug('tin-moi', []), 'tin-moi')
  t.equal(nextFreeSlug('tin-moi', ['tin-moi']), 'tin-moi-2')
  t.equal(nextFreeSlug('tin-moi', ['tin-moi', 'tin-moi-2', 'tin-moi-4']), 'tin-moi-3')
})

t.test('htmlToText', async (t) => {
  t.equal(htmlToText('<p>Xin&nbsp;chào &amp; <script>alert(1)</script>tạm biệt</p>').replace(/\s+/g, ' ').trim(), 'Xin chào & tạm biệt')
})

t.test('foldForMatching folds Vietnamese exactly as fold does', async (t) => {
  const cases: Array<[string, string]> = [
    ['Đảng', 'dang'],
    ['ưu', 'uu'],
    ['ơn', 'on'],
    ['Nghị quyết', 'nghi quyet'],
    ['ĐẢNG BỘ', 'dang bo'],
    ['Ơn nghĩa ưu đãi', 'on nghia uu dai'],
  ]
  for (const [text, folded] of cases) {
    t.equal(foldForMatching(text), folded, text)
    t.equal(foldForMatching(text.normalize('NFD')), folded, `${text} (NFD)`)
    t.equal(fold(text), folded, `fold ${text} unchanged`)
  }
  // every Vietnamese letter, in both cases, with every tone
  const letters = [...'aăâeêioôơuưydđ']
    .flatMap((l) => [l, l.toUpperCase()])
    .flatMap((l) => ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'].map((tone) => (l + tone).normalize('NFC')))
  t.same(
    letters.filter((l) => foldForMatching(l) !== fold(l)),
    [],
    `${letters.length} letters fold alike`,
  )
  // and the words of ordinary text are the same as the search columns' (slugs and search keep fold)
  for (const [title] of slugs) t.same(matchingWords(title), foldedWords(title), title)
})

t.test('foldForMatching: compatibility forms, invisible and look-alike characters', async (t) => {
  const same: Array<[string, string]> = [
    ['lừ\u2060a đả\u2060o', 'lua dao'],
    ['lừ\u00ada đả\u00ado', 'lua dao'],
    ['lừ\ufeffa đả\ufeffo', 'lua dao'],
    ['lừ\u180ea đả\u180eo', 'lua dao'],
    ['lừ\u{e0041}a đả\u{e0041}o', 'lua dao'],
    ['lừ\u0430 đả\u043e', 'lua dao'], // Cyrillic а, о
    ['\u0441\u0440\u0435\u0445\u0443', 'cpexy'], // Cyrillic с р е х у
    ['\uff53\uff43\uff41\uff4d', 'scam'], // fullwidth
    ['\u{1d42c}\u{1d41c}\u{1d41a}\u{1d426}', 'scam'], // mathematical bold
    ['\u24e2\u24d2\u24d0\u24dc', 'scam'], // circled
    ['\u0405\u0421\u0410\u041c', 'scam'], // Cyrillic capitals
    ['\u0406NFO \u0399NFO', 'info info'], // Cyrillic and Greek capital I are I, not l
  ]
  for (const [text, folded] of same) t.equal(foldForMatching(text), folded, JSON.stringify(text))
  t.equal(foldForMatching('com'), 'com', 'ASCII is left as it is (the table would make m rn)')
  t.equal(foldForMatching('ø æ ß ł ð'), fold('ø æ ß ł ð'), 'Latin letters fold already handles keep that fold')
})
