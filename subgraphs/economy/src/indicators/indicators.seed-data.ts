/**
 * Seed data of the economy pillar (kinh tế số): indicator definitions, targets, observations.
 *
 * Figures come from the seed articles in `seeds/` (source = article id):
 * - 000_c275e4610829ebf1 — Bình Phước (70), NQ 04-NQ/TU, 2022: all units file taxes electronically,
 *   comprehensive-DT pilots with 5 enterprises and 2 cooperatives, SME DT programme, cashless payment.
 * - 002_db113c3cec7f010c — Thái Nguyên (19), Kế hoạch 80, mid-2022: digital-economy revenue ~10 bn USD,
 *   6.700 enterprises filing taxes online, e-invoices 98,9 %.
 * - 003_d554e934a09f800e — Bình Định (52), NQ 05-NQ/TU: top 10 in digital economy by 2025.
 * - 004_07bb0b8063c08b1f — Sơn La (14), NQ 17-NQ/TU, 2023: farm households onto e-commerce platforms
 *   (no figure given).
 * National targets: 749/QĐ-TTg (digital economy 20 % of GDP, > 50 % using e-payment by 2025).
 *
 * Rows with source `generated` are demo history (status `E`) leading up to the article figures.
 */
import type { IndicatorSeed, ObservationSeed, TargetSeed } from '@ioc-graph/kit';

const PILLAR = 'economy';

