// Demo newsroom content for a fresh install. Everything here is invented: the province of
// Ngọc Lâm, its organizations, people and figures do not exist. Keys tie records together;
// the seeder (demo.ts) turns them into ids, slugs and search text.

import type { CommentStatus } from '../lib/comment-statuses.ts'
import type { ArticleStatus } from '../schemas/admin-articles.ts'

export type DemoOrganizationKind = 'provincial_committee' | 'bloc_committee' | 'grassroots_committee' | 'cell'

export interface DemoOrganization {
  key: string
  name: string
  shortName?: string
  kind: DemoOrganizationKind
  parentKey?: string
}

export interface DemoAuthor {
  key: string
  name: string
  bio?: string
}

export interface DemoArticle {
  key: string
  title: string
  source: string
  lead: string
  /** HTML fragment */
  body: string
  authorKeys: string[]
  organizationKeys: string[]
  status: ArticleStatus
  /** negative: in the future (scheduled) */
  publishedDaysAgo?: number
}

export interface DemoComment {
  articleKey: string
  authorName: string
  email?: string
  content: string
  status: CommentStatus
  /** index into demoComments of an earlier comment on the same article */
  replyToIndex?: number
}

// parents before children: the seeder resolves parentKey as it goes
export const demoOrganizations: DemoOrganization[] = [
  { key: 'tinh', name: 'Đảng bộ tỉnh Ngọc Lâm', shortName: 'Tỉnh ủy Ngọc Lâm', kind: 'provincial_committee' },
  { key: 'khoi-cq', name: 'Đảng bộ Khối các Cơ quan tỉnh Ngọc Lâm', shortName: 'Đảng bộ Khối Cơ quan', kind: 'bloc_committee', parentKey: 'tinh' },
  { key: 'khoi-dn', name: 'Đảng bộ Khối Doanh nghiệp tỉnh Ngọc Lâm', shortName: 'Đảng bộ Khối Doanh nghiệp', kind: 'bloc_committee', parentKey: 'tinh' },
  { key: 'so-gd', name: 'Đảng bộ Sở Giáo dục và Đào tạo tỉnh Ngọc Lâm', shortName: 'Đảng bộ Sở GD&ĐT', kind: 'grassroots_committee', parentKey: 'khoi-cq' },
  { key: 'so-khcn', name: 'Đảng bộ Sở Khoa học và Công nghệ tỉnh Ngọc Lâm', shortName: 'Đảng bộ Sở KH&CN', kind: 'grassroots_committee', parentKey: 'khoi-cq' },
  { key: 'cty-dien', name: 'Đảng bộ Công ty Điện lực Ngọc Lâm', shortName: 'Đảng bộ Điện lực', kind: 'grassroots_committee', parentKey: 'khoi-dn' },
  { key: 'cty-cao-su', name: 'Đảng bộ Công ty Cổ phần Cao su Ngọc Lâm', shortName: 'Đảng bộ Cao su', kind: 'grassroots_committee', parentKey: 'khoi-dn' },
  { key: 'cb-truong-chuyen', name: 'Chi bộ Trường THPT Chuyên Ngọc Lâm', shortName: 'Chi bộ Trường Chuyên', kind: 'cell', parentKey: 'so-gd' },
  {
    key: 'cb-chuyen-doi-so',
    name: 'Chi bộ Phòng Chuyển đổi số, Sở Khoa học và Công nghệ',
    shortName: 'Chi bộ Phòng Chuyển đổi số',
    kind: 'cell',
    parentKey: 'so-khcn',
  },
  {
    key: 'cb-che-bien',
    name: 'Chi bộ Phân xưởng Chế biến mủ, Công ty Cổ phần Cao su Ngọc Lâm',
    shortName: 'Chi bộ Phân xưởng Chế biến',
    kind: 'cell',
    parentKey: 'cty-cao-su',
  },
]

export const demoAuthors: DemoAuthor[] = [
  { key: 'thu-ha', name: 'Nguyễn Thu Hà', bio: 'Phóng viên ban Xây dựng Đảng, theo dõi công tác tổ chức và dân vận.' },
  { key: 'minh-duc', name: 'Trần Minh Đức', bio: 'Biên tập viên mảng kinh tế, đầu tư và ngân sách địa phương.' },
  { key: 'hoang-phuc', name: 'Lê Hoàng Phúc', bio: 'Phóng viên chuyên đề khoa học, công nghệ và chuyển đổi số.' },
  { key: 'ngoc-lan', name: 'Phạm Ngọc Lan', bio: 'Phóng viên mảng giáo dục và đời sống người lao động.' },
  { key: 'quang-huy', name: 'Vũ Quang Huy' },
]

