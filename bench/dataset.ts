// A deterministic benchmark dataset, bulk-loaded with COPY (copy.ts) on parallel connections, with
// the secondary indexes built after the rows: N published articles with Vietnamese titles and 2–5 KB
// bodies, 200 authors with 1–3 bylines per article, a 4-level organization tree of ~150, a 3-level
// section tree with tags (taxonomy.ts), and comments in every status.
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { slugify } from '../src/lib/vietnamese.ts'
import { articleSearchColumns } from '../src/lib/article-search.ts'
import { copyInto, copyRows, dropSecondaryIndexes, rebuildIndexes } from './copy.ts'
import { LEAD_IMAGE_COLUMNS, leadImageOf, leadImages } from './media.ts'
import { searchColumnsOf } from './search-columns.ts'
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
/** in one article in a thousand: what R3b's rare-word search finds */
export const RARE = 'Tuyến cáp treo lên đỉnh Pù Luông được khánh thành.'
/**
 * in NAMED_COUNT articles at every size, spread over the years (three in the title, the rest in the
 * lead): what R3d's search for a name finds, the same page at 2,000 articles as at a million
 */
export const NAMED = 'Pắc Ngòi'
const NAMED_COUNT = 8
const namedAt = (articles: number) => new Map(Array.from({ length: NAMED_COUNT }, (_, k) => [Math.floor(((k + 0.5) * articles) / NAMED_COUNT), k]))
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ']
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Minh', 'Thu', 'Quang', 'Ngọc', 'Hữu']
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Lan', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Thảo', 'Trung', 'Yến']

export interface Dataset {
  /** the newest articles' slugs (the first 1,000; a million would not fit the stamp table) */
  slugs: string[]
  /** how many articles the dataset has */
  articles: number
  authorSlugs: string[]
  orgSlugs: string[]
  commentedSlugs: string[]
  topSectionSlugs: string[]
  hotTagSlugs: string[]
}

const LOADED = ['Article', 'ArticleAuthor', 'ArticleOrganization', 'ArticleSection', 'ArticleTag', 'Comment']

/**
 * Loads the dataset into an empty, migrated database. `pool` must allow six connections: the link
 * tables are copied beside the articles. Foreign keys are not checked row by row (the rows are
 * generated consistent), which saves millions of trigger calls at a million articles.
 */
