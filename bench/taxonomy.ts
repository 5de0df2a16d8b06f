// The benchmark dataset's sections and tags: a 3-level section tree (5 top sections, 4 below each,
// 3 below those) and tags with a few hot ones, as a newsroom's trending topics are. Every article
// gets a primary section (sometimes a second one), 1–2 hot tags and 0–2 from the long tail.
import { randomUUID } from 'node:crypto'
import { slugify } from '../src/lib/vietnamese.ts'
import type pg from 'pg'
import type { prng } from './dataset.ts'
import { copyRows } from './copy.ts'

type Rng = ReturnType<typeof prng>

const TOP = ['Thời sự', 'Xây dựng Đảng', 'Kinh tế', 'Văn hóa – Xã hội', 'Khoa học – Công nghệ']
const MIDDLE = ['Tin tức', 'Chuyên đề', 'Phóng sự', 'Bình luận']
const LEAF = ['Cơ sở', 'Địa phương', 'Gương điển hình']
const HOT = [
  'Chuyển đổi số',
  'Nghị quyết 57',
  'Cải cách hành chính',
  'Phát triển đảng viên',
  'Nông thôn mới',
  'Phòng chống tham nhũng',
  'An sinh xã hội',
  'Thu hút đầu tư',
]
const LONG_TAIL = ['Hợp tác xã', 'Du lịch cộng đồng', 'Y tế cơ sở', 'Giáo dục vùng cao', 'Khởi nghiệp', 'Biến đổi khí hậu', 'Đường giao thông', 'Làng nghề']

export interface Taxonomy {
  sections: unknown[][]
  closure: unknown[][]
  tags: unknown[][]
  /** the top sections' slugs (R7: a whole subtree each) */
  topSectionSlugs: string[]
  /** the hot tags' slugs (R8) */
  hotTagSlugs: string[]
  /** files one article (its ArticleSection and ArticleTag rows wait for flush); returns its primary section id */
  file(articleId: string): string
  /** the ArticleSection and ArticleTag rows filed since the last drain (articleId, section or tag id, position) */
  drain(): { sections: unknown[][]; tags: unknown[][] }
  /** the sections, their closure rows and the tags, into the database */
  insert(client: pg.ClientBase): Promise<void>
}

export function taxonomy(r: Rng): Taxonomy {
  const sections: unknown[][] = []
  const closure: unknown[][] = []
  const all: string[] = []
  const add = (name: string, parent: { id: string; path: string[] } | null, position: number) => {
    const id = randomUUID()
    sections.push([id, `${slugify(name)}-${sections.length + 1}`, name, parent?.id ?? null, position])
    const path = [...(parent?.path ?? []), id]
    for (const [i, a] of path.entries()) closure.push([a, id, path.length - 1 - i])
    all.push(id)
    return { id, path }
  }
  const topSectionSlugs: string[] = []
  for (const [t, top] of TOP.entries()) {
    const node = add(top, null, t)
    topSectionSlugs.push(sections.at(-1)![1] as string)
    for (const [m, middle] of MIDDLE.entries()) {
      const mid = add(`${middle} ${top.toLowerCase()}`, node, m)
      for (const [l, leaf] of LEAF.entries()) add(`${leaf} ${t + 1}.${m + 1}`, mid, l)
    }
  }
  const tags: unknown[][] = []
  const tag = (name: string) => {
    const id = randomUUID()
    tags.push([id, slugify(name), name])
    return id
  }
  const hot: string[] = HOT.map(tag)
  const sectionLinks: unknown[][] = []
  const tagLinks: unknown[][] = []
  const tail: string[] = []
  for (let round = 1; round <= 40; round++) for (const name of LONG_TAIL) tail.push(tag(`${name} ${round}`))
  return {
    sections,
    closure,
    tags,
    topSectionSlugs,
    hotTagSlugs: HOT.map((n) => slugify(n)),
    async insert(client) {
      await copyRows(client, 'Section', ['id', 'slug', 'name', 'parentId', 'position'], sections)
      await copyRows(client, 'SectionClosure', ['ancestorId', 'descendantId', 'depth'], closure)
      await copyRows(client, 'Tag', ['id', 'slug', 'name'], tags)
    },
    file(articleId) {
      const picked = new Set([r.pick(all)])
      if (r.next() < 0.3) picked.add(r.pick(all))
      const tagIds = new Set([r.pick(hot)])
      if (r.next() < 0.5) tagIds.add(r.pick(hot))
      for (let i = r.int(0, 2); i > 0; i--) tagIds.add(r.pick(tail))
      const ids = [...picked]
      for (const [position, s] of ids.entries()) sectionLinks.push([articleId, s, position])
      for (const [position, t] of [...tagIds].entries()) tagLinks.push([articleId, t, position])
      return ids[0]!
    },
    drain: () => ({ sections: sectionLinks.splice(0), tags: tagLinks.splice(0) }),
  }
}
