// The demo newsroom's sections (chuyên mục, a menu two levels deep) and how the demo articles are
// filed: a primary section, sometimes a second one, tags and the editors' picks. Invented, like
// the rest of the demo content.

export interface DemoSection {
  key: string
  name: string
  parentKey?: string
  /** menu order among siblings */
  position: number
}

export interface DemoFiling {
  sectionKey: string
  otherSectionKeys?: string[]
  tags: string[]
  featured?: boolean
}

// parents before children: the seeder resolves parentKey as it goes
export const demoSections: DemoSection[] = [
  { key: 'thoi-su', name: 'Thời sự', position: 0 },
  { key: 'xay-dung-dang', name: 'Xây dựng Đảng', position: 1 },
  { key: 'to-chuc', name: 'Tổ chức – Cán bộ', parentKey: 'xay-dung-dang', position: 0 },
  { key: 'kiem-tra', name: 'Kiểm tra – Giám sát', parentKey: 'xay-dung-dang', position: 1 },
  { key: 'dan-van', name: 'Dân vận', parentKey: 'xay-dung-dang', position: 2 },
  { key: 'kinh-te', name: 'Kinh tế', position: 2 },
  { key: 'doanh-nghiep', name: 'Doanh nghiệp', parentKey: 'kinh-te', position: 0 },
  { key: 'nong-nghiep', name: 'Nông nghiệp – Nông thôn', parentKey: 'kinh-te', position: 1 },
  { key: 'van-hoa-xa-hoi', name: 'Văn hóa – Xã hội', position: 3 },
  { key: 'giao-duc', name: 'Giáo dục', parentKey: 'van-hoa-xa-hoi', position: 0 },
  { key: 'khoa-hoc', name: 'Khoa học – Công nghệ', position: 4 },
]

/** By demo article key; an article not listed here has no section or tags. */
export const demoFilings: Record<string, DemoFiling> = {
  'nghi-quyet-21': {
    sectionKey: 'to-chuc',
    otherSectionKeys: ['thoi-su'],
    tags: ['Nghị quyết 21-NQ/TW', 'Tổ chức cơ sở đảng', 'Sinh hoạt chi bộ'],
    featured: true,
  },
  'hoi-thao-phat-trien-dang-vien': { sectionKey: 'to-chuc', tags: ['Phát triển đảng viên', 'Khu vực doanh nghiệp'] },
  'so-tay-dien-tu': { sectionKey: 'khoa-hoc', otherSectionKeys: ['to-chuc'], tags: ['Chuyển đổi số', 'Sinh hoạt chi bộ'], featured: true },
  'kinh-te-chin-thang': { sectionKey: 'kinh-te', otherSectionKeys: ['thoi-su'], tags: ['Tăng trưởng kinh tế', 'Ngân sách địa phương'], featured: true },
  'hoc-sinh-gioi': { sectionKey: 'giao-duc', tags: ['Học sinh giỏi quốc gia', 'Giáo dục mũi nhọn'] },
  'luoi-dien-vung-cao': { sectionKey: 'doanh-nghiep', otherSectionKeys: ['nong-nghiep'], tags: ['Điện nông thôn', 'Vùng cao'] },
  'tay-nghe-cao-su': { sectionKey: 'doanh-nghiep', tags: ['Cao su', 'Đào tạo nghề', 'Người lao động'] },
  'cong-tac-dan-van': { sectionKey: 'dan-van', tags: ['Dân vận khéo', 'Cơ sở'] },
  'ket-nap-cong-nhan': { sectionKey: 'to-chuc', otherSectionKeys: ['doanh-nghiep'], tags: ['Phát triển đảng viên', 'Người lao động', 'Khu vực doanh nghiệp'] },
  'chuong-trinh-kiem-tra': { sectionKey: 'kiem-tra', tags: ['Kiểm tra, giám sát'] },
  'an-toan-thong-tin': { sectionKey: 'khoa-hoc', tags: ['Chuyển đổi số', 'An toàn thông tin'] },
  'hoi-cho-nong-san': { sectionKey: 'nong-nghiep', otherSectionKeys: ['thoi-su'], tags: ['Nông sản', 'Xúc tiến thương mại'] },
}