export async function loadDataset(pool: pg.Pool, opts: DatasetOptions, progress: (what: string, done: number, total: number) => void): Promise<Dataset> {
  const r = prng(opts.seed)
  const now = Date.UTC(2026, 10, 1)
  const uuid = () => randomUUID()
  const clients = await Promise.all(Array.from({ length: 6 }, () => pool.connect()))
  const [client] = clients as [pg.PoolClient]
  try {
    for (const c of clients) await c.query("SET session_replication_role = 'replica'")
    const deferred = await dropSecondaryIndexes(client, LOADED)

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
    await copyRows(client, 'Organization', ['id', 'slug', 'name', 'kind', 'parentId'], orgs)
    await copyRows(client, 'OrganizationClosure', ['ancestorId', 'descendantId', 'depth'], closure)
    progress('organizations', orgs.length, orgs.length)

    const tax = taxonomy(r)
    await tax.insert(client)
    progress('sections, tags', tax.sections.length + tax.tags.length, tax.sections.length + tax.tags.length)

    const authors: unknown[][] = []
    for (let i = 0; i < opts.authors; i++) {
      const name = `${r.pick(FAMILY)} ${r.pick(MIDDLE)} ${r.pick(GIVEN)}`
      authors.push([uuid(), `${slugify(name)}-${i + 1}`, name])
    }
    await copyRows(client, 'Author', ['id', 'slug', 'name'], authors)
    progress('authors', authors.length, authors.length)
    const media = leadImages()
    await copyRows(client, 'Media', LEAD_IMAGE_COLUMNS, media)

    // comments first, so each article row carries its approved-comment count (no UPDATE pass over a
    // million rows); they concentrate on the newest articles, as on a real site
    const articleIds = Array.from({ length: opts.articles }, uuid)
    const approved = new Int32Array(opts.articles)
    const commented = new Set<number>()
    const statuses = ['approved', 'approved', 'approved', 'pending', 'rejected', 'spam']
    const comments = await copyInto(client, 'Comment', [
      'id',
      'articleId',
      'authorName',
      'content',
      'contentHash',
      'ipHash',
      'commenterId',
      'status',
      'createdAt',
      'decidedAt',
    ])
    for (let i = 0; i < opts.comments; i++) {
      const a = Math.min(articleIds.length - 1, Math.floor(r.next() ** 3 * articleIds.length))
      const content = `${r.pick(SENTENCES)} (${i})`
      const status = r.pick(statuses)
      const createdAt = new Date(now - r.int(0, 30 * 86_400_000))
      // as the service writes them: every decided comment has its decision time
      const decidedAt = status === 'pending' ? null : new Date(createdAt.getTime() + 30 * 60_000)
      await comments.write([uuid(), articleIds[a], `${r.pick(FAMILY)} ${r.pick(GIVEN)}`, content, String(i), 'bench', 'bench', status, createdAt, decidedAt])
      if (status === 'approved') approved[a]!++
      if (a < 50) commented.add(a)
      if (i % 10_000 === 9_999 || i + 1 === opts.comments) progress('comments', i + 1, opts.comments)
    }
    await comments.end()

    // the search columns as the services derive them, whichever they are
    const searchKeys = Object.keys(articleSearchColumns({ title: '', lead: '', body: '' })) as Array<keyof ReturnType<typeof articleSearchColumns>>
    const [articles, bylines, links, sections, tags] = await Promise.all([
      copyInto(client, 'Article', [
        'id',
        'slug',
        'title',
        'lead',
        'body',
        'source',
        'status',
        'publishedAt',
        ...searchKeys,
        'createdAt',
        'updatedAt',
        'sectionId',
        'commentCount',
        'leadImageId',
      ]),
      copyInto(clients[1]!, 'ArticleAuthor', ['articleId', 'authorId', 'position']),
      copyInto(clients[2]!, 'ArticleOrganization', ['articleId', 'organizationId', 'position']),
      copyInto(clients[3]!, 'ArticleSection', ['articleId', 'sectionId', 'position']),
      copyInto(clients[4]!, 'ArticleTag', ['articleId', 'tagId', 'position']),
    ])
    const slugs: string[] = []
    const searchColumns = searchColumnsOf()
    const named = namedAt(opts.articles)
    for (let i = 0; i < opts.articles; i++) {
      const id = articleIds[i]!
      const name = named.get(i)
      // (the place is drawn either way: every other article stays as the previous datasets had it)
      const [subject, place] = [r.pick(SUBJECTS), r.pick(PLACES)]
      const title = `${subject} ${name !== undefined && name < 3 ? `bản ${NAMED}` : place} ${r.pick(VERBS)} ${r.pick(TOPICS)}`
      const slug = `${slugify(title)}-${i + 1}`
      const paragraphs: string[][] = []
      let size = 0
      const target = r.int(2000, 5000)
      while (size < target) {
        const sentences = Array.from({ length: r.int(3, 6) }, () => r.pick(SENTENCES))
        paragraphs.push(sentences)
        size += Buffer.byteLength(sentences.join(' '))
      }
      const body = paragraphs.map((p) => `<p>${p.join(' ')}</p>`).join('\n')
      // one article in a thousand mentions a rare thing, for the rare-word search (R3b)
      const visit = name !== undefined && name >= 3 ? [`Đoàn công tác đã về thăm bà con bản ${NAMED}.`] : []
      const leadParts = [r.pick(SENTENCES), r.pick(SENTENCES), ...(i % 1000 === 7 ? [RARE] : []), ...visit]
      const lead = leadParts.join(' ')
      const publishedAt = new Date(now - i * 37 * 60_000 - r.int(0, 60_000))
      const sectionId = tax.file(id)
      const source = r.pick(['BTV', 'TTXVN', 'Báo Ngọc Lâm'])
      // checked against articleSearchColumns: one article in a thousand, and each with a rare word or the name
      const columns = searchColumns({ title, lead: leadParts, paragraphs }, { lead, body }, i % 1000 === 0 || leadParts.length > 2 || name !== undefined)
      const searched = searchKeys.map((key) => columns[key])
      await articles.write([
        id,
        slug,
        title,
        lead,
        body,
        source,
        'published',
        publishedAt,
        ...searched,
        publishedAt,
        publishedAt,
        sectionId,
        approved[i],
        leadImageOf(media, i),
      ])
      const picked = new Set<string>()
      const n = r.int(1, 3)
      while (picked.size < n) picked.add(authors[r.int(0, authors.length - 1)]![0] as string)
      for (const [pos, a] of [...picked].entries()) await bylines.write([id, a, pos])
      const o = new Set<string>()
      const m = r.int(1, 2)
      while (o.size < m) o.add(orgs[r.int(0, orgs.length - 1)]![0] as string)
      for (const [pos, org] of [...o].entries()) await links.write([id, org, pos])
      const filed = tax.drain()
      for (const x of filed.sections) await sections.write(x)
      for (const x of filed.tags) await tags.write(x)
      if (i < 1000) slugs.push(slug)
      if (i % 1000 === 999 || i + 1 === opts.articles) progress('articles', i + 1, opts.articles)
    }
    await Promise.all([articles, bylines, links, sections, tags].map((w) => w.end()))

    const t = Date.now()
    await rebuildIndexes(clients.slice(0, 2), deferred)
    console.error(`  ${deferred.length} indexes rebuilt in ${Math.round((Date.now() - t) / 1000)} s`)
    for (const c of clients) await c.query('RESET session_replication_role')
    // VACUUM too: a server with autovacuum off (this machine's) would otherwise fetch heap pages in
    // index-only scans until the visibility map is set, and plan without statistics
    const v = Date.now()
    await client.query('VACUUM (ANALYZE)')
    console.error(`  VACUUM (ANALYZE) in ${Math.round((Date.now() - v) / 1000)} s`)
    return {
      slugs,
      articles: opts.articles,
      authorSlugs: authors.map((a) => a[1] as string),
      orgSlugs,
      commentedSlugs: [...commented].sort((a, b) => a - b).map((a) => slugs[a]!),
      topSectionSlugs: tax.topSectionSlugs,
      hotTagSlugs: tax.hotTagSlugs,
    }
  } finally {
    for (const c of clients) c.release()
  }
}
