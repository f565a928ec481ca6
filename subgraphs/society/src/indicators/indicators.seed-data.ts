/**
 * Seed data of the society pillar (xã hội số): indicator definitions, targets, observations.
 *
 * Figures come from the seed articles in `seeds/` (source = article id):
 * - 000_c275e4610829ebf1 — Bình Phước (70), NQ 04-NQ/TU, 2020–2023: 4G across the province from 2020,
 *   111 commune-level and 843 village-level community tech teams (campaign 1/6–31/8/2022), HR project
 *   targets for 2025 (60 % of people with digital skills, ≥ 50 DT experts).
 * - 002_db113c3cec7f010c — Thái Nguyên (19), Kế hoạch 80, mid-2022: mobile 33,95 Mbps (+~26 %), fixed
 *   67,96 Mbps (+44 %), teams in every hamlet, C-Thái Nguyên ~230.000 downloads.
 * - 003_d554e934a09f800e — Bình Định (52), NQ 05-NQ/TU, October 2022: teams in 159/159 communes,
 *   1.116 hamlets, 4.353 members; top 10 in digital society by 2025.
 * - 004_07bb0b8063c08b1f — Sơn La (14), NQ 17-NQ/TU, 2023: fibre to 100 % of commune centres, 4G everywhere.
 * National targets: 749/QĐ-TTg (fibre to 100 % of communes by 2025), 411/QĐ-TTg (> 70 % of
 * working-age people with basic digital skills by 2025).
 *
 * Rows with source `generated` are demo history (status `E`) leading up to the article figures.
 */
import type { IndicatorSeed, ObservationSeed, TargetSeed } from '@ioc-graph/kit';

const PILLAR = 'society';

