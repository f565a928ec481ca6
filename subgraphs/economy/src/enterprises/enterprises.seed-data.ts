import type { EnterpriseAdoptionEntity } from './enterprise-adoption.entity';

const row = (r: Partial<EnterpriseAdoptionEntity> & Pick<EnterpriseAdoptionEntity, 'unitCode' | 'year' | 'source'>): Omit<EnterpriseAdoptionEntity, 'id'> => ({
  etaxEnterprises: null, etaxRate: null, einvoiceRate: null, econtractEnterprises: null, smeProgrammeSupported: null,
  pilotEnterprises: null, pilotCooperatives: null, ...r,
});

/** From the articles: Thái Nguyên 2022 (002), Bình Phước 2022 (000). */
export const ENTERPRISE_ADOPTION = [
  row({ unitCode: '19', year: 2022, etaxEnterprises: 6700, einvoiceRate: 98.9, source: '002_db113c3cec7f010c' }),
  row({ unitCode: '70', year: 2022, etaxRate: 100, pilotEnterprises: 5, pilotCooperatives: 2, source: '000_c275e4610829ebf1' }),
];
