// A body sent as stored JSON text (lib/http-cache.ts JsonText): its parts are encoded into one
// buffer without being joined first, and the bytes must be exactly those of the joined text.
import t from 'tap'
import { JsonText } from '../../src/lib/http-cache.ts'

t.test('the bytes of the parts are the UTF-8 of their concatenation', async (t) => {
  const items = '{"title":"Đảng bộ phường Đồng Tiến quán triệt nghị quyết"},{"title":"Hội Nông dân ra quân"}'
  const parts = ['{"data":[', items, '],"meta":{"limit":20}}']
  const bytes = new JsonText(...parts).bytes()
  t.ok(bytes.equals(Buffer.from(parts.join(''), 'utf8')))
  t.same(JSON.parse(bytes.toString('utf8')).data[0].title, 'Đảng bộ phường Đồng Tiến quán triệt nghị quyết')
  t.equal(bytes.length, Buffer.byteLength(parts.join('')), 'no slack past the last byte')
})

t.test('empty parts and a single part', async (t) => {
  t.same(new JsonText('{"data":[', '', ']}').bytes().toString(), '{"data":[]}')
  t.same(new JsonText('{"a":"ơ"}').bytes(), Buffer.from('{"a":"ơ"}'))
  t.equal(new JsonText().bytes().length, 0)
})

t.test('a small body is not a slice of the shared pool (the response cache may keep it)', async (t) => {
  const bytes = new JsonText('{}').bytes()
  t.equal(bytes.byteOffset, 0)
  t.equal(bytes.buffer.byteLength, 2)
})