export const INDICATORS: IndicatorSeed[] = [
  // --- Hạ tầng viễn thông: phủ sóng, cáp quang, tốc độ băng rộng ---
  {
    code: 'SOC_COMMUNE_4G_COVERAGE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ xã, phường, thị trấn được phủ sóng di động 4G',
    nameEn: 'Share of communes covered by 4G mobile networks',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_COMMUNE_FIBRE_COVERAGE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ xã, phường, thị trấn có cáp quang đến trung tâm',
    nameEn: 'Share of communes with fibre to the commune centre',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_VILLAGE_MOBILE_BROADBAND_COVERAGE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ thôn, xóm, bản có sóng di động băng rộng',
    nameEn: 'Share of hamlets covered by mobile broadband',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_MOBILE_BROADBAND_MBPS', pillar: PILLAR,
    name: 'Tốc độ tải xuống trung bình mạng di động băng rộng',
    nameEn: 'Average mobile broadband download speed',
    unit: 'Mbps', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_FIXED_BROADBAND_MBPS', pillar: PILLAR,
    name: 'Tốc độ tải xuống trung bình mạng băng rộng cố định',
    nameEn: 'Average fixed broadband download speed',
    unit: 'Mbps', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },

  // --- Tổ công nghệ số cộng đồng (community digital technology teams), theo tháng ---
  {
    code: 'SOC_COMMUNES_TOTAL', pillar: PILLAR,
    name: 'Số xã, phường, thị trấn',
    nameEn: 'Communes, wards and townships',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BNV',
    description: 'Mẫu số cho tỷ lệ bao phủ của tổ công nghệ số cộng đồng cấp xã.',
  },
  {
    code: 'SOC_VILLAGES_TOTAL', pillar: PILLAR,
    name: 'Số thôn, xóm, bản, ấp, tổ dân phố',
    nameEn: 'Hamlets and residential groups',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BNV',
    description: 'Mẫu số cho tỷ lệ bao phủ của tổ công nghệ số cộng đồng cấp thôn.',
  },
  {
    code: 'SOC_COMMUNES_WITH_TECH_TEAMS', pillar: PILLAR,
    name: 'Số xã, phường, thị trấn đã thành lập tổ công nghệ số cộng đồng',
    nameEn: 'Communes that have set up community digital technology teams',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_COMMUNE_TECH_TEAM_COVERAGE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ xã, phường, thị trấn đã thành lập tổ công nghệ số cộng đồng',
    nameEn: 'Share of communes with community digital technology teams',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'RATIO',
    numeratorCode: 'SOC_COMMUNES_WITH_TECH_TEAMS', denominatorCode: 'SOC_COMMUNES_TOTAL', multiplier: 100,
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_COMMUNITY_TECH_TEAMS_COMMUNE', pillar: PILLAR,
    name: 'Số tổ công nghệ số cộng đồng cấp xã',
    nameEn: 'Commune-level community digital technology teams',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_COMMUNITY_TECH_TEAMS_VILLAGE', pillar: PILLAR,
    name: 'Số tổ công nghệ số cộng đồng cấp thôn, xóm, ấp',
    nameEn: 'Hamlet-level community digital technology teams',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Mỗi thôn, xóm, ấp, tổ dân phố có một tổ: bằng số thôn đã có tổ.',
  },
  {
    code: 'SOC_VILLAGE_TECH_TEAM_COVERAGE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ thôn, xóm, bản, tổ dân phố có tổ công nghệ số cộng đồng',
    nameEn: 'Share of hamlets with a community digital technology team',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'RATIO',
    numeratorCode: 'SOC_COMMUNITY_TECH_TEAMS_VILLAGE', denominatorCode: 'SOC_VILLAGES_TOTAL', multiplier: 100,
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_COMMUNITY_TECH_TEAM_MEMBERS', pillar: PILLAR,
    name: 'Số thành viên tổ công nghệ số cộng đồng',
    nameEn: 'Members of community digital technology teams',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'SOC_HOUSEHOLDS_REACHED_BY_TECH_TEAMS', pillar: PILLAR,
    name: 'Số hộ gia đình được tổ công nghệ số cộng đồng hướng dẫn',
    nameEn: 'Households reached by community digital technology teams',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: '“Đi từng ngõ, gõ từng nhà” hướng dẫn dịch vụ công trực tuyến và kỹ năng số.',
  },

  // --- Kỹ năng số, nhân lực số ---
  {
    code: 'SOC_DIGITAL_SKILLS_RATE', pillar: PILLAR,
    name: 'Tỷ lệ dân số trong độ tuổi lao động có kỹ năng số cơ bản',
    nameEn: 'Share of working-age people with basic digital skills',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '411/QĐ-TTg',
    description: 'Mục tiêu quốc gia 2025 (411/QĐ-TTg): trên 70 %.',
  },
  {
    code: 'SOC_DT_EXPERTS', pillar: PILLAR,
    name: 'Số chuyên gia chuyển đổi số được đào tạo',
    nameEn: 'Digital-transformation experts trained',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },

  // --- Nền tảng số cho người dân ---
  {
    code: 'SOC_CITIZEN_APP_DOWNLOADS', pillar: PILLAR,
    name: 'Số lượt tải ứng dụng công dân số của tỉnh',
    nameEn: 'Downloads of the provincial citizen app',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Lũy kế lượt tải (ví dụ C-Thái Nguyên).',
  },

  // --- Xếp hạng DTI trụ cột xã hội số ---
  {
    code: 'SOC_DTI_SOCIETY_RANK', pillar: PILLAR,
    name: 'Xếp hạng trụ cột Xã hội số (DTI)',
    nameEn: 'DTI digital society pillar rank',
    unit: 'rank', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT', legalBasis: '922/QĐ-BTTTT',
  },
];

export const TARGETS: TargetSeed[] = [
  // --- National targets for 2025 ---
  { indicatorCode: 'SOC_DIGITAL_SKILLS_RATE', year: 2025, unitCode: null, value: 70, legalBasis: '411/QĐ-TTg', source: '411/QĐ-TTg' },
  { indicatorCode: 'SOC_COMMUNE_FIBRE_COVERAGE_RATE', year: 2025, unitCode: null, value: 100, legalBasis: '749/QĐ-TTg', source: '749/QĐ-TTg' },

  // --- Bình Phước (70): Đề án phát triển nguồn nhân lực CNTT đến 2025 (thực hiện NQ 04-NQ/TU) ---
  { indicatorCode: 'SOC_DIGITAL_SKILLS_RATE', year: 2025, unitCode: '70', value: 60, legalBasis: '04-NQ/TU (Tỉnh ủy Bình Phước); Đề án phát triển nguồn nhân lực CNTT tỉnh Bình Phước đến năm 2025', source: '000_c275e4610829ebf1' },
  { indicatorCode: 'SOC_DT_EXPERTS', year: 2025, unitCode: '70', value: 50, legalBasis: '04-NQ/TU (Tỉnh ủy Bình Phước); Đề án phát triển nguồn nhân lực CNTT tỉnh Bình Phước đến năm 2025', source: '000_c275e4610829ebf1' },

  // --- Thái Nguyên (19): phủ sóng di động băng rộng toàn bộ xóm, bản trong năm 2022 ---
  { indicatorCode: 'SOC_VILLAGE_MOBILE_BROADBAND_COVERAGE_RATE', year: 2022, unitCode: '19', value: 100, legalBasis: 'Kế hoạch số 80 (UBND tỉnh Thái Nguyên)', source: '002_db113c3cec7f010c' },

  // --- Bình Định (52): top 10 toàn quốc về xã hội số đến 2025 ---
  { indicatorCode: 'SOC_DTI_SOCIETY_RANK', year: 2025, unitCode: '52', value: 10, legalBasis: '05-NQ/TU (Ban Thường vụ Tỉnh ủy Bình Định)', source: '003_d554e934a09f800e' },
];

