// Text for XML: what XML 1.0 cannot carry is dropped (controls, lone surrogates, U+FFFE/U+FFFF),
// everything else is kept, as NFC, and escaped.
import t from 'tap'
import { escapeXml, xmlText } from '../../src/lib/xml.ts'
import { xmlProblems } from '../support/xml.ts'

t.test('drops what XML 1.0 forbids, keeps tabs, newlines, emoji and astral characters', async (t) => {
  t.equal(xmlText('a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg'), 'abcdefg')
  t.equal(xmlText('tab\there\nline\rreturn'), 'tab\there\nline\rreturn')
  t.equal(xmlText('lone \uD800 high, lone \uDC00 low, pair \uD83C\uDDFB\uD83C\uDDF3'), 'lone  high, lone  low, pair 🇻🇳')
  t.equal(xmlText('\uFFFE\uFFFF\uFFFD'), '\uFFFD')
  t.equal(xmlText('\uD83D'), '', 'a high surrogate at the very end')
})

t.test('NFC: decomposed Vietnamese is composed', async (t) => {
  const nfd = 'Tiếng Việt'.normalize('NFD')
  t.not(nfd, 'Tiếng Việt')
  t.equal(xmlText(nfd), 'Tiếng Việt')
})

t.test('escapes the five characters; the result is well-formed as text and as an attribute', async (t) => {
  const hostile = `A & B <c> "d" 'e' ]]> \u0001\uD800 ${'ệ'.normalize('NFD')}`
  const escaped = escapeXml(hostile)
  t.equal(escaped, 'A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; ]]&gt;  ệ')
  t.same(await xmlProblems(`<?xml version="1.0" encoding="UTF-8"?><r a="${escaped}">${escaped}<![CDATA[${escaped}]]></r>`), [])
})