// The first article is the seeder's "already seeded?" marker: keep its title stable.
export const demoArticles: DemoArticle[] = [
  {
    key: 'nghi-quyet-21',
    title: 'Đảng bộ Khối các Cơ quan tỉnh sơ kết ba năm thực hiện Nghị quyết số 21-NQ/TW',
    source: 'Báo Ngọc Lâm',
    lead:
      'Sau ba năm triển khai Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương, các tổ chức cơ sở đảng trong Khối đã có chuyển biến rõ rệt về nền nếp ' +
      'sinh hoạt, chất lượng đảng viên và vai trò hạt nhân lãnh đạo tại cơ quan, đơn vị.',
    body: `<p>Ngày qua, Đảng ủy Khối các Cơ quan tỉnh Ngọc Lâm tổ chức hội nghị sơ kết ba năm thực hiện Nghị quyết số 21-NQ/TW về tăng cường củng cố,
xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới. Dự hội nghị có đại diện lãnh đạo Ban Tổ chức Tỉnh
ủy cùng bí thư các chi bộ, đảng bộ cơ sở trực thuộc.</p>
<p>Theo báo cáo, toàn Đảng bộ Khối đã sắp xếp, kiện toàn 17 tổ chức cơ sở đảng sau khi các sở, ngành hợp nhất bộ máy; hai năm liền không có chi bộ nào
xếp loại yếu kém. Nhiều chi bộ đã đổi mới cách sinh hoạt, mỗi quý chọn một chuyên đề gắn với nhiệm vụ chuyên môn như cải cách thủ tục hành chính,
chống lãng phí hay chăm lo đời sống người lao động. Bình quân mỗi năm Đảng bộ Khối kết nạp trên 110 đảng viên mới, phần lớn là cán bộ trẻ có trình độ
đại học trở lên.</p>
<h2>Những việc còn phải làm</h2>
<p>Bên cạnh kết quả đạt được, hội nghị thẳng thắn chỉ ra một số hạn chế. Ở vài nơi, sinh hoạt chi bộ vẫn nặng về thông báo tình hình, ít tranh luận;
việc đánh giá, xếp loại đảng viên cuối năm có lúc còn nể nang. Công tác kiểm tra, giám sát của cấp ủy cơ sở chưa thường xuyên, chủ yếu chờ kế hoạch
của cấp trên.</p>
<p>Phát biểu kết luận, đồng chí Bí thư Đảng ủy Khối đề nghị các cấp ủy tiếp tục cụ thể hóa Nghị quyết bằng những việc làm thiết thực, phấn đấu mỗi chi
bộ có ít nhất một mô hình sinh hoạt hiệu quả để nhân rộng. Cùng với đó, cấp ủy cần quan tâm bồi dưỡng quần chúng ưu tú, nhất là đoàn viên thanh niên,
tạo nguồn phát triển đảng viên bền vững cho những năm tới.</p>`,
    authorKeys: ['thu-ha', 'minh-duc'],
    organizationKeys: ['khoi-cq', 'tinh'],
    status: 'published',
    publishedDaysAgo: 2,
  },
  {
    key: 'hoi-thao-phat-trien-dang-vien',
    title: 'Hội thảo “Giải pháp nâng cao chất lượng công tác phát triển đảng viên ở khu vực doanh nghiệp”',
    source: 'BTV',
    lead:
      'Đảng ủy Khối Doanh nghiệp tỉnh Ngọc Lâm vừa tổ chức hội thảo với 26 tham luận, tập trung tháo gỡ những vướng mắc trong việc tạo nguồn và kết nạp ' +
      'đảng viên là công nhân, người lao động.',
    body: `<p>Hội thảo thu hút hơn 150 đại biểu là bí thư, phó bí thư cấp ủy cơ sở, chủ tịch công đoàn và bí thư đoàn thanh niên tại các doanh nghiệp
trên địa bàn tỉnh. Các tham luận đều xuất phát từ thực tiễn, phản ánh đúng những khó khăn mà tổ chức đảng ở doanh nghiệp đang gặp phải.</p>
<p>Nhiều ý kiến cho rằng người lao động trẻ thường xuyên thay đổi chỗ làm, ca kíp kéo dài, nên chi bộ khó theo dõi, bồi dưỡng quần chúng trong một
thời gian đủ dài. Ở một số doanh nghiệp ngoài nhà nước, chủ doanh nghiệp chưa thật sự ủng hộ việc thành lập tổ chức đảng, hoặc chỉ đồng ý khi hoạt
động không ảnh hưởng đến sản xuất.</p>
<blockquote>“Muốn công nhân đứng vào hàng ngũ của Đảng, trước hết đảng viên phải là người làm giỏi nhất, sống gần gũi nhất trong tổ sản xuất”, đại
diện Đảng ủy Công ty Cổ phần Cao su Ngọc Lâm chia sẻ.</blockquote>
<p>Từ thực tế đó, hội thảo đề xuất nhóm giải pháp gồm: giao chỉ tiêu tạo nguồn cho từng tổ chức công đoàn, đoàn thanh niên; bố trí lớp bồi dưỡng nhận
thức về Đảng vào ngày nghỉ luân phiên của công nhân; phối hợp với chủ doanh nghiệp đưa tiêu chí rèn luyện chính trị vào xét thi đua, khen thưởng. Các
đại biểu cũng kiến nghị rút gọn một số thủ tục thẩm tra lý lịch đối với người lao động đến từ tỉnh khác.</p>
<p>Kết luận hội thảo, Thường trực Đảng ủy Khối giao Ban Tổ chức tổng hợp các giải pháp khả thi, xây dựng hướng dẫn cụ thể để triển khai ngay từ đầu
năm tới.</p>`,
    authorKeys: ['ngoc-lan', 'quang-huy'],
    organizationKeys: ['khoi-dn'],
    status: 'published',
    publishedDaysAgo: 5,
  },
  {
    key: 'so-tay-dien-tu',
    title: 'Sở Khoa học và Công nghệ đưa sổ tay đảng viên điện tử vào sinh hoạt chi bộ',
    source: 'Báo Ngọc Lâm',
    lead:
      'Từ đầu quý này, tài liệu sinh hoạt, nghị quyết và thông báo của Đảng bộ Sở được gửi đến đảng viên qua ứng dụng trên điện thoại, thay cho bản in ' +
      'giấy.',
    body: `<p>Theo Đảng ủy Sở Khoa học và Công nghệ tỉnh Ngọc Lâm, việc chuyển sang sổ tay điện tử giúp tiết kiệm hàng nghìn trang tài liệu mỗi năm,
đồng thời bảo đảm mọi đảng viên nhận được văn bản cùng lúc, kể cả khi đang đi công tác cơ sở. Trước mỗi kỳ sinh hoạt, chi ủy đăng tải dự
thảo nội dung để đảng viên đọc trước và góp ý.</p>
<p>Chi bộ Phòng Chuyển đổi số là đơn vị thí điểm đầu tiên. Sau ba tháng, thời gian họp chi bộ rút ngắn khoảng một phần ba vì phần thông báo đã được
đọc trước, còn thời lượng dành cho thảo luận tăng lên rõ rệt. Các đảng viên lớn tuổi được đồng chí trẻ trong chi bộ hướng dẫn cách cài đặt, tra cứu
văn bản và bảo mật tài khoản.</p>
<p>Bí thư Chi bộ cho biết điều quan trọng nhất không nằm ở phần mềm mà ở thói quen làm việc. “Công cụ số chỉ phát huy tác dụng khi từng đảng viên chủ
động đọc, chủ động góp ý. Nếu vẫn chờ đến buổi họp mới mở tài liệu thì không có gì thay đổi”, đồng chí nói.</p>
<p>Sau giai đoạn thí điểm, Sở sẽ hoàn thiện quy chế quản lý tài liệu mật, phân quyền truy cập theo từng chi bộ và đề xuất Đảng ủy Khối các Cơ quan
tỉnh xem xét nhân rộng mô hình.</p>`,
    authorKeys: ['hoang-phuc'],
    organizationKeys: ['so-khcn', 'cb-chuyen-doi-so'],
    status: 'published',
    publishedDaysAgo: 1,
  },
  {
    key: 'kinh-te-chin-thang',
    title: 'Kinh tế tỉnh Ngọc Lâm tăng trưởng 7,2% trong chín tháng đầu năm',
    source: 'TTXVN',
    lead:
      'Tốc độ tăng trưởng tổng sản phẩm trên địa bàn tỉnh chín tháng qua thuộc nhóm khá của vùng, nhờ công nghiệp chế biến và dịch vụ du lịch phục hồi ' +
      'mạnh.',
    body: `<p>Theo số liệu của cơ quan thống kê tỉnh, khu vực công nghiệp và xây dựng tăng 9,8%, đóng góp hơn một nửa mức tăng chung. Nhiều nhà máy
chế biến nông sản, gỗ và cao su đã vận hành hết công suất để kịp đơn hàng xuất khẩu cuối năm. Khu vực dịch vụ tăng 6,5%, trong đó doanh thu
du lịch tăng gần 20% so với cùng kỳ nhờ các sự kiện văn hóa được tổ chức liên tục từ đầu mùa hè.</p>
<p>Khu vực nông, lâm nghiệp và thủy sản chỉ tăng 3,1%, thấp hơn kế hoạch do ảnh hưởng của đợt nắng nóng kéo dài. Tuy vậy, diện tích cây ăn quả đạt
chứng nhận VietGAP tiếp tục mở rộng, giúp giá bán ổn định và giảm phụ thuộc vào thương lái.</p>
<p>Thu ngân sách nhà nước trên địa bàn ước đạt 78% dự toán. Giải ngân vốn đầu tư công đạt 61% kế hoạch, cao hơn bình quân chung nhưng vẫn còn một số
dự án giao thông chậm tiến độ vì vướng giải phóng mặt bằng.</p>
<p>Tại phiên họp thường kỳ, Ủy ban nhân dân tỉnh yêu cầu các sở, ngành rà soát từng dự án, xử lý dứt điểm vướng mắc trong quý cuối năm; đồng thời đẩy
mạnh xúc tiến đầu tư vào các cụm công nghiệp, phấn đấu hoàn thành mục tiêu tăng trưởng cả năm từ 7,5% trở lên.</p>`,
    authorKeys: ['minh-duc'],
    organizationKeys: ['tinh'],
    status: 'published',
    publishedDaysAgo: 8,
  },
  {
    key: 'hoc-sinh-gioi',
    title: 'Trường THPT Chuyên Ngọc Lâm có 14 học sinh đoạt giải quốc gia',
    source: 'Báo Ngọc Lâm',
    lead: 'Kết quả này đưa nhà trường trở lại nhóm dẫn đầu khu vực, trong đó môn Tin học lần đầu tiên có giải Nhất.',
    body: `<p>Trong kỳ thi chọn học sinh giỏi quốc gia năm nay, đội tuyển của tỉnh Ngọc Lâm giành 14 giải, gồm 1 giải Nhất, 4 giải Nhì, 5 giải Ba và 4
giải Khuyến khích. Toàn bộ học sinh đoạt giải đều đang theo học tại Trường THPT Chuyên Ngọc Lâm.</p>
<p>Theo thầy Hiệu trưởng, thành tích có được là nhờ nhà trường thay đổi cách bồi dưỡng: thay vì luyện đề dồn dập vài tháng trước kỳ thi, đội tuyển
được hình thành từ lớp 10, học theo chuyên đề và thường xuyên giao lưu trực tuyến với các trường chuyên bạn. Giáo viên trẻ được cử đi tập huấn tại các
trường đại học, sau đó trở về chia sẻ lại cho tổ bộ môn.</p>
<p>Chi bộ nhà trường xác định chất lượng mũi nhọn là nhiệm vụ chính trị trọng tâm, phân công mỗi đảng viên là giáo viên theo dõi ít nhất hai học sinh
trong đội tuyển, nắm bắt cả việc học lẫn tâm lý, hoàn cảnh gia đình. Nhiều thầy cô sẵn sàng dạy thêm buổi tối mà không nhận thù lao.</p>
<p>Sở Giáo dục và Đào tạo đã đề nghị Ủy ban nhân dân tỉnh khen thưởng tập thể giáo viên và học sinh đoạt giải, đồng thời giao nhà trường tổng kết kinh
nghiệm để chia sẻ với các trường trung học phổ thông trong tỉnh.</p>`,
    authorKeys: ['ngoc-lan'],
    organizationKeys: ['cb-truong-chuyen', 'so-gd'],
    status: 'published',
    publishedDaysAgo: 12,
  },
  {
    key: 'luoi-dien-vung-cao',
    title: 'Điện lực Ngọc Lâm hoàn thành cải tạo lưới điện cho 23 xã vùng cao',
    source: 'Báo Ngọc Lâm',
    lead: 'Sau hơn một năm thi công, hơn 9.000 hộ dân ở các xã vùng cao đã có nguồn điện ổn định, chấm dứt tình trạng điện yếu vào giờ cao điểm buổi tối.',
    body: `<p>Dự án có tổng vốn gần 180 tỷ đồng, gồm xây mới 41 trạm biến áp và thay thế hơn 120 km đường dây hạ thế đã xuống cấp. Địa hình đồi núi
dốc, mùa mưa kéo dài khiến nhiều đoạn phải vận chuyển cột điện bằng sức người.</p>
<p>Đảng ủy Công ty Điện lực Ngọc Lâm đã phát động phong trào “Mỗi đảng viên một công trình”, giao đảng viên trực tiếp phụ trách từng hạng mục, chịu
trách nhiệm về tiến độ và an toàn lao động. Nhờ vậy, dù khối lượng lớn, công trình về đích sớm hơn kế hoạch gần hai tháng và không để xảy ra tai
nạn.</p>
<p>Ông Lò Văn Sáng, trưởng bản Nà Khoang, phấn khởi cho biết trước đây bóng đèn chỉ le lói, máy bơm nước không chạy nổi vào buổi tối. “Bây giờ điện
khỏe, bà con đã mua máy xay xát, tủ cấp đông để bảo quản măng, thịt đem bán. Con cháu học bài cũng sáng sủa hơn”, ông nói.</p>
<p>Thời gian tới, công ty tiếp tục khảo sát nhu cầu tại các thôn còn lại, phối hợp với chính quyền địa phương tuyên truyền người dân sử dụng điện an
toàn, tiết kiệm, không tự ý câu móc dây dẫn.</p>`,
    authorKeys: ['quang-huy', 'hoang-phuc'],
    organizationKeys: ['cty-dien'],
    status: 'published',
    publishedDaysAgo: 15,
  },
  {
    key: 'tay-nghe-cao-su',
    title: 'Công nhân cao su được bồi dưỡng nâng cao tay nghề khai thác mủ',
    source: 'BTV',
    lead:
      'Hơn 300 công nhân của Công ty Cổ phần Cao su Ngọc Lâm vừa tham gia hội thi tay nghề, nơi những đảng viên giàu kinh nghiệm đóng vai trò người kèm ' +
      'cặp.',
    body: `<p>Hội thi năm nay gồm hai phần: lý thuyết về quy trình kỹ thuật và thực hành cạo mủ trên vườn cây. Ban giám khảo chấm điểm theo độ sâu vết
cạo, độ dốc miệng cạo, lượng vỏ hao hụt và thời gian hoàn thành. Những vết cạo đúng kỹ thuật giúp kéo dài chu kỳ khai thác của cây thêm
nhiều năm.</p>
<p>Trước hội thi, Chi bộ Phân xưởng Chế biến mủ phối hợp với công đoàn mở các lớp kèm cặp ngay tại lô. Mỗi đảng viên có tay nghề bậc cao nhận kèm từ
ba đến năm công nhân mới. Chị Nguyễn Thị Mơ, công nhân năm thứ hai, cho biết nhờ được chỉ dẫn tỉ mỉ, chị đã giảm hẳn lượng vỏ cạo phạm và tăng sản
lượng mủ mỗi ngày.</p>
<p>Đại diện Đảng ủy Công ty cho biết phong trào thi đua tay nghề cũng là cách để phát hiện, bồi dưỡng quần chúng ưu tú. Trong hai năm gần đây, đã có
19 công nhân được kết nạp vào Đảng sau khi đạt thành tích cao tại các hội thi.</p>
<p>Kết thúc hội thi, Ban tổ chức trao 3 giải nhất, 6 giải nhì và 9 giải ba cho cá nhân, đồng thời khen thưởng hai tổ sản xuất có năng suất và chất
lượng vườn cây tốt nhất.</p>`,
    authorKeys: ['ngoc-lan', 'minh-duc'],
    organizationKeys: ['cty-cao-su', 'cb-che-bien'],
    status: 'published',
    publishedDaysAgo: 19,
  },
  {
    key: 'cong-tac-dan-van',
    title: 'Tăng cường sự lãnh đạo của Đảng đối với công tác dân vận ở cơ sở',
    source: 'Báo Ngọc Lâm',
    lead: 'Ban Thường vụ Tỉnh ủy Ngọc Lâm vừa ban hành kết luận về nâng cao hiệu quả công tác dân vận, lấy sự hài lòng của người dân làm thước đo.',
    body: `<p>Kết luận yêu cầu các cấp ủy đưa nội dung dân vận vào chương trình công tác toàn khóa và hằng năm, gắn trách nhiệm của người đứng đầu với
kết quả giải quyết kiến nghị của nhân dân. Các xã, phường phải công khai tiến độ xử lý đơn thư và tổ chức đối thoại định kỳ ít nhất hai lần
mỗi năm.</p>
<p>Những năm qua, phong trào “Dân vận khéo” ở Ngọc Lâm đã có hàng trăm mô hình được công nhận, từ vận động hiến đất mở đường nông thôn đến xây dựng tổ
tự quản bảo vệ môi trường ở khu dân cư. Nhiều mô hình bắt đầu từ những việc rất nhỏ, như tổ hòa giải hoạt động ngay tại nhà văn hóa thôn, giúp tháo gỡ
mâu thuẫn trước khi phát sinh khiếu nại.</p>
<p>Tuy nhiên, kết luận cũng chỉ rõ ở một số nơi, cán bộ còn ngại tiếp xúc, đối thoại; phản ánh qua mạng xã hội và đường dây nóng chưa được phản hồi
kịp thời. Có vụ việc kéo dài nhiều năm chỉ vì thiếu sự phối hợp giữa các cơ quan chuyên môn.</p>
<p>Ban Thường vụ Tỉnh ủy giao Ban Dân vận chủ trì theo dõi, đôn đốc, định kỳ sáu tháng báo cáo kết quả; biểu dương kịp thời những tập thể, cá nhân làm
tốt và xử lý nghiêm những nơi để xảy ra điểm nóng.</p>`,
    authorKeys: ['thu-ha'],
    organizationKeys: ['tinh'],
    status: 'published',
    publishedDaysAgo: 23,
  },
  {
    key: 'ket-nap-cong-nhan',
    title: 'Kết nạp đảng viên là người lao động tại doanh nghiệp ngoài nhà nước',
    source: 'BTV',
    lead:
      'Chi bộ Công ty TNHH May mặc Thành Đạt vừa tổ chức lễ kết nạp bốn quần chúng ưu tú là công nhân trực tiếp sản xuất, nâng số đảng viên của chi bộ ' +
      'lên 15 đồng chí.',
    body: `<p>Buổi lễ diễn ra trang trọng tại hội trường nhà máy, với sự chứng kiến của lãnh đạo Đảng ủy Khối Doanh nghiệp tỉnh, ban giám đốc công ty
và đông đảo công nhân. Bốn đảng viên mới đều có thời gian làm việc từ ba năm trở lên, nhiều lần được bình chọn là lao động giỏi của phân
xưởng.</p>
<p>Anh Hoàng Văn Tú, tổ trưởng tổ cắt, xúc động chia sẻ được đứng vào hàng ngũ của Đảng là niềm tự hào, đồng thời là trách nhiệm lớn. Anh hứa sẽ tiếp
tục rèn luyện, làm việc gương mẫu và vận động các bạn trẻ trong tổ cùng phấn đấu.</p>
<p>Chi bộ công ty được thành lập cách đây năm năm, khi doanh nghiệp mới có khoảng 400 lao động. Ban đầu, không ít người lo hoạt động đảng sẽ ảnh hưởng
đến sản xuất. Thực tế cho thấy chi bộ đã góp phần giữ ổn định tư tưởng công nhân, giải quyết kịp thời các kiến nghị về tiền lương, bữa ăn ca, qua đó
giảm mạnh tỷ lệ nghỉ việc.</p>
<p>Giám đốc công ty khẳng định doanh nghiệp sẽ tiếp tục tạo điều kiện về thời gian, kinh phí để chi bộ và các đoàn thể hoạt động, coi đó là một phần
của văn hóa doanh nghiệp.</p>`,
    authorKeys: ['quang-huy'],
    organizationKeys: ['khoi-dn'],
    status: 'published',
    publishedDaysAgo: 27,
  },
  {
    key: 'chuong-trinh-kiem-tra',
    title: 'Ủy ban Kiểm tra Đảng ủy Khối các Cơ quan tỉnh xây dựng chương trình kiểm tra, giám sát năm tới',
    source: 'Báo Ngọc Lâm',
    lead: 'Dự thảo chương trình tập trung vào việc thực hiện quy chế làm việc, công tác cán bộ và quản lý tài chính, tài sản tại các tổ chức cơ sở đảng.',
    body: `<p>Theo dự thảo, Ủy ban Kiểm tra sẽ kiểm tra khi có dấu hiệu vi phạm đối với những tổ chức đảng có đơn thư phản ánh kéo dài, đồng thời giám
sát chuyên đề tại sáu đảng bộ cơ sở về việc thực hiện chế độ sinh hoạt và đánh giá, xếp loại đảng viên.</p>
<p>Điểm mới của chương trình là tăng cường giám sát thường xuyên qua hệ thống báo cáo điện tử, giảm số cuộc kiểm tra trực tiếp để cơ sở không phải
chuẩn bị quá nhiều hồ sơ. Những lĩnh vực dễ phát sinh sai phạm như mua sắm công, tuyển dụng, bổ nhiệm sẽ được theo dõi sát ngay từ đầu năm.</p>
<p>Dự thảo đang được lấy ý kiến các cấp ủy trực thuộc trước khi trình Ban Thường vụ Đảng ủy Khối thông qua. Ủy ban Kiểm tra đề nghị các đơn vị góp ý
cụ thể, nhất là về thời điểm tiến hành, để không trùng với những đợt cao điểm của công việc chuyên môn.</p>`,
    authorKeys: ['minh-duc'],
    organizationKeys: ['khoi-cq'],
    status: 'draft',
  },
  {
    key: 'an-toan-thong-tin',
    title: 'Chi bộ Phòng Chuyển đổi số sinh hoạt chuyên đề về an toàn thông tin',
    source: 'Báo Ngọc Lâm',
    lead: 'Buổi sinh hoạt chỉ ra những thói quen nhỏ trong công việc hằng ngày có thể khiến dữ liệu của cơ quan nhà nước bị lộ lọt.',
    body: `<p>Mở đầu buổi sinh hoạt, đảng viên phụ trách hạ tầng trình bày những tình huống có thật trong năm qua: thư điện tử giả mạo thông báo của
cấp trên, đường dẫn yêu cầu đăng nhập lại tài khoản công vụ, hay máy tính cá nhân chứa tài liệu nội bộ bị nhiễm mã độc khi kết nối mạng
công cộng.</p>
<p>Các đảng viên thảo luận sôi nổi về trách nhiệm của từng người. Nhiều ý kiến cho rằng quy định đã đủ, vấn đề nằm ở ý thức chấp hành, như dùng chung
mật khẩu, để máy tính không khóa khi rời chỗ ngồi hoặc gửi tài liệu qua ứng dụng nhắn tin cá nhân cho tiện.</p>
<p>Chi bộ thống nhất ra nghị quyết chuyên đề với ba việc cụ thể: mỗi đảng viên bật xác thực hai lớp cho tài khoản công vụ ngay trong tháng; không lưu
tài liệu mật trên thiết bị cá nhân; hằng quý tổ chức diễn tập nhận diện thư lừa đảo cho toàn phòng. Kết quả thực hiện sẽ được đưa vào tiêu chí đánh
giá đảng viên cuối năm.</p>`,
    authorKeys: ['hoang-phuc', 'thu-ha'],
    organizationKeys: ['cb-chuyen-doi-so'],
    status: 'in_review',
  },
  {
    key: 'hoi-cho-nong-san',
    title: 'Hội chợ Nông sản và Thương mại tỉnh Ngọc Lâm khai mạc với hơn 300 gian hàng',
    source: 'TTXVN',
    lead: 'Hội chợ quy tụ doanh nghiệp, hợp tác xã trong và ngoài tỉnh, ưu tiên giới thiệu sản phẩm đạt chuẩn OCOP và nông sản có truy xuất nguồn gốc.',
    body: `<p>Hội chợ diễn ra trong năm ngày tại quảng trường trung tâm thành phố Ngọc Lâm, do Sở Công Thương phối hợp với Hội Doanh nhân trẻ tỉnh tổ
chức. Bên cạnh khu trưng bày, ban tổ chức bố trí khu ẩm thực vùng miền, khu trình diễn chế biến chè, cà phê và không gian kết nối giao
thương giữa nhà sản xuất với các chuỗi siêu thị.</p>
<p>Năm nay, lần đầu tiên toàn bộ gian hàng nông sản đều gắn mã QR để khách tham quan tra cứu vùng trồng, quy trình sản xuất và chứng nhận chất lượng.
Nhiều hợp tác xã còn bán hàng trực tuyến song song, giúp người tiêu dùng ở xa cũng có thể đặt mua.</p>
<p>Theo Sở Công Thương, các kỳ hội chợ trước đã giúp ký kết hàng chục biên bản hợp tác tiêu thụ sản phẩm, trong đó có những hợp đồng cung ứng ổn định
kéo dài nhiều năm. Ban tổ chức kỳ vọng hội chợ lần này thu hút khoảng 80.000 lượt khách, góp phần kích cầu tiêu dùng dịp cuối năm.</p>`,
    authorKeys: ['thu-ha', 'ngoc-lan', 'quang-huy'],
    organizationKeys: ['tinh'],
    status: 'scheduled',
    publishedDaysAgo: -3,
  },
]