const A000 = '000_c275e4610829ebf1';
const A002 = '002_db113c3cec7f010c';
const A003 = '003_d554e934a09f800e';
const A004 = '004_07bb0b8063c08b1f';
const GEN = 'generated';

export const OBSERVATIONS: ObservationSeed[] = [
  // --- Thái Nguyên (19), 2021–2022 — article 002 ---
  { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '19', period: '2022', value: 33.95, status: 'A', source: A002, note: 'chỉ số tải xuống ở mạng di động băng rộng hiện nay là 33,95 Mbps' },
  { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '19', period: '2021', value: 26.94, status: 'E', source: A002, note: '33,95 Mbps, tăng khoảng 26% so với năm 2021 (33,95 / 1,26)' },
  { indicatorCode: 'SOC_FIXED_BROADBAND_MBPS', unitCode: '19', period: '2022', value: 67.96, status: 'A', source: A002, note: 'chỉ số đối với mạng cố định băng rộng là 67,96 Mbps' },
  { indicatorCode: 'SOC_FIXED_BROADBAND_MBPS', unitCode: '19', period: '2021', value: 47.19, status: 'E', source: A002, note: '67,96 Mbps, tăng 44% so với năm trước (67,96 / 1,44)' },
  { indicatorCode: 'SOC_VILLAGE_TECH_TEAM_COVERAGE_RATE', unitCode: '19', period: '2022-08', value: 100, status: 'A', source: A002, note: 'thành lập tổ công nghệ số cộng đồng tại tất cả các xóm, bản, tổ dân phố' },
  { indicatorCode: 'SOC_CITIZEN_APP_DOWNLOADS', unitCode: '19', period: '2022', value: 230000, status: 'A', source: A002, note: 'ứng dụng C-Thái Nguyên hiện đạt gần 230.000 lượt tải' },

  // --- Bình Định (52), cuối tháng 10/2022 — article 003 ---
  { indicatorCode: 'SOC_COMMUNES_TOTAL', unitCode: '52', period: '2022-10', value: 159, status: 'A', source: A003, note: '159/159 xã, phường, thị trấn trong tỉnh' },
  { indicatorCode: 'SOC_COMMUNES_WITH_TECH_TEAMS', unitCode: '52', period: '2022-10', value: 159, status: 'A', source: A003, note: '159/159 xã, phường, thị trấn trong tỉnh thực hiện và thành lập tổ công nghệ số cộng đồng' },
  { indicatorCode: 'SOC_COMMUNE_TECH_TEAM_COVERAGE_RATE', unitCode: '52', period: '2022-10', value: 100, status: 'A', source: A003, note: '159/159 xã, phường, thị trấn ... thành lập tổ công nghệ số cộng đồng' },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAMS_VILLAGE', unitCode: '52', period: '2022-10', value: 1116, status: 'A', source: A003, note: 'thành lập tổ công nghệ số cộng đồng tại 1.116 thôn/xóm' },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAM_MEMBERS', unitCode: '52', period: '2022-10', value: 4353, status: 'A', source: A003, note: 'tại 1.116 thôn/xóm với 4.353 người tham gia' },

  // --- Bình Phước (70) — article 000 ---
  { indicatorCode: 'SOC_COMMUNE_4G_COVERAGE_RATE', unitCode: '70', period: '2020', value: 100, status: 'A', source: A000, note: 'Từ năm 2020, tỉnh triển khai mạng 4G phủ sóng toàn địa bàn' },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAMS_COMMUNE', unitCode: '70', period: '2022-08', value: 111, status: 'A', source: A000, note: '111 tổ cấp xã ... được thành lập (đợt cao điểm 1/6–31/8/2022)' },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAMS_VILLAGE', unitCode: '70', period: '2022-08', value: 843, status: 'A', source: A000, note: '843 tổ cấp thôn, ấp được thành lập (đợt cao điểm 1/6–31/8/2022)' },

  // --- Sơn La (14), 2023 — article 004 ---
  { indicatorCode: 'SOC_COMMUNE_FIBRE_COVERAGE_RATE', unitCode: '14', period: '2023', value: 100, status: 'A', source: A004, note: '100% các xã, phường, thị trấn đã có cáp quang đến trung tâm' },
  { indicatorCode: 'SOC_COMMUNE_4G_COVERAGE_RATE', unitCode: '14', period: '2023', value: 100, status: 'A', source: A004, note: '100% các xã, phường, thị trấn ... phổ cập mạng thông tin di động 4G' },

  // --- Demo history (generated, E) leading up to the article figures ---
  // Thái Nguyên broadband speeds (2021 values above are implied by the article)
  { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '19', period: '2018', value: 15.2, status: 'E', source: GEN },
  { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '19', period: '2019', value: 18.6, status: 'E', source: GEN },
  { indicatorCode: 'SOC_MOBILE_BROADBAND_MBPS', unitCode: '19', period: '2020', value: 22.4, status: 'E', source: GEN },
  { indicatorCode: 'SOC_FIXED_BROADBAND_MBPS', unitCode: '19', period: '2018', value: 24.5, status: 'E', source: GEN },
  { indicatorCode: 'SOC_FIXED_BROADBAND_MBPS', unitCode: '19', period: '2019', value: 30.1, status: 'E', source: GEN },
  { indicatorCode: 'SOC_FIXED_BROADBAND_MBPS', unitCode: '19', period: '2020', value: 38.3, status: 'E', source: GEN },
  // Bình Định team members → 4.353 (2022-10)
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAM_MEMBERS', unitCode: '52', period: '2022-06', value: 1850, status: 'E', source: GEN },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAM_MEMBERS', unitCode: '52', period: '2022-07', value: 2760, status: 'E', source: GEN },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAM_MEMBERS', unitCode: '52', period: '2022-08', value: 3420, status: 'E', source: GEN },
  { indicatorCode: 'SOC_COMMUNITY_TECH_TEAM_MEMBERS', unitCode: '52', period: '2022-09', value: 3980, status: 'E', source: GEN },
  // C-Thái Nguyên downloads (cumulative) → ~230.000 (2022)
  { indicatorCode: 'SOC_CITIZEN_APP_DOWNLOADS', unitCode: '19', period: '2019', value: 12000, status: 'E', source: GEN },
  { indicatorCode: 'SOC_CITIZEN_APP_DOWNLOADS', unitCode: '19', period: '2020', value: 64000, status: 'E', source: GEN },
  { indicatorCode: 'SOC_CITIZEN_APP_DOWNLOADS', unitCode: '19', period: '2021', value: 151000, status: 'E', source: GEN },
];

