import type { PublicServiceEntity } from './public-service.entity';

/** From the articles: Sơn La 500 services on the national portal (004, 2023); La Gi 108 (001, 2023); Thái Nguyên 100 % level 4 and ~1,400 digital signatures (002, 2022). */
export const PUBLIC_SERVICES: Omit<PublicServiceEntity, 'id'>[] = [
  { unitCode: '14', year: 2023, onlineServices: 500, level4Rate: null, digitalSignatures: null, source: '004_07bb0b8063c08b1f' },
  { unitCode: '594', year: 2023, onlineServices: 108, level4Rate: null, digitalSignatures: null, source: '001_55716df2aa7fbea7' },
  { unitCode: '19', year: 2022, onlineServices: null, level4Rate: 100, digitalSignatures: 1400, source: '002_db113c3cec7f010c' },
];
