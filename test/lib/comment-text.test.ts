import t from 'tap'
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
  ['<<script>script>alert(1)<</script>/script>', '</script>'],
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
]
for (const [input, expected] of vectors) {
  t.test(`plainText ${JSON.stringify(input).slice(0, 60)}`, async (t) => {
    const out = plainText(input)
    t.equal(out, expected)
    t.notMatch(out, /<\s*(script|img|svg|iframe|style|object|embed|form)\b/i, 'no live markup survives')
  })
}

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