// In time order (the seeder spaces them a few hours apart, oldest first), so a reply always
// follows the comment it answers.
export const demoComments: DemoComment[] = [
  {
    articleKey: 'nghi-quyet-21',
    authorName: 'Trần Văn Hậu',
    email: 'hau.tv@example.vn',
    content:
      'Chi bộ chúng tôi cũng đã chuyển sang sinh hoạt chuyên đề theo quý, anh em thảo luận sôi nổi hơn hẳn trước đây. Mong Đảng ủy Khối sớm tổng hợp và phổ ' +
      'biến các mô hình hay.',
    status: 'approved',
  },
  {
    articleKey: 'nghi-quyet-21',
    authorName: 'Lê Thị Hồng',
    content:
      'Đồng ý với anh Hậu. Ở cơ quan tôi, mỗi kỳ giao cho một đảng viên trẻ chuẩn bị chuyên đề, vừa đỡ việc cho chi ủy vừa giúp các bạn trưởng thành nhanh.',
    status: 'approved',
    replyToIndex: 0,
  },
  {
    articleKey: 'hoi-thao-phat-trien-dang-vien',
    authorName: 'Phạm Quốc Toàn',
    content:
      'Giải pháp bố trí lớp bồi dưỡng vào ngày nghỉ luân phiên rất sát thực tế. Công nhân làm ca ba như chúng tôi trước đây gần như không thể đi học được.',
    status: 'approved',
  },
  {
    articleKey: 'hoi-thao-phat-trien-dang-vien',
    authorName: 'Ngọc Ánh',
    email: 'ngocanh@example.com',
    content: 'Cho tôi hỏi thủ tục thẩm tra lý lịch với người lao động quê ở tỉnh khác hiện nay mất khoảng bao lâu ạ?',
    status: 'pending',
  },
  {
    articleKey: 'kinh-te-chin-thang',
    authorName: 'Khách',
    content: 'Toàn số liệu đẹp trên giấy, nói cho hay thôi chứ ai tin!!!',
    status: 'rejected',
  },
  {
    articleKey: 'kinh-te-chin-thang',
    authorName: 'Thu nhập thụ động',
    email: 'vip.kiemtien@example.net',
    content: 'Kiếm tiền nhanh tại nhà, mỗi ngày 2-3 triệu, không cần vốn!!! Đăng ký ngay: http://kiem-tien-nhanh.example/dang-ky',
    status: 'spam',
  },
  {
    articleKey: 'hoc-sinh-gioi',
    authorName: 'Đỗ Minh Khoa',
    content: 'Chúc mừng thầy trò Trường Chuyên! Con tôi năm nay vào đội tuyển Tin học lớp 10, cả nhà rất tự hào.',
    status: 'approved',
  },
  {
    articleKey: 'luoi-dien-vung-cao',
    authorName: 'Lò Thị Mai',
    content: 'Cảm ơn ngành điện. Bản tôi giờ điện sáng rồi, các cháu học bài buổi tối không phải dùng đèn pin nữa.',
    status: 'approved',
  },
  {
    articleKey: 'tay-nghe-cao-su',
    authorName: 'abc',
    content: 'Ai biết chỗ nào còn bán vé xem bóng đá tối thứ Bảy không, chỉ mình với.',
    status: 'rejected',
  },
  {
    articleKey: 'so-tay-dien-tu',
    authorName: 'Vũ Thanh Tâm',
    content: 'Ứng dụng này có dùng được trên điện thoại đời cũ không? Bố tôi năm nay 70 tuổi nhưng vẫn sinh hoạt chi bộ đều đặn.',
    status: 'pending',
  },
  {
    articleKey: 'hoc-sinh-gioi',
    authorName: 'Bằng cấp giá rẻ',
    content:
      'Nhận làm bằng cấp 3, bằng đại học giá rẻ, kiếm tiền nhanh với nghề tay trái. Xem ngay https://bang-cap-gia-re.example và ' +
      'https://kiem-tien-nhanh.example',
    status: 'spam',
  },
]
