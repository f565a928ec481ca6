/**
 * Seed data of the governance pillar (chính quyền số): indicator definitions, targets, observations.
 *
 * Figures come from the seed articles in `seeds/` (source = article id):
 * - 000_c275e4610829ebf1 — Bình Phước (70), NQ 04-NQ/TU, 2022–2023: DTI 9/63, ICT Index 2019 56/63,
 *   campaign 1/6–31/8/2022 (overdue dossiers 3,78 % → 0,5 %), pilot models, IT staff.
 * - 001_55716df2aa7fbea7 — Thị xã La Gi (594), Bình Thuận (60), NQ 10-NQ/TU, KH 82-KH/TU, 2023:
 *   108 online services, 98,91 % on time, Đề án 06 (chip-ID 96.376/104.080 = 92,5 %, eID).
 * - 002_db113c3cec7f010c — Thái Nguyên (19), Kế hoạch 80, mid-2022: DTI 2021 8/63 (+4), ICT Index
 *   2019 44/63, 100 % level-4 procedures, ~1.400 digital signatures, IOC in 3 cities.
 * - 003_d554e934a09f800e — Bình Định (52), NQ 05-NQ/TU, late 2022: top 10 DTI by 2025, An Nhơn smart city.
 * - 004_07bb0b8063c08b1f — Sơn La (14), NQ 17-NQ/TU, 2023: 69,46 % dossiers online, 500 services on
 *   the national portal, 38 + 3 agencies reporting to the IOC, smart-city pilots.
 *
 * Rows with source `generated` are demo history (status `E`) leading up to the article figures.
 */
import type { IndicatorSeed, ObservationSeed, TargetSeed } from '@ioc-graph/kit';

const PILLAR = 'governance';

