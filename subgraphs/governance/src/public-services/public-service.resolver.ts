import { createResourceResolver } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { PublicServiceEntity } from './public-service.entity';

/** `publicServices(unitCode, year)` and `AdministrativeUnit.publicServices`. */
export const PublicServiceResolver = createResourceResolver({
  entity: PublicServiceEntity,
  queryName: 'publicServices',
  description: 'Online public services and digital signatures, of a unit and/or a year.',
  filters: ['unitCode', 'year'],
  order: { unitCode: 'ASC', year: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnit,
  unitField: { name: 'publicServices', description: 'Online public services and digital signatures, by year.', nullable: false },
});