export const INDICATORS: IndicatorSeed[] = [
  // --- Doanh nghiệp số: thuế điện tử, hóa đơn điện tử, hợp đồng điện tử ---
  {
    code: 'ECO_ETAX_ENTERPRISES', pillar: PILLAR,
    name: 'Số doanh nghiệp thực hiện khai thuế điện tử',
    nameEn: 'Enterprises filing taxes electronically',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'TCT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'ECO_ETAX_ENTERPRISE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ doanh nghiệp, tổ chức thực hiện khai thuế điện tử',
    nameEn: 'Share of enterprises and organisations filing taxes electronically',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'TCT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'ECO_EINVOICE_RATE', pillar: PILLAR,
    name: 'Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử',
    nameEn: 'Share of enterprises using electronic invoices',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'TCT', legalBasis: '749/QĐ-TTg; Nghị định 123/2020/NĐ-CP',
  },
  {
    code: 'ECO_ECONTRACT_ENTERPRISES', pillar: PILLAR,
    name: 'Số doanh nghiệp sử dụng hợp đồng điện tử',
    nameEn: 'Enterprises using electronic contracts',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCT', legalBasis: '749/QĐ-TTg',
  },

  // --- Chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, mô hình thí điểm ---
  {
    code: 'ECO_SME_DT_SUPPORTED', pillar: PILLAR,
    name: 'Số doanh nghiệp nhỏ và vừa được hỗ trợ chuyển đổi số',
    nameEn: 'SMEs supported by the SME digital-transformation programme',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BKHDT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'ECO_DT_PILOT_ENTERPRISES', pillar: PILLAR,
    name: 'Số doanh nghiệp thí điểm chuyển đổi số toàn diện',
    nameEn: 'Enterprises piloting comprehensive digital transformation',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BKHDT', legalBasis: '749/QĐ-TTg',
  },
  {
    code: 'ECO_DT_PILOT_COOPERATIVES', pillar: PILLAR,
    name: 'Số hợp tác xã thí điểm chuyển đổi số toàn diện',
    nameEn: 'Cooperatives piloting comprehensive digital transformation',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BKHDT', legalBasis: '749/QĐ-TTg',
  },

  // --- Thanh toán không dùng tiền mặt ---
  {
    code: 'ECO_EPAYMENT_USER_RATE', pillar: PILLAR,
    name: 'Tỷ lệ dân số trưởng thành sử dụng thanh toán điện tử',
    nameEn: 'Share of adults using electronic payment',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'AVERAGE',
    agencyCode: 'NHNN', legalBasis: '749/QĐ-TTg',
    description: 'Mục tiêu quốc gia 2025 (749/QĐ-TTg): trên 50 %.',
  },
  {
    code: 'ECO_CASHLESS_PAYMENT_POINTS', pillar: PILLAR,
    name: 'Số điểm chấp nhận thanh toán không dùng tiền mặt',
    nameEn: 'Cashless payment acceptance points',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'NHNN', legalBasis: '749/QĐ-TTg',
    description: 'Trường học, bệnh viện, cơ sở y tế, chợ 4.0 và điểm bán chấp nhận thanh toán không dùng tiền mặt.',
  },

  // --- Thương mại điện tử ---
  {
    code: 'ECO_ECOMMERCE_FARM_HOUSEHOLDS', pillar: PILLAR,
    name: 'Số hộ sản xuất nông nghiệp tham gia sàn thương mại điện tử',
    nameEn: 'Farm households selling on e-commerce platforms',
    unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'BCT', legalBasis: '749/QĐ-TTg',
  },

  // --- Quy mô kinh tế số ---
  {
    code: 'ECO_DIGITAL_ECONOMY_REVENUE', pillar: PILLAR,
    name: 'Tổng doanh thu kinh tế số trên địa bàn',
    nameEn: 'Digital-economy revenue',
    unit: 'USD', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'TCTK', legalBasis: '411/QĐ-TTg',
  },
  {
    code: 'ECO_DIGITAL_ECONOMY_VALUE_ADDED', pillar: PILLAR,
    name: 'Giá trị tăng thêm của kinh tế số',
    nameEn: 'Digital-economy value added',
    unit: 'VND', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'TCTK', legalBasis: '411/QĐ-TTg',
  },
  {
    code: 'ECO_GRDP', pillar: PILLAR,
    name: 'Tổng sản phẩm trên địa bàn (GRDP)',
    nameEn: 'Gross regional domestic product (GRDP)',
    unit: 'VND', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'SUM',
    agencyCode: 'TCTK',
  },
  {
    code: 'ECO_DIGITAL_ECONOMY_GRDP_SHARE', pillar: PILLAR,
    name: 'Tỷ trọng kinh tế số trong GRDP',
    nameEn: 'Digital economy share of GRDP',
    unit: '%', direction: 'HIGHER_IS_BETTER', frequency: 'YEARLY', aggregation: 'RATIO',
    numeratorCode: 'ECO_DIGITAL_ECONOMY_VALUE_ADDED', denominatorCode: 'ECO_GRDP', multiplier: 100,
    agencyCode: 'TCTK', legalBasis: '749/QĐ-TTg; 411/QĐ-TTg',
    description: 'Mục tiêu quốc gia: 20 % GDP năm 2025, 30 % năm 2030.',
  },

  // --- Xếp hạng DTI trụ cột kinh tế số ---
  {
    code: 'ECO_DTI_ECONOMY_RANK', pillar: PILLAR,
    name: 'Xếp hạng trụ cột Kinh tế số (DTI)',
    nameEn: 'DTI digital economy pillar rank',
    unit: 'rank', direction: 'LOWER_IS_BETTER', frequency: 'YEARLY', aggregation: 'LAST',
    agencyCode: 'BTTTT', legalBasis: '922/QĐ-BTTTT',
  },
];

export const TARGETS: TargetSeed[] = [
  // --- National targets (749/QĐ-TTg) ---
  { indicatorCode: 'ECO_DIGITAL_ECONOMY_GRDP_SHARE', year: 2025, unitCode: null, value: 20, legalBasis: '749/QĐ-TTg', source: '749/QĐ-TTg' },
  { indicatorCode: 'ECO_DIGITAL_ECONOMY_GRDP_SHARE', year: 2030, unitCode: null, value: 30, legalBasis: '749/QĐ-TTg', source: '749/QĐ-TTg' },
  { indicatorCode: 'ECO_EPAYMENT_USER_RATE', year: 2025, unitCode: null, value: 50, legalBasis: '749/QĐ-TTg', source: '749/QĐ-TTg' },

  // --- Bình Định (52): top 10 toàn quốc về kinh tế số đến 2025 ---
  { indicatorCode: 'ECO_DTI_ECONOMY_RANK', year: 2025, unitCode: '52', value: 10, legalBasis: '05-NQ/TU (Ban Thường vụ Tỉnh ủy Bình Định)', source: '003_d554e934a09f800e' },
];

