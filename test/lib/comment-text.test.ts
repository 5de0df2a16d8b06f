import t from 'tap'
import fc from 'fast-check'
import { plainText, tidy } from '../../src/lib/comment-text.ts'
import { countLinks } from '../../src/lib/links.ts'

// [input, exact plain text stored]
const vectors: Array<[string, string]> = [
  ['<script>alert(1)</script>Chào bạn', 'Chào bạn'],
  ['<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok', 'ok'],
  ['<img src=x onerror=alert(1)>Ảnh', 'Ảnh'],
  ['<svg onload=alert(1)><circle/></svg>Hình', 'Hình'],
  ['<a href="javascript:alert(1)">bấm vào</a>', 'bấm vào'],
  ['<iframe src="https://evil.example"></iframe>Khung', 'Khung'],
  ['<style>body{display:none}</style>Kiểu', 'Kiểu'],
  ['<b onmouseover="alert(1)">đậm</b> và <i>nghiêng</i>', 'đậm và nghiêng'],
  ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', ''],
  ['<<script>script>alert(1)<</script>/script>', ''],
  ['x <scr<script>ipt>alert(1)</script>', 'x ipt>alert(1)'],
  ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'], // kept as typed, never decoded into markup
  ['<object data="x.swf"></object><embed src="x.swf">Nhúng', 'Nhúng'],
  ['<form action="https://evil.example"><input value="x"></form>Biểu mẫu', 'Biểu mẫu'],
  ['<div style="background:url(javascript:alert(1))">Nền</div>', 'Nền'],
  ['<textarea><script>alert(1)</script></textarea>Văn bản', 'Văn bản'],
  ['<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ''],
  ['<p>Dòng một</p><p>Dòng hai</p>', 'Dòng một\nDòng hai'],
  ['Dòng một<br>Dòng hai<br/>Dòng ba', 'Dòng một\nDòng hai\nDòng ba'],
  ['Dòng một\r\n\r\n\r\n\r\nDòng hai', 'Dòng một\n\nDòng hai'],
  ['  cách   nhiều    khoảng  ', 'cách nhiều khoảng'],
  ['a\u0000b\u0007c\u202eđảo', 'abcđảo'],
  ['Tôi thấy 3 < 5 và 7 > 2', 'Tôi thấy 3 < 5 và 7 > 2'],
  ['Cờ bạc & lô đề', 'Cờ bạc & lô đề'],
  ['<!-- bình luận ẩn -->hiện', 'hiện'],
  ['<![CDATA[x]]>y', 'y'],
  // raw-text elements hand their content over as text: it is parsed as markup in turn
  ['Hết<noembed><svg onload=alert(1)></noembed>', 'Hết'],
  ['<noframes><img src=x onerror=alert(1)></noframes>Khung', 'Khung'],
  ['<xmp><script>alert(1)</script><b>đậm</b></xmp>', 'đậm'],
  ['Trước<plaintext><img src=x onerror=alert(1)>sau', 'Trướcsau'],
  ['<xmp><xmp><xmp><img src=x onerror=alert(1)></xmp></xmp></xmp>', ''],
  ['<title><img src=x onerror=alert(1)></title>Tên', 'Tên'],
  // control and invisible characters go before parsing, so they cannot hide a tag from it
  ['<\u0000img src=x onerror=alert(1)>', ''],
  ['<\u200bimg src=x onerror=alert(1)>Ảnh', 'Ảnh'],
  ['<\u00adscript>alert(1)<\u2060/script>', ''],
  ['<\u0001/p>chữ', 'chữ'],
  ['<\u212a>', ''], // KELVIN SIGN: NFC makes it K, so the parser must see it after NFC
  ['lừ\u2060a đả\u00ado\ufeff\u180e\u{e0041}', 'lừa đảo'],
]
for (const [input, expected] of vectors) {
  t.test(`plainText ${JSON.stringify(input).slice(0, 60)}`, async (t) => {
    const out = plainText(input)
    t.equal(out, expected)
    t.notMatch(out, /<\s*(script|img|svg|iframe|style|object|embed|form)\b/i, 'no live markup survives')
  })
}

t.test('emoji keep their joiners and presentation selectors', async (t) => {
  for (const e of ['👨‍👩‍👧', '❤️', '🏳️‍🌈', '1️⃣', '👍🏽']) t.equal(plainText(`Hay ${e}`), `Hay ${e}`)
  t.equal(plainText('s\u200dcam\ufe0f'), 'scam', 'but not between letters')
})

// Pieces of markup to shuffle: tags (raw-text ones too), attributes, comments, declarations,
// entities, stray brackets, control and invisible characters, letters NFC turns into ASCII.
const TAGS = [
  'b',
  'p',
  'br',
  'img',
  'svg',
  'script',
  'style',
  'iframe',
  'noscript',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'textarea',
  'title',
  'template',
  'math',
  'select',
  'option',
  'table',
  'a',
  'div',
  'SCRIPT',
  'ImG',
]
const piece = fc.oneof(
  fc
    .tuple(fc.constantFrom(...TAGS), fc.constantFrom('', ' src=x onerror=alert(1)', ' title="</noscript><img src=x>"', " a='<b>'", '/', ' x=<i>'))
    .map(([n, a]) => `<${n}${a}>`),
  fc.constantFrom(...TAGS).map((n) => `</${n}>`),
  fc.constantFrom('<', '</', '<!', '<?', '>', '<!--', '-->', '<![CDATA[', ']]>', '<!doctype html>', '<?xml x?>', '< b>', '<<', '<\u212a', '<\u0338'),
  fc.constantFrom('&lt;', '&#60;', '&#x3c;', '&lt;script&gt;', '&amp;', '&', '&#0;'),
  fc.constantFrom(
    '\u0000',
    '\u0001',
    '\u007f',
    '\u0085',
    '\u00ad',
    '\u200b',
    '\u200d',
    '\u2060',
    '\ufeff',
    '\u180e',
    '\u{e0041}',
    '\u202e',
    '\ufe0f',
    '\r',
    '\n',
    '\t',
  ),
  fc.constantFrom('chữ', 'Đảng', 'x', 'a', 'scam', ' ', '3 < 5', 'K', '\u0301'),
)
const markup = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''))

t.test('property: nothing a browser would read as markup survives', async (t) => {
  const live = /<[a-z/!?]/i
  fc.assert(
    fc.property(markup, (input) => {
      const content = plainText(input)
      const name = content.replace(/\s+/g, ' ')
      return (
        !live.test(content) &&
        !live.test(name) &&
        !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u200b\u2060\ufeff]/.test(content) &&
        plainText(content) === content
      )
    }),
    { numRuns: 3000, seed: 20261118 },
  )
  t.pass('3,000 generated inputs')
})

t.test('NFD input is stored NFC', async (t) => {
  const nfd = 'Bình luận có dấu'.normalize('NFD')
  t.equal(plainText(nfd), 'Bình luận có dấu'.normalize('NFC'))
  t.equal(tidy(nfd), 'Bình luận có dấu')
})

t.test('countLinks', async (t) => {
  t.equal(countLinks('không có liên kết nào'), 0)
  t.equal(countLinks('xem https://a.vn/x và http://b.com'), 2)
  t.equal(countLinks('vào www.kiemtien.xyz hoặc kiemtien.com/dang-ky ngay'), 2)
  t.equal(countLinks('số 3.5 và ngày 18.11'), 0)
})
