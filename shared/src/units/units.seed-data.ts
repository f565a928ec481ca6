import type { UnitSeed } from './unit.seed.types';

/**
 * Vietnamese administrative units for IOC Graph.
 * Sources: Decision 124/2004/QĐ-TTg code list (as amended), Resolution 202/2025/QH15 and
 * Decision 19/2025/QĐ-TTg (34 provinces from 2025-07-01), Công văn 1027/CTK-CSCL (2025 commune codes).
 * Order: 63 pre-reform provinces by code, 2025 units whose code was taken from a differently named
 * province (`<code>@2025`), districts, communes.
 */
export const UNITS: UnitSeed[] = [
  // --- Provinces valid 2008-08-01 (Hà Tây merged into Hà Nội) ---
  { code: '01', statisticalCode: '01', name: 'Thành phố Hà Nội', shortName: 'Hà Nội', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '02', statisticalCode: '02', name: 'Tỉnh Hà Giang', shortName: 'Hà Giang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '08' },
  { code: '04', statisticalCode: '04', name: 'Tỉnh Cao Bằng', shortName: 'Cao Bằng', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '06', statisticalCode: '06', name: 'Tỉnh Bắc Kạn', shortName: 'Bắc Kạn', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '19' },
  { code: '08', statisticalCode: '08', name: 'Tỉnh Tuyên Quang', shortName: 'Tuyên Quang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Hà Giang 2025-07-01
  { code: '10', statisticalCode: '10', name: 'Tỉnh Lào Cai', shortName: 'Lào Cai', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '15@2025' },
  { code: '11', statisticalCode: '11', name: 'Tỉnh Điện Biên', shortName: 'Điện Biên', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '12', statisticalCode: '12', name: 'Tỉnh Lai Châu', shortName: 'Lai Châu', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '14', statisticalCode: '14', name: 'Tỉnh Sơn La', shortName: 'Sơn La', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '15', statisticalCode: '15', name: 'Tỉnh Yên Bái', shortName: 'Yên Bái', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '15@2025' }, // code 15 passed to new Tỉnh Lào Cai
  { code: '17', statisticalCode: '17', name: 'Tỉnh Hòa Bình', shortName: 'Hòa Bình', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '25' },
  { code: '19', statisticalCode: '19', name: 'Tỉnh Thái Nguyên', shortName: 'Thái Nguyên', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Bắc Kạn 2025-07-01
  { code: '20', statisticalCode: '20', name: 'Tỉnh Lạng Sơn', shortName: 'Lạng Sơn', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '22', statisticalCode: '22', name: 'Tỉnh Quảng Ninh', shortName: 'Quảng Ninh', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '24', statisticalCode: '24', name: 'Tỉnh Bắc Giang', shortName: 'Bắc Giang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '24@2025' }, // code 24 passed to new Tỉnh Bắc Ninh
  { code: '25', statisticalCode: '25', name: 'Tỉnh Phú Thọ', shortName: 'Phú Thọ', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Vĩnh Phúc, Hòa Bình 2025-07-01
  { code: '26', statisticalCode: '26', name: 'Tỉnh Vĩnh Phúc', shortName: 'Vĩnh Phúc', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '25' },
  { code: '27', statisticalCode: '27', name: 'Tỉnh Bắc Ninh', shortName: 'Bắc Ninh', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '24@2025' }, // new Bắc Ninh takes code 24
  { code: '30', statisticalCode: '30', name: 'Tỉnh Hải Dương', shortName: 'Hải Dương', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '31' },
  { code: '31', statisticalCode: '31', name: 'Thành phố Hải Phòng', shortName: 'Hải Phòng', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Hải Dương 2025-07-01
  { code: '33', statisticalCode: '33', name: 'Tỉnh Hưng Yên', shortName: 'Hưng Yên', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Thái Bình 2025-07-01
  { code: '34', statisticalCode: '34', name: 'Tỉnh Thái Bình', shortName: 'Thái Bình', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '33' },
  { code: '35', statisticalCode: '35', name: 'Tỉnh Hà Nam', shortName: 'Hà Nam', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '37' },
  { code: '36', statisticalCode: '36', name: 'Tỉnh Nam Định', shortName: 'Nam Định', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '37' },
  { code: '37', statisticalCode: '37', name: 'Tỉnh Ninh Bình', shortName: 'Ninh Bình', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Hà Nam, Nam Định 2025-07-01
  { code: '38', statisticalCode: '38', name: 'Tỉnh Thanh Hóa', shortName: 'Thanh Hóa', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '40', statisticalCode: '40', name: 'Tỉnh Nghệ An', shortName: 'Nghệ An', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '42', statisticalCode: '42', name: 'Tỉnh Hà Tĩnh', shortName: 'Hà Tĩnh', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null },
  { code: '44', statisticalCode: '44', name: 'Tỉnh Quảng Bình', shortName: 'Quảng Bình', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '44@2025' }, // code 44 passed to new Tỉnh Quảng Trị
  { code: '45', statisticalCode: '45', name: 'Tỉnh Quảng Trị', shortName: 'Quảng Trị', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '44@2025' }, // new Quảng Trị takes code 44
  { code: '46', statisticalCode: '46', name: 'Thành phố Huế', shortName: 'Huế', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // was Tỉnh Thừa Thiên Huế until 2024-12-31 (same code); unchanged 2025-07-01
  { code: '48', statisticalCode: '48', name: 'Thành phố Đà Nẵng', shortName: 'Đà Nẵng', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Quảng Nam 2025-07-01
  { code: '49', statisticalCode: '49', name: 'Tỉnh Quảng Nam', shortName: 'Quảng Nam', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '48' },
  { code: '51', statisticalCode: '51', name: 'Tỉnh Quảng Ngãi', shortName: 'Quảng Ngãi', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Kon Tum 2025-07-01
  { code: '52', statisticalCode: '52', name: 'Tỉnh Bình Định', shortName: 'Bình Định', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '52@2025' }, // code 52 passed to new Tỉnh Gia Lai
  { code: '54', statisticalCode: '54', name: 'Tỉnh Phú Yên', shortName: 'Phú Yên', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '66' },
  { code: '56', statisticalCode: '56', name: 'Tỉnh Khánh Hòa', shortName: 'Khánh Hòa', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Ninh Thuận 2025-07-01
  { code: '58', statisticalCode: '58', name: 'Tỉnh Ninh Thuận', shortName: 'Ninh Thuận', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '56' },
  { code: '60', statisticalCode: '60', name: 'Tỉnh Bình Thuận', shortName: 'Bình Thuận', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '68' },
  { code: '62', statisticalCode: '62', name: 'Tỉnh Kon Tum', shortName: 'Kon Tum', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '51' },
  { code: '64', statisticalCode: '64', name: 'Tỉnh Gia Lai', shortName: 'Gia Lai', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '52@2025' }, // new Gia Lai takes code 52
  { code: '66', statisticalCode: '66', name: 'Tỉnh Đắk Lắk', shortName: 'Đắk Lắk', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Phú Yên 2025-07-01
  { code: '67', statisticalCode: '67', name: 'Tỉnh Đắk Nông', shortName: 'Đắk Nông', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '68' },
  { code: '68', statisticalCode: '68', name: 'Tỉnh Lâm Đồng', shortName: 'Lâm Đồng', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Đắk Nông, Bình Thuận 2025-07-01
  { code: '70', statisticalCode: '70', name: 'Tỉnh Bình Phước', shortName: 'Bình Phước', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '75' },
  { code: '72', statisticalCode: '72', name: 'Tỉnh Tây Ninh', shortName: 'Tây Ninh', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '80@2025' }, // new Tây Ninh takes code 80
  { code: '74', statisticalCode: '74', name: 'Tỉnh Bình Dương', shortName: 'Bình Dương', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '79' },
  { code: '75', statisticalCode: '75', name: 'Tỉnh Đồng Nai', shortName: 'Đồng Nai', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Bình Phước 2025-07-01
  { code: '77', statisticalCode: '77', name: 'Tỉnh Bà Rịa - Vũng Tàu', shortName: 'Bà Rịa - Vũng Tàu', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '79' },
  { code: '79', statisticalCode: '79', name: 'Thành phố Hồ Chí Minh', shortName: 'Hồ Chí Minh', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Bình Dương, Bà Rịa - Vũng Tàu 2025-07-01
  { code: '80', statisticalCode: '80', name: 'Tỉnh Long An', shortName: 'Long An', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '80@2025' }, // code 80 passed to new Tỉnh Tây Ninh
  { code: '82', statisticalCode: '82', name: 'Tỉnh Tiền Giang', shortName: 'Tiền Giang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '82@2025' }, // code 82 passed to new Tỉnh Đồng Tháp
  { code: '83', statisticalCode: '83', name: 'Tỉnh Bến Tre', shortName: 'Bến Tre', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '86' },
  { code: '84', statisticalCode: '84', name: 'Tỉnh Trà Vinh', shortName: 'Trà Vinh', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '86' },
  { code: '86', statisticalCode: '86', name: 'Tỉnh Vĩnh Long', shortName: 'Vĩnh Long', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Bến Tre, Trà Vinh 2025-07-01
  { code: '87', statisticalCode: '87', name: 'Tỉnh Đồng Tháp', shortName: 'Đồng Tháp', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '82@2025' }, // new Đồng Tháp takes code 82
  { code: '89', statisticalCode: '89', name: 'Tỉnh An Giang', shortName: 'An Giang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '91@2025' }, // new An Giang takes code 91
  { code: '91', statisticalCode: '91', name: 'Tỉnh Kiên Giang', shortName: 'Kiên Giang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '91@2025' }, // code 91 passed to new Tỉnh An Giang
  { code: '92', statisticalCode: '92', name: 'Thành phố Cần Thơ', shortName: 'Cần Thơ', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Sóc Trăng, Hậu Giang 2025-07-01
  { code: '93', statisticalCode: '93', name: 'Tỉnh Hậu Giang', shortName: 'Hậu Giang', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '92' },
  { code: '94', statisticalCode: '94', name: 'Tỉnh Sóc Trăng', shortName: 'Sóc Trăng', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '92' },
  { code: '95', statisticalCode: '95', name: 'Tỉnh Bạc Liêu', shortName: 'Bạc Liêu', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: '96' },
  { code: '96', statisticalCode: '96', name: 'Tỉnh Cà Mau', shortName: 'Cà Mau', level: 'PROVINCE', parentCode: null, validFrom: '2008-08-01', validTo: null, successorCode: null }, // absorbed Bạc Liêu 2025-07-01
  // --- Provinces from 2025-07-01 that took the code of a differently named old province ---
  { code: '15@2025', statisticalCode: '15', name: 'Tỉnh Lào Cai', shortName: 'Lào Cai', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // Lào Cai (10) + Yên Bái (15)
  { code: '24@2025', statisticalCode: '24', name: 'Tỉnh Bắc Ninh', shortName: 'Bắc Ninh', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // Bắc Ninh (27) + Bắc Giang (24)
  { code: '44@2025', statisticalCode: '44', name: 'Tỉnh Quảng Trị', shortName: 'Quảng Trị', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // Quảng Trị (45) + Quảng Bình (44)
  { code: '52@2025', statisticalCode: '52', name: 'Tỉnh Gia Lai', shortName: 'Gia Lai', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // Gia Lai (64) + Bình Định (52)
  { code: '80@2025', statisticalCode: '80', name: 'Tỉnh Tây Ninh', shortName: 'Tây Ninh', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // Tây Ninh (72) + Long An (80)
  { code: '82@2025', statisticalCode: '82', name: 'Tỉnh Đồng Tháp', shortName: 'Đồng Tháp', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // Đồng Tháp (87) + Tiền Giang (82)
  { code: '91@2025', statisticalCode: '91', name: 'Tỉnh An Giang', shortName: 'An Giang', level: 'PROVINCE', parentCode: null, validFrom: '2025-07-01', validTo: null, successorCode: null }, // An Giang (89) + Kiên Giang (91)
  // --- Districts (district level abolished 2025-07-01; names as of 2025-06-30) ---
  { code: '116', statisticalCode: '116', name: 'Thành phố Sơn La', shortName: 'Sơn La', level: 'DISTRICT', parentCode: '14', validFrom: '2008-09-03', validTo: '2025-06-30', successorCode: null }, // thị xã → thành phố by NĐ 98/2008/NĐ-CP of 2008-09-03; same code
  { code: '123', statisticalCode: '123', name: 'Huyện Mộc Châu', shortName: 'Mộc Châu', level: 'DISTRICT', parentCode: '14', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null }, // lost Vân Hồ (128) in 2013; same code
  { code: '164', statisticalCode: '164', name: 'Thành phố Thái Nguyên', shortName: 'Thái Nguyên', level: 'DISTRICT', parentCode: '19', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null },
  { code: '170', statisticalCode: '170', name: 'Huyện Võ Nhai', shortName: 'Võ Nhai', level: 'DISTRICT', parentCode: '19', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null },
  { code: '540', statisticalCode: '540', name: 'Thành phố Quy Nhơn', shortName: 'Quy Nhơn', level: 'DISTRICT', parentCode: '52', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null },
  { code: '543', statisticalCode: '543', name: 'Thị xã Hoài Nhơn', shortName: 'Hoài Nhơn', level: 'DISTRICT', parentCode: '52', validFrom: '2020-07-01', validTo: '2025-06-30', successorCode: null }, // huyện → thị xã by NQ 932/NQ-UBTVQH14, effective 2020-07-01; same code
  { code: '549', statisticalCode: '549', name: 'Thị xã An Nhơn', shortName: 'An Nhơn', level: 'DISTRICT', parentCode: '52', validFrom: '2011-08-15', validTo: '2025-06-30', successorCode: null }, // huyện → thị xã by NQ 101/NQ-CP of 2011-08-15; same code
  { code: '551', statisticalCode: '551', name: 'Huyện Vân Canh', shortName: 'Vân Canh', level: 'DISTRICT', parentCode: '52', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null },
  { code: '593', statisticalCode: '593', name: 'Thành phố Phan Thiết', shortName: 'Phan Thiết', level: 'DISTRICT', parentCode: '60', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null },
  { code: '594', statisticalCode: '594', name: 'Thị xã La Gi', shortName: 'La Gi', level: 'DISTRICT', parentCode: '60', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null }, // thị xã since 2005
  { code: '689', statisticalCode: '689', name: 'Thành phố Đồng Xoài', shortName: 'Đồng Xoài', level: 'DISTRICT', parentCode: '70', validFrom: '2018-09-11', validTo: '2025-06-30', successorCode: null }, // thị xã → thành phố by NQ 553/NQ-UBTVQH14 (2018); same code; unverified date
  { code: '691', statisticalCode: '691', name: 'Huyện Bù Gia Mập', shortName: 'Bù Gia Mập', level: 'DISTRICT', parentCode: '70', validFrom: '2009-08-11', validTo: '2025-06-30', successorCode: null }, // founded by splitting huyện Phước Long, NQ 35/NQ-CP of 2009-08-11; unverified date
  // --- Communes ---
  { code: '05503', statisticalCode: '05503', name: 'Xã Tân Cương', shortName: 'Tân Cương', level: 'COMMUNE', parentCode: '164', validFrom: '2008-08-01', validTo: null, successorCode: null }, // 2025-07-01 absorbed Thịnh Đức + Bình Sơn, keeps code 05503 and name → same row (as for provinces); parent district ended 2025-06-30
  { code: '05719', statisticalCode: '05719', name: 'Xã Sảng Mộc', shortName: 'Sảng Mộc', level: 'COMMUNE', parentCode: '170', validFrom: '2008-08-01', validTo: null, successorCode: null }, // not rearranged in 2025: continues as xã Sảng Mộc, code 05719, under Tỉnh Thái Nguyên (district level abolished)
  { code: '25229', statisticalCode: '25229', name: 'Xã Phú Văn', shortName: 'Phú Văn', level: 'COMMUNE', parentCode: '691', validFrom: '2008-08-01', validTo: '2025-06-30', successorCode: null }, // merged with Đức Hạnh, Phú Nghĩa into new xã Phú Nghĩa 2025-07-01; successor not seeded
];