export const INDICATORS: IndicatorSeed[] = [
  // --- Dịch vụ công trực tuyến (online public services) ---
  {
    code: 'GOV_ONLINE_PUBLIC_SERVICES', pillar: PILLAR,
    name: 'Số dịch vụ công trực tuyến được cung cấp',
    nameEn: 'Online public services provided',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
    description: 'Số dịch vụ công trực tuyến của đơn vị đang cung cấp (trên Cổng DVC tỉnh hoặc tích hợp trên Cổng DVC quốc gia).',
  },
  {
    code: 'GOV_LEVEL4_SERVICES_RATE', pillar: PILLAR,
    name: 'Tỷ lệ dịch vụ công trực tuyến mức độ 4 (toàn trình)',
    nameEn: 'Share of public services online at level 4 (end-to-end)',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
    description: 'Tỷ lệ thủ tục hành chính đủ điều kiện được cung cấp trực tuyến mức độ 4. Mục tiêu quốc gia 2025: 80 %.',
  },
  {
    code: 'GOV_PROCEDURES_PUBLICISED_RATE', pillar: PILLAR,
    name: 'Tỷ lệ thủ tục hành chính được công khai',
    nameEn: 'Share of administrative procedures published',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_PROCEDURES_SHORTENED', pillar: PILLAR,
    name: 'Số thủ tục hành chính đăng ký rút ngắn thời gian giải quyết',
    nameEn: 'Administrative procedures registered for shortened processing time',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },

  // --- Hồ sơ thủ tục hành chính (administrative dossiers: the flow the rates are computed from) ---
  {
    code: 'GOV_DOSSIERS_RECEIVED', pillar: PILLAR,
    name: 'Số hồ sơ thủ tục hành chính tiếp nhận',
    nameEn: 'Administrative dossiers received',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
    description: 'Tổng số hồ sơ tiếp nhận (trực tuyến và trực tiếp/bưu chính).',
  },
  {
    code: 'GOV_DOSSIERS_RECEIVED_ONLINE', pillar: PILLAR,
    name: 'Số hồ sơ thủ tục hành chính tiếp nhận trực tuyến',
    nameEn: 'Administrative dossiers received online',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_DOSSIERS_RECEIVED_OFFLINE', pillar: PILLAR,
    name: 'Số hồ sơ thủ tục hành chính tiếp nhận trực tiếp',
    nameEn: 'Administrative dossiers received in person or by post',
    unit: 'count', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_ONLINE_DOSSIER_RATE', pillar: PILLAR,
    name: 'Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận trực tuyến',
    nameEn: 'Share of administrative dossiers received online',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'RATIO',
    numeratorCode: 'GOV_DOSSIERS_RECEIVED_ONLINE', denominatorCode: 'GOV_DOSSIERS_RECEIVED', multiplier: 100,
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
    description: 'Mục tiêu quốc gia 2025 (749/QĐ-TTg): 90 % hồ sơ cấp tỉnh được xử lý trực tuyến.',
  },
  {
    code: 'GOV_DOSSIERS_RESOLVED', pillar: PILLAR,
    name: 'Số hồ sơ thủ tục hành chính đã giải quyết',
    nameEn: 'Administrative dossiers resolved',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_DOSSIERS_RESOLVED_ONTIME', pillar: PILLAR,
    name: 'Số hồ sơ thủ tục hành chính giải quyết đúng hạn',
    nameEn: 'Administrative dossiers resolved on time',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_DOSSIERS_RESOLVED_LATE', pillar: PILLAR,
    name: 'Số hồ sơ thủ tục hành chính giải quyết quá hạn',
    nameEn: 'Administrative dossiers resolved late',
    unit: 'count', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_ONTIME_RESOLUTION_RATE', pillar: PILLAR,
    name: 'Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn',
    nameEn: 'Share of administrative dossiers resolved on time',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'RATIO',
    numeratorCode: 'GOV_DOSSIERS_RESOLVED_ONTIME', denominatorCode: 'GOV_DOSSIERS_RESOLVED', multiplier: 100,
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_OVERDUE_DOSSIER_RATE', pillar: PILLAR,
    name: 'Tỷ lệ hồ sơ thủ tục hành chính quá hạn (lũy kế đến cuối tháng)',
    nameEn: 'Share of administrative dossiers overdue (cumulative, end of month)',
    unit: '%', direction: 'LOWER_IS_BETTER', frequency: 'MONTHLY', aggregation: 'AVERAGE',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
    description: 'Theo dõi theo tháng trong các đợt cao điểm (bổ sung cho tỷ lệ đúng hạn theo năm).',
  },
  {
    code: 'GOV_ONESTOP_ELECTRONIC_DOSSIER_RATE', pillar: PILLAR,
    name: 'Tỷ lệ hồ sơ tại Bộ phận một cửa được cập nhật vào phần mềm một cửa điện tử',
    nameEn: 'Share of one-stop-shop dossiers recorded in the electronic one-stop system',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  },

  // --- Đề án 06: dữ liệu dân cư, căn cước công dân gắn chíp, định danh điện tử ---
  {
    code: 'GOV_PROCEDURES_LINKED_POPULATION_DB_RATE', pillar: PILLAR,
    name: 'Tỷ lệ thủ tục hành chính kết nối với Cơ sở dữ liệu quốc gia về dân cư',
    nameEn: 'Share of administrative procedures connected to the national population database',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
  },
  {
    code: 'GOV_POPULATION_DB_RECORDS', pillar: PILLAR,
    name: 'Số nhân khẩu được cập nhật vào Cơ sở dữ liệu quốc gia về dân cư',
    nameEn: 'Residents recorded in the national population database',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
  },
  {
    code: 'GOV_CHIP_ID_ELIGIBLE', pillar: PILLAR,
    name: 'Số nhân khẩu thuộc diện cấp căn cước công dân',
    nameEn: 'Residents eligible for a citizen identity card',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
    description: 'Công dân từ 14 tuổi trở lên thuộc diện cấp căn cước công dân.',
  },
  {
    code: 'GOV_CHIP_ID_ISSUED', pillar: PILLAR,
    name: 'Số căn cước công dân gắn chíp điện tử đã cấp',
    nameEn: 'Chip-based citizen identity cards issued',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
  },
  {
    code: 'GOV_CHIP_ID_ISSUANCE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ cấp căn cước công dân gắn chíp',
    nameEn: 'Chip-based citizen identity card issuance rate',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'RATIO',
    numeratorCode: 'GOV_CHIP_ID_ISSUED', denominatorCode: 'GOV_CHIP_ID_ELIGIBLE', multiplier: 100,
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
  },
  {
    code: 'GOV_EID_APPLICATIONS_WITH_ID', pillar: PILLAR,
    name: 'Số hồ sơ cấp căn cước công dân kèm tài khoản định danh điện tử đã thu nhận',
    nameEn: 'Identity card applications received together with an electronic identification account',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
  },
  {
    code: 'GOV_EID_ACCOUNTS_ISSUED', pillar: PILLAR,
    name: 'Số tài khoản định danh điện tử đã cấp (công dân đã có căn cước công dân)',
    nameEn: 'Electronic identification accounts issued to holders of an identity card',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCA', legalBasis: '06/QĐ-TTg',
  },

  // --- Chữ ký số (digital signatures) ---
  {
    code: 'GOV_DIGITAL_SIGNATURES', pillar: PILLAR,
    name: 'Số chữ ký số đã cấp',
    nameEn: 'Digital signature certificates issued',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Lũy kế số chứng thư chữ ký số đã cấp trên địa bàn.',
  },

  // --- Xếp hạng chuyển đổi số (DTI, ICT Index) ---
  {
    code: 'GOV_DTI_RANK', pillar: PILLAR,
    name: 'Xếp hạng Chỉ số chuyển đổi số cấp tỉnh (DTI)',
    nameEn: 'Provincial Digital Transformation Index (DTI) rank',
    unit: 'rank', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT', legalBasis: '922/QĐ-BTTTT',
    description: 'Thứ hạng trên 63 tỉnh, thành phố; kỳ là năm đánh giá của DTI (DTI 2021 công bố năm 2022).',
  },
  {
    code: 'GOV_DTI_SCORE', pillar: PILLAR,
    name: 'Điểm Chỉ số chuyển đổi số cấp tỉnh (DTI)',
    nameEn: 'Provincial Digital Transformation Index (DTI) score',
    unit: 'score', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT', legalBasis: '922/QĐ-BTTTT',
  },
  {
    code: 'GOV_DTI_GOVERNMENT_RANK', pillar: PILLAR,
    name: 'Xếp hạng trụ cột Chính quyền số (DTI)',
    nameEn: 'DTI digital government pillar rank',
    unit: 'rank', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT', legalBasis: '922/QĐ-BTTTT',
  },
  {
    code: 'GOV_ICT_INDEX_RANK', pillar: PILLAR,
    name: 'Xếp hạng mức độ sẵn sàng ứng dụng CNTT (Vietnam ICT Index)',
    nameEn: 'Vietnam ICT Index rank',
    unit: 'rank', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT',
    description: 'Bảng xếp hạng do Bộ TT&TT và Hội Tin học Việt Nam công bố đến năm 2019, trước khi có DTI.',
  },
  {
    code: 'GOV_DISTRICT_DTI_RANK_IN_PROVINCE', pillar: PILLAR,
    name: 'Xếp hạng chuyển đổi số của huyện, thị xã, thành phố trong tỉnh',
    nameEn: 'Digital transformation rank of a district within its province',
    unit: 'rank', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT', legalBasis: '922/QĐ-BTTTT',
  },

  // --- Trung tâm điều hành thông minh (IOC) ---
  {
    code: 'GOV_IOC_REPORTING_AGENCIES', pillar: PILLAR,
    name: 'Số sở, ban, ngành, tổ chức đoàn thể cung cấp dữ liệu cho IOC',
    nameEn: 'Provincial agencies reporting data to the IOC',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_IOC_REPORTING_VERTICAL_AGENCIES', pillar: PILLAR,
    name: 'Số cơ quan ngành dọc cung cấp dữ liệu cho IOC',
    nameEn: 'Central-government branch agencies reporting data to the IOC',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
    description: 'Ví dụ: Cục Thuế tỉnh, Cục Thống kê tỉnh, Ngân hàng Nhà nước chi nhánh tỉnh.',
  },
  {
    code: 'GOV_DISTRICT_IOCS', pillar: PILLAR,
    name: 'Số Trung tâm điều hành thông minh (IOC) cấp huyện',
    nameEn: 'District-level intelligent operations centres',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },

  // --- Mô hình thí điểm chuyển đổi số, đô thị thông minh ---
  {
    code: 'GOV_DT_PILOT_AGENCIES', pillar: PILLAR,
    name: 'Số cơ quan hành chính thí điểm chuyển đổi số toàn diện',
    nameEn: 'Administrative agencies piloting comprehensive digital transformation',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_DT_PILOT_DISTRICTS', pillar: PILLAR,
    name: 'Số huyện thí điểm chuyển đổi số toàn diện',
    nameEn: 'Districts piloting comprehensive digital transformation',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_DT_PILOT_COMMUNES', pillar: PILLAR,
    name: 'Số xã, phường, thị trấn thí điểm chuyển đổi số toàn diện (xã thông minh)',
    nameEn: 'Communes piloting comprehensive digital transformation (smart communes)',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_SMART_CITY_PILOTS', pillar: PILLAR,
    name: 'Số đô thị triển khai đề án thí điểm đô thị thông minh',
    nameEn: 'Urban areas running a smart-city pilot',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },

  // --- Nhân lực chuyển đổi số trong cơ quan nhà nước ---
  {
    code: 'GOV_AGENCIES_WITH_IT_STAFF_RATE', pillar: PILLAR,
    name: 'Tỷ lệ cơ quan cấp tỉnh, cấp huyện có cán bộ chuyên trách hoặc phụ trách CNTT',
    nameEn: 'Share of provincial and district agencies with dedicated IT staff',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_IT_STAFF_UNIVERSITY_RATE', pillar: PILLAR,
    name: 'Tỷ lệ cán bộ phụ trách CNTT có trình độ đại học trở lên',
    nameEn: 'Share of government IT staff with a university degree',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BTTTT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'GOV_OFFICIALS_DT_TRAINED_RATE', pillar: PILLAR,
    name: 'Tỷ lệ cán bộ, công chức, viên chức được đào tạo, bồi dưỡng về chuyển đổi số',
    nameEn: 'Share of public servants trained in digital transformation',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'BNV', legalBasis: '749/QĐ-TTg',
  },
];

