import { createResourceResolver } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { IdentityEntity } from './identity.entity';

/** `identityIssuance(unitCode, year)` and `AdministrativeUnit.identityIssuance`. */
export const IdentityResolver = createResourceResolver({
  entity: IdentityEntity,
  queryName: 'identityIssuance',
  description: 'Chip-ID issuance and electronic identification (Đề án 06), of a unit and/or a year.',
  filters: ['unitCode', 'year'],
  order: { unitCode: 'ASC', year: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnit,
  unitField: { name: 'identityIssuance', description: 'Chip-ID issuance and electronic identification (Đề án 06), by year.', nullable: false },
});
