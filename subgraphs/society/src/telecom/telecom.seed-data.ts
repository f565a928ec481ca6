import type { TelecomEntity } from './telecom.entity';

const row = (r: Partial<TelecomEntity> & Pick<TelecomEntity, 'unitCode' | 'year' | 'source'>): Omit<TelecomEntity, 'id'> => ({
  commune4gCoverageRate: null, communeFibreRate: null, mobileBroadbandMbps: null, fixedBroadbandMbps: null, ...r,
});

/** From the articles: Thái Nguyên speeds 2022 (002), Bình Phước 4G from 2020 (000), Sơn La 4G and fibre 2023 (004). */
export const TELECOM = [
  row({ unitCode: '19', year: 2022, mobileBroadbandMbps: 33.95, fixedBroadbandMbps: 67.96, source: '002_db113c3cec7f010c' }),
  row({ unitCode: '70', year: 2020, commune4gCoverageRate: 100, source: '000_c275e4610829ebf1' }),
  row({ unitCode: '14', year: 2023, commune4gCoverageRate: 100, communeFibreRate: 100, source: '004_07bb0b8063c08b1f' }),
];