const A000 = '000_c275e4610829ebf1';
const A002 = '002_db113c3cec7f010c';
const GEN = 'generated';

export const OBSERVATIONS: ObservationSeed[] = [
  // --- Thái Nguyên (19), mid-2022 — article 002 ---
  { indicatorCode: 'ECO_DIGITAL_ECONOMY_REVENUE', unitCode: '19', period: '2022', value: 10000000000, status: 'A', source: A002, note: 'tổng doanh thu kinh tế số trên địa bàn tỉnh ước đạt khoảng 10 tỷ USD' },
  { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2022', value: 6700, status: 'A', source: A002, note: '6.700 DN thực hiện khai thuế điện tử' },
  { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2022', value: 98.9, status: 'A', source: A002, note: 'triển khai thành công hóa đơn điện tử đạt 98,9%' },

  // --- Bình Phước (70), 2022 — article 000 ---
  { indicatorCode: 'ECO_ETAX_ENTERPRISE_RATE', unitCode: '70', period: '2022', value: 100, status: 'A', source: A000, note: 'các đơn vị sự nghiệp, doanh nghiệp và tổ chức trong tỉnh đều thực hiện khai thuế điện tử' },
  { indicatorCode: 'ECO_DT_PILOT_ENTERPRISES', unitCode: '70', period: '2022', value: 5, status: 'A', source: A000, note: 'Mô hình doanh nghiệp với năm công ty' },
  { indicatorCode: 'ECO_DT_PILOT_COOPERATIVES', unitCode: '70', period: '2022', value: 2, status: 'A', source: A000, note: 'mô hình hợp tác xã với hai đơn vị' },

  // --- Demo history (generated, E) leading up to the Thái Nguyên 2022 figures ---
  { indicatorCode: 'ECO_DIGITAL_ECONOMY_REVENUE', unitCode: '19', period: '2019', value: 6800000000, status: 'E', source: GEN },
  { indicatorCode: 'ECO_DIGITAL_ECONOMY_REVENUE', unitCode: '19', period: '2020', value: 7900000000, status: 'E', source: GEN },
  { indicatorCode: 'ECO_DIGITAL_ECONOMY_REVENUE', unitCode: '19', period: '2021', value: 9100000000, status: 'E', source: GEN },
  { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2018', value: 5120, status: 'E', source: GEN },
  { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2019', value: 5480, status: 'E', source: GEN },
  { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2020', value: 5910, status: 'E', source: GEN },
  { indicatorCode: 'ECO_ETAX_ENTERPRISES', unitCode: '19', period: '2021', value: 6320, status: 'E', source: GEN },
  { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2019', value: 38.5, status: 'E', source: GEN },
  { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2020', value: 52.4, status: 'E', source: GEN },
  { indicatorCode: 'ECO_EINVOICE_RATE', unitCode: '19', period: '2021', value: 70.8, status: 'E', source: GEN },
];

// --- Simulator series: a DAILY indicator that the demo traffic simulator of `npm start`
// (cli/src/simulator, off with IOC_SIMULATOR=0) writes for today; no article figure behind it. ---
INDICATORS.push({
  code: 'ECO_EINVOICES_ISSUED', pillar: PILLAR,
  name: 'Số hóa đơn điện tử được phát hành trong ngày',
  nameEn: 'Electronic invoices issued today',
  unit: 'count', direction: 'HIGHER_IS_BETTER', frequency: 'DAILY', aggregation: 'SUM',
  agencyCode: 'TCT', legalBasis: 'Nghị định 123/2020/NĐ-CP',
  description: 'Số hóa đơn điện tử (có mã và không có mã của cơ quan thuế) phát hành trong ngày, lũy kế từ 0 giờ. Chuỗi mô phỏng (simulator series).',
});