export const TARGETS: TargetSeed[] = [
  // --- National targets for 2025 (apply to every unit without its own) ---
  { indicatorCode: 'GOV_LEVEL4_SERVICES_RATE', year: 2025, unitCode: null, value: 80, legalBasis: '749/QĐ-TTg', source: '749/QĐ-TTg' },
  { indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', year: 2025, unitCode: null, value: 90, legalBasis: '749/QĐ-TTg', source: '749/QĐ-TTg' },

  // --- Bình Phước (70): Đề án phát triển nguồn nhân lực CNTT đến 2025 (thực hiện NQ 04-NQ/TU) ---
  { indicatorCode: 'GOV_OFFICIALS_DT_TRAINED_RATE', year: 2025, unitCode: '70', value: 100, legalBasis: '04-NQ/TU (Tỉnh ủy Bình Phước); Đề án phát triển nguồn nhân lực CNTT tỉnh Bình Phước đến năm 2025', source: '000_c275e4610829ebf1' },

  // --- Bình Định (52): top 10 toàn quốc về chính quyền số, kinh tế số, xã hội số đến 2025 ---
  { indicatorCode: 'GOV_DTI_RANK', year: 2025, unitCode: '52', value: 10, legalBasis: '05-NQ/TU (Ban Thường vụ Tỉnh ủy Bình Định)', source: '003_d554e934a09f800e' },
  { indicatorCode: 'GOV_DTI_GOVERNMENT_RANK', year: 2025, unitCode: '52', value: 10, legalBasis: '05-NQ/TU (Ban Thường vụ Tỉnh ủy Bình Định)', source: '003_d554e934a09f800e' },

  // --- La Gi (594): trong nhóm 3 huyện, thị xã, thành phố dẫn đầu về chuyển đổi số của tỉnh đến 2030 ---
  { indicatorCode: 'GOV_DISTRICT_DTI_RANK_IN_PROVINCE', year: 2030, unitCode: '594', value: 3, legalBasis: '82-KH/TU (Thị ủy La Gi) thực hiện 10-NQ/TU (Tỉnh ủy Bình Thuận)', source: '001_55716df2aa7fbea7' },
];

const A000 = '000_c275e4610829ebf1';
const A001 = '001_55716df2aa7fbea7';
const A002 = '002_db113c3cec7f010c';
const A003 = '003_d554e934a09f800e';
const A004 = '004_07bb0b8063c08b1f';
const GEN = 'generated';

export const OBSERVATIONS: ObservationSeed[] = [
  // --- Sơn La (14), 2023 — article 004 ---
  { indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', unitCode: '14', period: '2023', value: 69.46, status: 'A', source: A004, note: 'Tỷ lệ hồ sơ trực tuyến đạt 69.46%, vượt cao so với cùng kỳ năm trước' },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '14', period: '2023', value: 500, status: 'A', source: A004, note: 'đã tích hợp được 500 dịch vụ công trực tuyến của tỉnh trên Cổng Dịch vụ công quốc gia' },
  { indicatorCode: 'GOV_PROCEDURES_LINKED_POPULATION_DB_RATE', unitCode: '14', period: '2023', value: 100, status: 'A', source: A004, note: '100% các thủ tục hành chính từ cấp tỉnh, cấp xã được kết nối với cơ sở dữ liệu quốc gia về dân cư' },
  { indicatorCode: 'GOV_IOC_REPORTING_AGENCIES', unitCode: '14', period: '2023', value: 38, status: 'A', source: A004, note: 'Có 38 sở, ban, ngành, tổ chức đoàn thể của tỉnh ... cung cấp dữ liệu ... trên IOC' },
  { indicatorCode: 'GOV_IOC_REPORTING_VERTICAL_AGENCIES', unitCode: '14', period: '2023', value: 3, status: 'A', source: A004, note: '3 cơ quan ngành dọc (Cục Thuế tỉnh, Cục Thống kê tỉnh, Ngân hàng Nhà nước chi nhánh tỉnh Sơn La)' },
  { indicatorCode: 'GOV_SMART_CITY_PILOTS', unitCode: '14', period: '2023', value: 2, status: 'A', source: A004, note: 'Đề án thí điểm Đô thị thông minh (tại Thành phố và huyện Mộc Châu)' },
  { indicatorCode: 'GOV_SMART_CITY_PILOTS', unitCode: '116', period: '2023', value: 1, status: 'A', source: A004, note: 'Đô thị thông minh (tại Thành phố ...)' },
  { indicatorCode: 'GOV_SMART_CITY_PILOTS', unitCode: '123', period: '2023', value: 1, status: 'A', source: A004, note: 'Đô thị thông minh (tại ... huyện Mộc Châu)' },

  // --- Thị xã La Gi (594), Bình Thuận, 2023 — article 001 ---
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '594', period: '2023', value: 108, status: 'A', source: A001, note: 'đang thực hiện 108 thủ tục hành chính dịch vụ công trực tuyến' },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '594', period: '2023', value: 98.91, status: 'A', source: A001, note: 'kết quả giải quyết hồ sơ thủ tục hành chính đúng hạn đạt 98,91%' },
  { indicatorCode: 'GOV_ONESTOP_ELECTRONIC_DOSSIER_RATE', unitCode: '594', period: '2023', value: 100, status: 'A', source: A001, note: '100% hồ sơ thủ tục hành chính ... tại Bộ phận một cửa được cập nhật vào phần mềm một cửa điện tử' },
  { indicatorCode: 'GOV_PROCEDURES_PUBLICISED_RATE', unitCode: '594', period: '2023', value: 100, status: 'A', source: A001, note: '100% thủ tục hành chính được công khai rộng rãi' },
  { indicatorCode: 'GOV_PROCEDURES_SHORTENED', unitCode: '594', period: '2023', value: 4, status: 'A', source: A001, note: 'đăng ký rút ngắn 04 thủ tục hành chính (cấp huyện 03, cấp xã 01)' },
  { indicatorCode: 'GOV_POPULATION_DB_RECORDS', unitCode: '594', period: '2023', value: 128402, status: 'A', source: A001, note: 'cập nhật 128.402 nhân khẩu vào cơ sở dữ liệu dân cư quốc gia' },
  { indicatorCode: 'GOV_CHIP_ID_ELIGIBLE', unitCode: '594', period: '2023', value: 104080, status: 'A', source: A001, note: '104.080 nhân khẩu thuộc diện cấp căn cước công dân' },
  { indicatorCode: 'GOV_CHIP_ID_ISSUED', unitCode: '594', period: '2023', value: 96376, status: 'A', source: A001, note: 'đã cấp 96.376 căn cước công dân cho đối tượng từ 14 tuổi trở lên' },
  { indicatorCode: 'GOV_CHIP_ID_ISSUANCE_RATE', unitCode: '594', period: '2023', value: 92.5, status: 'A', source: A001, note: 'đã cấp 96.376 căn cước công dân ..., đạt 92,5%' },
  { indicatorCode: 'GOV_EID_APPLICATIONS_WITH_ID', unitCode: '594', period: '2023', value: 8352, status: 'A', source: A001, note: 'thu nhận hồ sơ cấp căn cước công dân kèm tài khoản định danh điện tử cho 8.352 trường hợp' },
  { indicatorCode: 'GOV_EID_ACCOUNTS_ISSUED', unitCode: '594', period: '2023', value: 1828, status: 'A', source: A001, note: 'cấp tài khoản định danh điện tử (đã có căn cước công dân) cho 1.828 trường hợp' },

  // --- Thái Nguyên (19), DTI 2021 and mid-2022 figures — article 002 ---
  { indicatorCode: 'GOV_DTI_RANK', unitCode: '19', period: '2021', value: 8, status: 'A', source: A002, note: 'Chỉ số DTI 2021, tỉnh Thái Nguyên tăng 4 bậc so với năm trước, đứng thứ 8/63' },
  { indicatorCode: 'GOV_DTI_RANK', unitCode: '19', period: '2020', value: 12, status: 'A', source: A002, note: 'DTI 2021 đứng thứ 8/63, tăng 4 bậc so với năm trước' },
  { indicatorCode: 'GOV_ICT_INDEX_RANK', unitCode: '19', period: '2019', value: 44, status: 'A', source: A002, note: 'năm 2019, Thái Nguyên đứng ở vị trí thứ 44/63 ... Vietnam ICT Index' },
  { indicatorCode: 'GOV_LEVEL4_SERVICES_RATE', unitCode: '19', period: '2022', value: 100, status: 'A', source: A002, note: 'duy trì cung cấp 100% thủ tục hành chính mức độ 4 đủ điều kiện trên Cổng dịch vụ công của tỉnh' },
  { indicatorCode: 'GOV_DIGITAL_SIGNATURES', unitCode: '19', period: '2022', value: 1400, status: 'A', source: A002, note: 'đã cấp gần 1.400 chữ ký số' },
  { indicatorCode: 'GOV_DISTRICT_IOCS', unitCode: '19', period: '2022', value: 3, status: 'A', source: A002, note: 'triển khai thử nghiệm Trung tâm Điều hành thông minh (IOC) tỉnh và tại 3 thành phố trực thuộc' },
  { indicatorCode: 'GOV_DT_PILOT_COMMUNES', unitCode: '170', period: '2020', value: 1, status: 'A', source: A002, note: 'Cuối năm 2020, Sảng Mộc được tỉnh lựa chọn thí điểm xây dựng xã thông minh' },

  // --- Bình Định (52), late 2022 — article 003 ---
  { indicatorCode: 'GOV_SMART_CITY_PILOTS', unitCode: '549', period: '2022', value: 1, status: 'A', source: A003, note: 'đề án xây dựng TX An Nhơn trở thành đô thị thông minh giai đoạn 2022 - 2025' },

  // --- Bình Phước (70), 2021–2023 — article 000 ---
  { indicatorCode: 'GOV_DTI_RANK', unitCode: '70', period: '2022', value: 9, status: 'A', source: A000, note: 'Năm 2022, tỉnh xếp hạng thứ 9/63 tỉnh, thành phố cả nước về chuyển đổi số' },
  { indicatorCode: 'GOV_DTI_RANK', unitCode: '70', period: '2021', value: 9, status: 'A', source: A000, note: 'đến năm 2021, tỉnh đứng thứ 9/63 tỉnh, thành phố' },
  { indicatorCode: 'GOV_ICT_INDEX_RANK', unitCode: '70', period: '2019', value: 56, status: 'A', source: A000, note: 'Vietnam ICT Index ... năm 2019, Bình Phước xếp thứ 56/63' },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-05', value: 3.78, status: 'A', source: A000, note: 'trước đó (đợt cao điểm 1/6–31/8/2022) tỷ lệ hồ sơ quá hạn là 3,78%' },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-08', value: 0.5, status: 'A', source: A000, note: 'sau đợt cao điểm, vẫn còn 0,5% số hồ sơ chưa được giải quyết đúng hạn' },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '70', period: '2022', value: 99.5, status: 'A', source: A000, note: 'sau đợt cao điểm (31/8/2022) vẫn còn 0,5% số hồ sơ chưa được giải quyết đúng hạn' },
  { indicatorCode: 'GOV_DT_PILOT_AGENCIES', unitCode: '70', period: '2022', value: 12, status: 'A', source: A000, note: 'mô hình cơ quan hành chính với 12 cơ quan' },
  { indicatorCode: 'GOV_DT_PILOT_DISTRICTS', unitCode: '70', period: '2022', value: 3, status: 'A', source: A000, note: 'mô hình cấp huyện với ba địa phương' },
  { indicatorCode: 'GOV_DT_PILOT_COMMUNES', unitCode: '70', period: '2022', value: 20, status: 'A', source: A000, note: 'mô hình cấp xã với 20 xã, phường, thị trấn' },
  { indicatorCode: 'GOV_AGENCIES_WITH_IT_STAFF_RATE', unitCode: '70', period: '2023', value: 100, status: 'A', source: A000, note: 'toàn bộ cơ quan cấp tỉnh, cấp huyện có cán bộ chuyên trách hoặc được giao phụ trách công nghệ thông tin' },
  { indicatorCode: 'GOV_IT_STAFF_UNIVERSITY_RATE', unitCode: '70', period: '2023', value: 91, status: 'A', source: A000, note: 'người có trình độ đại học đạt tỷ lệ 91%, cao đẳng là 9%' },

  // --- Demo history (generated, E) leading up to the article figures ---
  // Sơn La online dossier rate → 69,46 % (2023)
  { indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', unitCode: '14', period: '2019', value: 8.7, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', unitCode: '14', period: '2020', value: 17.9, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', unitCode: '14', period: '2021', value: 31.4, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_DOSSIER_RATE', unitCode: '14', period: '2022', value: 48.2, status: 'E', source: GEN },
  // Online public services → Sơn La 500, La Gi 108 (2023)
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '14', period: '2019', value: 126, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '14', period: '2020', value: 238, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '14', period: '2021', value: 352, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '14', period: '2022', value: 441, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '594', period: '2019', value: 35, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '594', period: '2020', value: 57, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '594', period: '2021', value: 79, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONLINE_PUBLIC_SERVICES', unitCode: '594', period: '2022', value: 96, status: 'E', source: GEN },
  // On-time resolution → La Gi 98,91 % (2023), Bình Phước 99,5 % (2022)
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '594', period: '2019', value: 95.62, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '594', period: '2020', value: 96.48, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '594', period: '2021', value: 97.35, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '594', period: '2022', value: 98.12, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '70', period: '2019', value: 92.8, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '70', period: '2020', value: 94.1, status: 'E', source: GEN },
  { indicatorCode: 'GOV_ONTIME_RESOLUTION_RATE', unitCode: '70', period: '2021', value: 95.6, status: 'E', source: GEN },
  // Bình Phước overdue dossiers by month around the campaign (3,78 % in May → 0,5 % in August 2022)
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-01', value: 5.12, status: 'E', source: GEN },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-02', value: 4.86, status: 'E', source: GEN },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-03', value: 4.41, status: 'E', source: GEN },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-04', value: 4.05, status: 'E', source: GEN },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-06', value: 2.64, status: 'E', source: GEN },
  { indicatorCode: 'GOV_OVERDUE_DOSSIER_RATE', unitCode: '70', period: '2022-07', value: 1.37, status: 'E', source: GEN },
  // La Gi chip-ID (issuance started in 2021): counts and rate consistent with each other
  { indicatorCode: 'GOV_CHIP_ID_ELIGIBLE', unitCode: '594', period: '2021', value: 102900, status: 'E', source: GEN },
  { indicatorCode: 'GOV_CHIP_ID_ELIGIBLE', unitCode: '594', period: '2022', value: 103600, status: 'E', source: GEN },
  { indicatorCode: 'GOV_CHIP_ID_ISSUED', unitCode: '594', period: '2021', value: 70500, status: 'E', source: GEN },
  { indicatorCode: 'GOV_CHIP_ID_ISSUED', unitCode: '594', period: '2022', value: 89200, status: 'E', source: GEN },
  { indicatorCode: 'GOV_CHIP_ID_ISSUANCE_RATE', unitCode: '594', period: '2021', value: 68.51, status: 'E', source: GEN },
  { indicatorCode: 'GOV_CHIP_ID_ISSUANCE_RATE', unitCode: '594', period: '2022', value: 86.1, status: 'E', source: GEN },
  // Thái Nguyên digital signatures → ~1.400 (2022)
  { indicatorCode: 'GOV_DIGITAL_SIGNATURES', unitCode: '19', period: '2018', value: 480, status: 'E', source: GEN },
  { indicatorCode: 'GOV_DIGITAL_SIGNATURES', unitCode: '19', period: '2019', value: 690, status: 'E', source: GEN },
  { indicatorCode: 'GOV_DIGITAL_SIGNATURES', unitCode: '19', period: '2020', value: 920, status: 'E', source: GEN },
  { indicatorCode: 'GOV_DIGITAL_SIGNATURES', unitCode: '19', period: '2021', value: 1170, status: 'E', source: GEN },
  // DTI exists from its 2020 edition: Bình Phước 2020 (Thái Nguyên 2020 = 12 comes from article 002)
  { indicatorCode: 'GOV_DTI_RANK', unitCode: '70', period: '2020', value: 18, status: 'E', source: GEN },
];

// --- Simulator series: a DAILY indicator that the demo traffic simulator of `npm start`
// (cli/src/simulator, off with IOC_SIMULATOR=0) writes for today; no article figure behind it. ---
INDICATORS.push({
  code: 'GOV_DOSSIERS_RECEIVED_TODAY', pillar: PILLAR,
  name: 'Số hồ sơ thủ tục hành chính tiếp nhận trong ngày',
  nameEn: 'Administrative dossiers received today',
  unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'DAILY', aggregation: 'SUM',
  agencyCode: 'VPCP', legalBasis: '749/QĐ-TTg',
  description: 'Số hồ sơ tiếp nhận (trực tuyến và trực tiếp) trong ngày, lũy kế từ 0 giờ. Chuỗi mô phỏng (simulator series).',
});