// --- Simulator series: DAILY and LIVE indicators that the demo traffic simulator of `npm start`
// (cli/src/simulator, off with IOC_SIMULATOR=0) writes for today; no article figure behind them. ---
INDICATORS.push(
  {
    code: 'SOC_HOUSEHOLDS_REACHED', pillar: PILLAR,
    name: 'Số hộ gia đình được tổ công nghệ số cộng đồng hỗ trợ trong ngày',
    nameEn: 'Households reached by community digital technology teams today',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'DAILY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Lượt hộ gia đình được tổ công nghệ số cộng đồng đến hướng dẫn trong ngày, lũy kế từ 0 giờ. Chuỗi mô phỏng (simulator series).',
  },
  {
    code: 'SOC_SPEEDTEST_MOBILE_MBPS', pillar: PILLAR,
    name: 'Tốc độ băng rộng di động đo được (đo kiểm trực tiếp)',
    nameEn: 'Mobile broadband speed measured (live speed tests)',
    unit: 'Mbps', direction: 'HIGHER_IS_BETTER', frequency: 'LIVE', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Kết quả một lần đo tốc độ tải xuống trên mạng di động. Chuỗi mô phỏng (simulator series).',
  },
  {
    code: 'SOC_SPEEDTEST_FIXED_MBPS', pillar: PILLAR,
    name: 'Tốc độ băng rộng cố định đo được (đo kiểm trực tiếp)',
    nameEn: 'Fixed broadband speed measured (live speed tests)',
    unit: 'Mbps', direction: 'HIGHER_IS_BETTER', frequency: 'LIVE', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Kết quả một lần đo tốc độ tải xuống trên mạng cố định. Chuỗi mô phỏng (simulator series).',
  },
);
