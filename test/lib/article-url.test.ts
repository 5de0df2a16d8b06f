import t from 'tap'
import { articleUrl, articleUrlPatternProblem } from '../../src/lib/article-url.ts'

const a = { id: '0b6c5f0e-1111-4222-8333-444455556666', slug: 'hoi-nghi-so-ket', sectionSlug: 'xay-dung-dang', publishedAt: '2026-03-31T18:30:00.000Z' }

t.test('fills every placeholder, dates in Vietnam (UTC+7)', async (t) => {
  t.equal(articleUrl('https://bao.example.vn', '/{section}/{slug}', a), 'https://bao.example.vn/xay-dung-dang/hoi-nghi-so-ket')
  // 18:30 UTC on 31 March is 01:30 on 1 April in Hà Nội
  t.equal(articleUrl('https://bao.example.vn', '/{yyyy}/{mm}/{dd}/{slug}-{id}.html', a), `https://bao.example.vn/2026/04/01/hoi-nghi-so-ket-${a.id}.html`)
  t.equal(articleUrl('https://x.vn/tin', '/{section}/{slug}', { ...a, sectionSlug: null }), 'https://x.vn/tin/tin-tuc/hoi-nghi-so-ket')
})

t.test('refuses patterns that cannot name one article', async (t) => {
  t.equal(articleUrlPatternProblem('/{section}/{slug}'), undefined)
  t.equal(articleUrlPatternProblem('/bai/{id}'), undefined)
  t.match(articleUrlPatternProblem('{slug}'), /starting with \//)
  t.match(articleUrlPatternProblem('/{section}/{title}'), /unknown placeholder \{title\}/)
  t.match(articleUrlPatternProblem('/{section}/{yyyy}'), /\{slug\} or \{id\}/)
  t.match(articleUrlPatternProblem('/a b/{slug}'), /no spaces/)
})
