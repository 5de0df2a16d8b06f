import t from 'tap'
import { sanitizeBody } from '../../src/lib/sanitize.ts'
import { codePointLength, HTML_LIMITS, markupStats } from '../../src/lib/html-limits.ts'
import { BadRequestError } from '../../src/lib/errors.ts'

// Our own vectors: each must come out with nothing that can run script, load a foreign frame or
// object, or restyle the page. `keep` (optional) is text that must survive.
const vectors: Array<{ name: string; html: string; keep?: string }> = [
  { name: 'script tag', html: '<p>a</p><script>alert(1)</script><p>b</p>', keep: '<p>a</p><p>b</p>' },
  { name: 'script with src', html: '<script src="https://evil.example/x.js"></script>ok', keep: 'ok' },
  { name: 'upper-case SCRIPT', html: '<SCRIPT>alert(1)</SCRIPT>ok', keep: 'ok' },
  { name: 'script split by a null byte', html: '<scr\u0000ipt>alert(1)</scr\u0000ipt>' },
  { name: 'nested script trick', html: '<scr<script>ipt>alert(1)</scr</script>ipt>' },
  { name: 'img onerror', html: '<img src="https://x.vn/a.png" onerror="alert(1)">', keep: '<img src="https://x.vn/a.png" />' },
  { name: 'img with broken src and onerror', html: '<img src=x onerror=alert(1)//>' },
  { name: 'entity-encoded javascript: image src', html: '<img src="&#x6A;avascript:alert(1)">' },
  { name: 'body onload', html: '<body onload="alert(1)"><p>x</p></body>', keep: '<p>x</p>' },
  { name: 'p onclick', html: '<p onclick="alert(1)" onmouseover="alert(2)">chữ</p>', keep: '<p>chữ</p>' },
  { name: 'event handler without quotes and odd spacing', html: '<a href="https://a.vn"\nonfocus=alert(1) autofocus>x</a>' },
  { name: 'javascript: href', html: '<a href="javascript:alert(1)">x</a>' },
  { name: 'JaVaScRiPt: mixed case', html: '<a href="JaVaScRiPt:alert(1)">x</a>' },
  { name: 'javascript: with leading spaces and tabs', html: '<a href=" \tjavascript:alert(1)">x</a>' },
  { name: 'javascript: broken by a tab', html: '<a href="java\tscript:alert(1)">x</a>' },
  { name: 'javascript: broken by a newline entity', html: '<a href="java&#x0A;script:alert(1)">x</a>' },
  { name: 'javascript: as decimal entities', html: '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>' },
  { name: 'javascript: as hex entities without semicolons', html: '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>' },
  { name: 'javascript&colon; named entity', html: '<a href="javascript&colon;alert(1)">x</a>' },
  { name: 'vbscript: href', html: '<a href="vbscript:msgbox(1)">x</a>' },
  { name: 'data: href', html: '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>' },
  { name: 'data: image src', html: '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">' },
  { name: 'javascript: image src', html: '<img src="javascript:alert(1)">' },
  { name: 'protocol-relative src', html: '<img src="//evil.example/track.gif">' },
  { name: 'svg onload', html: '<svg onload="alert(1)"><circle r="5"/></svg>ok', keep: 'ok' },
  { name: 'svg with script inside', html: '<svg><script>alert(1)</script></svg>' },
  { name: 'svg animate href', html: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>' },
  { name: 'math with a javascript link', html: '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>' },
  { name: 'style tag', html: '<style>body{background:url("javascript:alert(1)")}</style><p>x</p>', keep: '<p>x</p>' },
  { name: 'style attribute', html: '<p style="background:url(javascript:alert(1));position:fixed">x</p>', keep: '<p>x</p>' },
  { name: 'iframe', html: '<iframe src="https://evil.example"></iframe>ok', keep: 'ok' },
  { name: 'iframe srcdoc', html: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: 'object data', html: '<object data="https://evil.example/x.swf"></object>' },
  { name: 'embed', html: '<embed src="https://evil.example/x.swf">' },
  { name: 'form with formaction', html: '<form action="https://evil.example"><button formaction="javascript:alert(1)">x</button><input name="p"></form>' },
  { name: 'meta refresh', html: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: 'base href', html: '<base href="https://evil.example/">' },
  { name: 'link stylesheet', html: '<link rel="stylesheet" href="https://evil.example/x.css">' },
  { name: 'template content', html: '<template><img src=x onerror=alert(1)></template>' },
  { name: 'noscript smuggling', html: '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>' },
  { name: 'unclosed tag swallowing the next', html: '<img src="https://x.vn/a.png" alt="<script>alert(1)</script>' },
  { name: 'comment hiding a script', html: '<!--<script>alert(1)</script>--><p>x</p>', keep: '<p>x</p>' },
  { name: 'conditional comment', html: '<!--[if IE]><script>alert(1)</script><![endif]-->' },
  { name: 'CDATA section', html: '<![CDATA[<script>alert(1)</script>]]>' },
  { name: 'target other than _blank', html: '<a href="https://a.vn" target="_top">x</a>', keep: '<a href="https://a.vn" rel="noopener noreferrer">x</a>' },
  { name: 'user-supplied rel opener', html: '<a href="https://a.vn" rel="opener">x</a>', keep: 'rel="noopener noreferrer"' },
  { name: 'srcset on img', html: '<img src="https://x.vn/a.png" srcset="javascript:alert(1) 1x">' },
  { name: 'xlink:href', html: '<a xlink:href="javascript:alert(1)">x</a>' },
  { name: 'id and name clobbering', html: '<p id="__proto__" name="cookie" class="x">x</p>', keep: '<p>x</p>' },
  { name: 'width with script', html: '<img src="https://x.vn/a.png" width="100 onload=alert(1)">', keep: '<img src="https://x.vn/a.png" />' },
  { name: 'textarea breaking out', html: '<textarea><script>alert(1)</script></textarea>' },
]

const DANGER = [
  /<\s*\/?\s*(script|style|iframe|object|embed|form|input|button|svg|math|meta|base|link|template|noscript|textarea|body|animate)\b/i,
  /\son[a-z]+\s*=/i,
  /javascript\s*:/i,
  /vbscript\s*:/i,
  /data\s*:/i,
  /\s(style|srcdoc|srcset|formaction|xlink:href|id|name|class)\s*=/i,
  /src="\/\//i,
]

t.ok(vectors.length >= 30, `${vectors.length} vectors`)
for (const v of vectors) {
  t.test(v.name, async (t) => {
    const out = sanitizeBody(v.html)
    for (const re of DANGER) t.notMatch(out, re, `no ${re}`)
    if (v.keep) t.ok(out.includes(v.keep), `keeps ${v.keep} in ${out}`)
  })
}

t.test('the allowed markup survives intact', async (t) => {
  const allowed = [
    '<p>Đoạn <strong>đậm</strong>, <em>nghiêng</em>, <b>b</b>, <i>i</i>, <u>u</u>, <s>s</s><br />dòng mới</p>',
    '<h2>Hai</h2><h3>Ba</h3><h4>Bốn</h4>',
    '<blockquote>“Trích dẫn”</blockquote>',
    '<ul><li>một</li></ul><ol><li>hai</li></ol>',
    '<a href="https://baongoclam.vn/bai-viet" title="Bài" target="_blank" rel="noopener noreferrer">liên kết</a>',
    '<a href="mailto:toasoan@baongoclam.vn" rel="noopener noreferrer">thư</a>',
    '<figure><img src="https://anh.vn/a.jpg" alt="Ảnh" title="t" width="640" height="480" /><figcaption>Chú thích</figcaption></figure>',
    '<table><caption>Bảng</caption><thead><tr><th colspan="2">A</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>',
    '<hr />',
  ]
  for (const html of allowed) t.equal(sanitizeBody(html), html)
})

t.test('links get rel=noopener noreferrer; only _blank targets stay', async (t) => {
  t.equal(sanitizeBody('<a href="http://a.vn">x</a>'), '<a href="http://a.vn" rel="noopener noreferrer">x</a>')
  t.equal(sanitizeBody('<a href="https://a.vn" target="_blank">x</a>'), '<a href="https://a.vn" target="_blank" rel="noopener noreferrer">x</a>')
})

t.test('a refused image disappears whole; a refused link keeps its text', async (t) => {
  t.equal(sanitizeBody('<p>a<img src="javascript:alert(1)" alt="x">b</p>'), '<p>ab</p>')
  t.equal(sanitizeBody('<a href="javascript:alert(1)">chữ</a>'), '<a rel="noopener noreferrer">chữ</a>')
})

// regression: the refused image was renamed to a tag outside the allowlist, and sanitize-html kept
// that name for the next element closed at the same depth, writing `</dropped-img>` for it
t.test('a refused image leaves nothing behind for the elements after it', async (t) => {
  const id = '0b6f8f3e-5c1d-4e7a-9f2b-3d4c5e6f7a81'
  t.equal(sanitizeBody('<p>a<img src="javascript:x"><img src="https://anh.vn/b.png">c</p>'), '<p>a<img src="https://anh.vn/b.png" />c</p>')
  t.equal(sanitizeBody(`<figure><img data-media-id="sai"><img data-media-id="${id}"></figure>`), `<figure><img data-media-id="${id}" /></figure>`)
  t.equal(sanitizeBody('<p><img src="data:image/png;base64,AA"></p><p><em>nghiêng</em></p>'), '<p></p><p><em>nghiêng</em></p>')
  t.equal(sanitizeBody('<p><img alt="chỉ có alt"><br></p>'), '<p><br /></p>')
  t.notMatch(sanitizeBody('<p>x &lt;img /&gt; y</p>'), /<img/, 'text that reads like a bare image stays text')
})

t.test('only absolute http(s) URLs (and mailto: for links): relative ones point nowhere chosen', async (t) => {
  t.equal(sanitizeBody('<p><img src="/anh/a.png" alt="a"><img src="x"></p>'), '<p></p>')
  t.equal(sanitizeBody('<a href="/bai-viet/x">a</a>'), '<a rel="noopener noreferrer">a</a>')
  t.equal(sanitizeBody('<a href="ftp://a.vn/f">a</a>'), '<a rel="noopener noreferrer">a</a>')
  t.equal(sanitizeBody('<img src=" https://anh.vn/a.png ">'), '<img src="https://anh.vn/a.png" />')
  t.equal(sanitizeBody('<img src="HTTPS://anh.vn/a.png">'), '<img src="HTTPS://anh.vn/a.png" />')
})

t.test('disallowed wrappers keep their text; NFD becomes NFC; NUL goes', async (t) => {
  t.equal(sanitizeBody('<div><span>Đảng</span></div>'), 'Đảng')
  t.equal(sanitizeBody('<p>Nghị quyết</p>'.normalize('NFD')), '<p>Nghị quyết</p>'.normalize('NFC'))
  t.equal(sanitizeBody('<p>a\u0000b</p>'), '<p>ab</p>')
})

t.test('bounded work: size, nesting and markup are checked before the sanitiser runs', async (t) => {
  const { maxChars, maxDepth, maxItems } = HTML_LIMITS
  // the scan stops one level past the limit: 166,000 nested <b> cost no more than 101 of them
  t.same(markupStats('<b>'.repeat(166_000)), { depth: maxDepth + 1, items: maxDepth + 1 })
  t.same(markupStats(`${'<b>'.repeat(maxDepth)}x${'</b>'.repeat(maxDepth)}`), { depth: maxDepth, items: maxDepth })
  t.same(markupStats('<p>a<p>b<br><img src=x alt=y>'), { depth: 2, items: 6 }, 'implied and void closes, attributes counted')
  t.equal(markupStats('<br>'.repeat(maxItems * 2)).items, maxItems + 1, 'stops one past the markup budget')

  const refused = (html: string, message: RegExp) => {
    const err = t.throws(() => sanitizeBody(html)) as unknown as BadRequestError
    t.ok(err instanceof BadRequestError, 'a 400')
    t.match(err.extra.errors, [{ path: 'body/body', message }])
  }
  refused('<b>'.repeat(166_000), /more than 100 levels deep/)
  refused(`${'<i>'.repeat(maxDepth)}<br>`, /more than 100 levels deep/)
  refused('<br>'.repeat(maxItems + 1), /more than 10000 elements and attributes/)
  refused(`<b ${Array.from({ length: maxItems }, (_, i) => `a${i}`).join(' ')}>x</b>`, /elements and attributes/)
  // the limit applies after NFC: U+0958 is one character in, two once normalised
  const expands = '\u0958'.repeat(maxChars / 2 + 1)
  t.ok(expands.length <= maxChars)
  refused(expands, /more than 500000 characters$/)
  // and to what would be stored: the sanitiser writes & as &amp;
  refused('&'.repeat(maxChars / 5 + 1), /once sanitised/)
  refused(`${'<b>'.repeat(maxDepth)}${'x'.repeat(maxChars - 3 * maxDepth)}`, /once sanitised/)

  t.equal(sanitizeBody(`${'<b>'.repeat(maxDepth)}sâu`), `${'<b>'.repeat(maxDepth)}sâu${'</b>'.repeat(maxDepth)}`, 'at the depth limit is fine')
  t.equal(sanitizeBody('<br>'.repeat(maxItems)).length, maxItems * 6, 'at the markup limit is fine')
  t.equal(sanitizeBody('😀'.repeat(maxChars)).length, maxChars * 2, 'characters are code points, as in the schema')
  t.equal(codePointLength('a😀b'), 3)
})
