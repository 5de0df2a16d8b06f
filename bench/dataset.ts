// A deterministic benchmark dataset, bulk-loaded with multi-row INSERT … SELECT FROM unnest(…):
// N published articles with Vietnamese titles and 2–5 KB bodies, 200 authors with 1–3 bylines per
// article, a 4-level organization tree of ~150, a 3-level section tree with tags (taxonomy.ts), and
// comments in every status.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { slugify } from '../src/lib/vietnamese.ts'
import { articleSearchColumns } from '../src/lib/article-search.ts'
import { addLeadImages } from './media.ts'
import { taxonomy } from './taxonomy.ts'

export interface DatasetOptions {
  articles: number
  authors: number
  comments: number
  seed: number
}
export const DEFAULT_DATASET: DatasetOptions = { articles: 20_000, authors: 200, comments: 100_000, seed: 21 }

/** mulberry32: small, fast, and the same sequence on every machine */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! }
}

const SUBJECTS = [
  'Đảng bộ tỉnh',
  'Chi bộ cơ sở',
  'Đảng ủy Khối',
  'Hội Nông dân',
  'Đoàn Thanh niên',
  'Hội Phụ nữ',
  'Ủy ban nhân dân',
  'Mặt trận Tổ quốc',
  'Công đoàn ngành',
  'Hội Cựu chiến binh',
]
const VERBS = ['triển khai', 'tổng kết', 'quán triệt', 'sơ kết', 'phát động', 'kiểm tra', 'đánh giá', 'nâng cao', 'đẩy mạnh', 'hướng dẫn']
const TOPICS = [
  'Nghị quyết số 21-NQ/TW',
  'công tác phát triển đảng viên',
  'chuyển đổi số',
  'cải cách hành chính',
  'xây dựng nông thôn mới',
  'học tập và làm theo tư tưởng Hồ Chí Minh',
  'phòng chống tham nhũng',
  'an sinh xã hội',
  'giáo dục chính trị',
  'kinh tế tập thể',
  'bảo vệ môi trường',
  'thu hút đầu tư',
]
const PLACES = ['huyện Tân Lạc', 'xã Phú Cường', 'thành phố Ngọc Lâm', 'khu công nghiệp Bình An', 'phường Đồng Tiến', 'vùng cao Mường Hoa']
const SENTENCES = [
  'Hội nghị đã thảo luận kỹ các giải pháp nhằm nâng cao chất lượng sinh hoạt chi bộ.',
  'Nhiều ý kiến đề xuất tăng cường ứng dụng công nghệ thông tin trong quản lý đảng viên.',
  'Cấp ủy các cấp cần chủ động nắm bắt tâm tư, nguyện vọng của cán bộ và người lao động.',
  'Kết quả đạt được đã góp phần quan trọng vào việc hoàn thành các chỉ tiêu kinh tế, xã hội.',
  'Đại biểu nhấn mạnh vai trò gương mẫu của người đứng đầu trong thực hiện nhiệm vụ.',
  'Công tác tuyên truyền được đổi mới cả về nội dung lẫn hình thức, sát với thực tiễn cơ sở.',
  'Các tổ chức đoàn thể phối hợp chặt chẽ để tạo nguồn kết nạp đảng viên mới.',
  'Trong năm, toàn Đảng bộ đã kết nạp thêm nhiều đảng viên là người lao động trực tiếp.',
]
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ']
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Ngọc', 'Hữu']
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Lan', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Thảo', 'Trung', 'Yến']

export async function insertRows(client: pg.ClientBase, table: string, columns: Array<[string, string]>, rows: unknown[][], batch = 2000) {
  const cols = columns.map(([c]) => `"${c}"`).join(', ')
  const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')
  for (let i = 0; i < rows.length; i += batch) {
    const chunk = rows.slice(i, i + batch)
    await client.query(
      `INSERT INTO "${table}" (${cols}) SELECT * FROM unnest(${unnest})`,
      columns.map((_, c) => chunk.map((r) => r[c])),
    )
  }
}

export interface Dataset {
  slugs: string[]
  authorSlugs: string[]
  orgSlugs: string[]
  commentedSlugs: string[]
  topSectionSlugs: string[]
  hotTagSlugs: string[]
}

