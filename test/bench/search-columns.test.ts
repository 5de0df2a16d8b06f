// The benchmark dataset's search columns, assembled from folded sentences (bench/search-columns.ts),
// must be the columns the services derive from the whole text (articleSearchColumns).
import t from 'tap'
import { searchColumnsOf, type ArticleParts } from '../../bench/search-columns.ts'
import { NAMED, RARE } from '../../bench/dataset.ts'
import { articleSearchColumns } from '../../src/lib/article-search.ts'

const SENTENCES = [
  'Đảng bộ Khối 2 tổng kết năm 2025: 97,5% chi bộ đạt “trong sạch, vững mạnh”.',
  'ĐOÀN CÔNG TÁC làm việc tại xã Phú Cường (huyện Tân Lạc).',
  'Nghị quyết 21-NQ/TW được quán triệt đến từng đảng viên.',
  '',
  '—',
]
const text = (parts: ArticleParts) => ({
  lead: parts.lead.join(' '),
  body: parts.paragraphs.map((p) => `<p>${p.join(' ')}</p>`).join('\n'),
})

t.test('the same columns as articleSearchColumns, for every kind of part the generator joins', async (t) => {
  const columns = searchColumnsOf()
  const cases: ArticleParts[] = [
    { title: `Chi bộ 3.1.2 bản ${NAMED} ra quân`, lead: [SENTENCES[0]!, SENTENCES[1]!, RARE], paragraphs: [SENTENCES.slice(0, 3), [SENTENCES[2]!]] },
    { title: 'Tin ngắn', lead: [SENTENCES[3]!, SENTENCES[4]!], paragraphs: [[SENTENCES[4]!]] },
    { title: '', lead: [SENTENCES[1]!, SENTENCES[1]!], paragraphs: [[SENTENCES[0]!, SENTENCES[0]!], SENTENCES] },
  ]
  for (const parts of cases) {
    const expected = articleSearchColumns({ title: parts.title, ...text(parts) })
    t.same(columns(parts, text(parts), true), expected, parts.title || '(no title)')
    t.same(columns(parts, text(parts), false), expected, 'unchecked, from the folded sentences kept')
  }
})

t.test('a text its parts do not make stops the load', async (t) => {
  const columns = searchColumnsOf()
  const parts = { title: 'Tin ngắn', lead: [SENTENCES[0]!], paragraphs: [[SENTENCES[1]!]] }
  t.throws(() => columns(parts, { lead: SENTENCES[0]!, body: `<p>${SENTENCES[2]}</p>` }, true), /differ from articleSearchColumns/)
})
