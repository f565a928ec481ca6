/**
 * Agencies that own indicators or report observations.
 *
 * - National ministries and general departments (unitCode null): the responsible agency of every
 *   indicator definition (`IndicatorSeed.agencyCode`), since definitions are province-independent.
 * - Provincial agencies of the five provinces in the seed articles (000 Bình Phước, 001 Bình Thuận /
 *   La Gi, 002 Thái Nguyên, 003 Bình Định, 004 Sơn La): departments (sở), the People's Committee
 *   office, and the central-government branches that report to Sơn La's IOC (Cục Thuế tỉnh, Cục Thống
 *   kê tỉnh, Ngân hàng Nhà nước chi nhánh tỉnh), plus the provincial police (Đề án 06).
 * - People's Committees of the districts the articles name.
 *
 * Names are those in use in the articles' period (2021–2023); several bodies were reorganised in 2025
 * (e.g. Sở TT&TT merged into Sở KH&CN, Cục Thuế tỉnh became Thuế tỉnh).
 * Codes: `<ABBR>` national, `<ABBR>-<unit code>` local.
 */
import type { AgencySeed } from '@ioc-graph/kit';

// --- National agencies ---
const NATIONAL: AgencySeed[] = [
  { code: 'BTTTT', name: 'Bộ Thông tin và Truyền thông', nameEn: 'Ministry of Information and Communications', unitCode: null },
  { code: 'BCA', name: 'Bộ Công an', nameEn: 'Ministry of Public Security', unitCode: null },
  { code: 'VPCP', name: 'Văn phòng Chính phủ', nameEn: 'Government Office', unitCode: null },
  { code: 'BNV', name: 'Bộ Nội vụ', nameEn: 'Ministry of Home Affairs', unitCode: null },
  { code: 'BKHDT', name: 'Bộ Kế hoạch và Đầu tư', nameEn: 'Ministry of Planning and Investment', unitCode: null },
  { code: 'BCT', name: 'Bộ Công Thương', nameEn: 'Ministry of Industry and Trade', unitCode: null },
  { code: 'TCT', name: 'Tổng cục Thuế', nameEn: 'General Department of Taxation', unitCode: null },
  { code: 'TCTK', name: 'Tổng cục Thống kê', nameEn: 'General Statistics Office', unitCode: null },
  { code: 'NHNN', name: 'Ngân hàng Nhà nước Việt Nam', nameEn: 'State Bank of Vietnam', unitCode: null },
  // The Department of Health's partner subgraph (examples/partner-health) reports as BYT: registered
  // here because the agency registry is the one source of which agency codes may report.
  { code: 'BYT', name: 'Bộ Y tế', nameEn: 'Ministry of Health', unitCode: null },
];

// --- Provincial agencies, one set per province in the articles ---
const PROVINCES: { code: string; name: string }[] = [
  { code: '14', name: 'Sơn La' },
  { code: '19', name: 'Thái Nguyên' },
  { code: '52', name: 'Bình Định' },
  { code: '60', name: 'Bình Thuận' },
  { code: '70', name: 'Bình Phước' },
];

const PROVINCIAL_KINDS: { prefix: string; name: string; nameEn: string }[] = [
  { prefix: 'STTTT', name: 'Sở Thông tin và Truyền thông', nameEn: 'Department of Information and Communications' },
  { prefix: 'VPUBND', name: 'Văn phòng Ủy ban nhân dân', nameEn: "Office of the People's Committee" },
  { prefix: 'CA', name: 'Công an', nameEn: 'Police Department' },
  { prefix: 'CT', name: 'Cục Thuế', nameEn: 'Tax Department' },
  { prefix: 'CTK', name: 'Cục Thống kê', nameEn: 'Statistics Office' },
  { prefix: 'NHNN', name: 'Ngân hàng Nhà nước Việt Nam – Chi nhánh', nameEn: 'State Bank of Vietnam, branch of' },
  { prefix: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư', nameEn: 'Department of Planning and Investment' },
  { prefix: 'SCT', name: 'Sở Công Thương', nameEn: 'Department of Industry and Trade' },
  { prefix: 'SNV', name: 'Sở Nội vụ', nameEn: 'Department of Home Affairs' },
];

const PROVINCIAL: AgencySeed[] = PROVINCES.flatMap((p) =>
  PROVINCIAL_KINDS.map((k) => ({
    code: `${k.prefix}-${p.code}`,
    name: `${k.name} tỉnh ${p.name}`,
    nameEn: k.prefix === 'NHNN' ? `${k.nameEn} ${p.name} Province` : `${k.nameEn}, ${p.name} Province`,
    unitCode: p.code,
  })),
);

// --- District People's Committees named in the articles ---
const DISTRICT: AgencySeed[] = [
  { code: 'UBND-594', name: 'Ủy ban nhân dân thị xã La Gi', nameEn: "People's Committee of La Gi Town", unitCode: '594' },
  { code: 'UBND-540', name: 'Ủy ban nhân dân thành phố Quy Nhơn', nameEn: "People's Committee of Quy Nhơn City", unitCode: '540' },
  { code: 'UBND-543', name: 'Ủy ban nhân dân thị xã Hoài Nhơn', nameEn: "People's Committee of Hoài Nhơn Town", unitCode: '543' },
  { code: 'UBND-549', name: 'Ủy ban nhân dân thị xã An Nhơn', nameEn: "People's Committee of An Nhơn Town", unitCode: '549' },
  { code: 'UBND-551', name: 'Ủy ban nhân dân huyện Vân Canh', nameEn: "People's Committee of Vân Canh District", unitCode: '551' },
  { code: 'UBND-123', name: 'Ủy ban nhân dân huyện Mộc Châu', nameEn: "People's Committee of Mộc Châu District", unitCode: '123' },
  { code: 'UBND-691', name: 'Ủy ban nhân dân huyện Bù Gia Mập', nameEn: "People's Committee of Bù Gia Mập District", unitCode: '691' },
  { code: 'UBND-164', name: 'Ủy ban nhân dân thành phố Thái Nguyên', nameEn: "People's Committee of Thái Nguyên City", unitCode: '164' },
  { code: 'UBND-170', name: 'Ủy ban nhân dân huyện Võ Nhai', nameEn: "People's Committee of Võ Nhai District", unitCode: '170' },
];

export const AGENCIES: AgencySeed[] = [...NATIONAL, ...PROVINCIAL, ...DISTRICT];