export async function loadDataset(
  client: pg.ClientBase,
  opts: DatasetOptions,
  progress: (what: string, done: number, total: number) => void,
): Promise<Dataset> {
  const r = prng(opts.seed)
  const now = Date.UTC(2026, 10, 1)
  const uuid = () => randomUUID()

  const orgs: unknown[][] = []
  const closure: unknown[][] = []
  const orgSlugs: string[] = []
  const addOrg = (name: string, kind: string, parent: { id: string; path: string[] } | null) => {
    const id = uuid()
    const slug = `${slugify(name)}-${orgs.length + 1}`
    orgs.push([id, slug, name, kind, parent?.id ?? null])
    const path = [...(parent?.path ?? []), id]
    for (const [i, a] of path.entries()) closure.push([a, id, path.length - 1 - i])
    orgSlugs.push(slug)
    return { id, path }
  }
  const root = addOrg('Đảng bộ tỉnh Ngọc Lâm', 'provincial_committee', null)
  for (let b = 1; b <= 5; b++) {
    const bloc = addOrg(`Đảng bộ Khối ${b}`, 'bloc_committee', root)
    for (let g = 1; g <= 6; g++) {
      const grass = addOrg(`Đảng bộ cơ sở ${b}.${g}`, 'grassroots_committee', bloc)
      for (let c = 1; c <= 4; c++) addOrg(`Chi bộ ${b}.${g}.${c}`, 'cell', grass)
    }
  }
  await insertRows(
    client,
    'Organization',
    [
      ['id', 'uuid'],
      ['slug', 'text'],
      ['name', 'text'],
      ['kind', '"OrganizationKind"'],
      ['parentId', 'uuid'],
    ],
    orgs,
  )
  await insertRows(
    client,
    'OrganizationClosure',
    [
      ['ancestorId', 'uuid'],
      ['descendantId', 'uuid'],
      ['depth', 'int'],
    ],
    closure,
  )
  progress('organizations', orgs.length, orgs.length)

  const tax = taxonomy(r)
  await tax.insert(client)
  progress('sections, tags', tax.sections.length + tax.tags.length, tax.sections.length + tax.tags.length)

  const authors: unknown[][] = []
  for (let i = 0; i < opts.authors; i++) {
    const name = `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`
    authors.push([uuid(), `${slugify(name)}-${i + 1}`, name])
  }
  await insertRows(
    client,
    'Author',
    [
      ['id', 'uuid'],
      ['slug', 'text'],
      ['name', 'text'],
    ],
    authors,
  )
  progress('authors', authors.length, authors.length)

  const slugs: string[] = []
  const articleIds: string[] = []
  const BATCH = 2000
  for (let start = 0; start < opts.articles; start += BATCH) {
    const rows: unknown[][] = []
    const bylines: unknown[][] = []
    const links: unknown[][] = []
    for (let i = start; i < Math.min(opts.articles, start + BATCH); i++) {
      const id = uuid()
      const title = `${r.pick(SUBJECTS)} ${r.pick(PLACES)} ${r.pick(VERBS)} ${r.pick(TOPICS)}`
      const slug = `${slugify(title)}-${i + 1}`
      const paragraphs: string[] = []
      let size = 0
      const target = r.int(2000, 5000)
      while (size < target) {
        const p = Array.from({ length: r.int(3, 6) }, () => r.pick(SENTENCES)).join(' ')
        paragraphs.push(`<p>${p}</p>`)
        size += Buffer.byteLength(p)
      }
      const body = paragraphs.join('\n')
      const lead = `${r.pick(SENTENCES)} ${r.pick(SENTENCES)}`
      const publishedAt = new Date(now - i * 37 * 60_000 - r.int(0, 60_000))
      const search = articleSearchColumns({ title, lead, body })
      const sectionId = tax.file(id)
      rows.push([
        id,
        slug,
        title,
        lead,
        body,
        r.pick(['BTV', 'TTXVN', 'Báo Ngọc Lâm']),
        'published',
        publishedAt,
        search.searchTitle,
        search.searchText,
        publishedAt,
        publishedAt,
        sectionId,
      ])
      const picked = new Set<string>()
      const n = r.int(1, 3)
      while (picked.size < n) picked.add(authors[r.int(0, authors.length - 1)]![0] as string)
      for (const [pos, a] of [...picked].entries()) bylines.push([id, a, pos])
      const o = new Set<string>()
      const m = r.int(1, 2)
      while (o.size < m) o.add(orgs[r.int(0, orgs.length - 1)]![0] as string)
      for (const [pos, org] of [...o].entries()) links.push([id, org, pos])
      slugs.push(slug)
      articleIds.push(id)
    }
    await insertRows(
      client,
      'Article',
      [
        ['id', 'uuid'],
        ['slug', 'text'],
        ['title', 'text'],
        ['lead', 'text'],
        ['body', 'text'],
        ['source', 'text'],
        ['status', '"ArticleStatus"'],
        ['publishedAt', 'timestamptz'],
        ['searchTitle', 'text'],
        ['searchText', 'text'],
        ['createdAt', 'timestamptz'],
        ['updatedAt', 'timestamptz'],
        ['sectionId', 'uuid'],
      ],
      rows,
      500,
    )
    await tax.flush(client)
    await insertRows(
      client,
      'ArticleAuthor',
      [
        ['articleId', 'uuid'],
        ['authorId', 'uuid'],
        ['position', 'int'],
      ],
      bylines,
    )
    await insertRows(
      client,
      'ArticleOrganization',
      [
        ['articleId', 'uuid'],
        ['organizationId', 'uuid'],
        ['position', 'int'],
      ],
      links,
    )
    progress('articles', Math.min(opts.articles, start + BATCH), opts.articles)
  }

  // comments concentrate on the newest articles, as on a real site
  const statuses = ['approved', 'approved', 'approved', 'pending', 'rejected', 'spam']
  const commented = new Set<string>()
  for (let start = 0; start < opts.comments; start += 10_000) {
    const rows: unknown[][] = []
    for (let i = start; i < Math.min(opts.comments, start + 10_000); i++) {
      const a = Math.min(articleIds.length - 1, Math.floor(r.next() ** 3 * articleIds.length))
      const content = `${r.pick(SENTENCES)} (${i})`
      const status = r.pick(statuses)
      const createdAt = new Date(now - r.int(0, 30 * 86_400_000))
      // as the service writes them: every decided comment has its decision time
      const decidedAt = status === 'pending' ? null : new Date(createdAt.getTime() + 30 * 60_000)
      rows.push([uuid(), articleIds[a], `${r.pick(FAMILY)} ${r.pick(GIVEN)}`, content, String(i), 'bench', 'bench', status, createdAt, decidedAt])
      if (a < 50) commented.add(slugs[a]!)
    }
    await insertRows(
      client,
      'Comment',
      [
        ['id', 'uuid'],
        ['articleId', 'uuid'],
        ['authorName', 'text'],
        ['content', 'text'],
        ['contentHash', 'text'],
        ['ipHash', 'text'],
        ['commenterId', 'text'],
        ['status', '"CommentStatus"'],
        ['createdAt', 'timestamptz'],
        ['decidedAt', 'timestamptz'],
      ],
      rows,
      5000,
    )
    progress('comments', Math.min(opts.comments, start + 10_000), opts.comments)
  }
  await client.query(
    `UPDATE "Article" a SET "commentCount" = c.n FROM (SELECT "articleId", count(*)::int n FROM "Comment" WHERE status = 'approved' GROUP BY 1) c WHERE ` +
      `c."articleId" = a.id`,
  )
  await addLeadImages(client, articleIds)
  // VACUUM too: the updates above leave a dead row per article, and a server with autovacuum off
  // (this machine's) would otherwise read them on every visit and fetch heap pages in index-only scans
  await client.query('VACUUM (ANALYZE)')
  return {
    slugs,
    authorSlugs: authors.map((a) => a[1] as string),
    orgSlugs,
    commentedSlugs: [...commented],
    topSectionSlugs: tax.topSectionSlugs,
    hotTagSlugs: tax.hotTagSlugs,
  }
}
