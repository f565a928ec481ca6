import { AdministrativeUnitRef, createResourceResolver } from '@ioc-graph/kit';
import { EnterpriseAdoptionEntity } from './enterprise-adoption.entity';

/** `enterpriseAdoption(unitCode, year)`; a unit's rows are part of `AdministrativeUnit.economyProfile`. */
export const EnterpriseAdoptionResolver = createResourceResolver({
  entity: EnterpriseAdoptionEntity,
  queryName: 'enterpriseAdoption',
  description: "Enterprises' digital adoption, of a unit and/or a year.",
  filters: ['unitCode', 'year'],
  order: { unitCode: 'ASC', year: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnitRef,
});
