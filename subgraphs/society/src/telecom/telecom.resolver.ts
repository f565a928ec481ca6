import { AdministrativeUnitRef, createResourceResolver } from '@ioc-graph/kit';
import { TelecomEntity } from './telecom.entity';

/** `telecomInfrastructure(unitCode)` and `AdministrativeUnit.societyTelecom`. */
export const TelecomResolver = createResourceResolver({
  entity: TelecomEntity,
  queryName: 'telecomInfrastructure',
  description: '4G, fibre and broadband speeds by unit and year.',
  filters: ['unitCode'],
  order: { unitCode: 'ASC', year: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnitRef,
  unitField: { name: 'societyTelecom', description: '4G, fibre and broadband speeds, by year.' },
});
