import { AdministrativeUnitRef, createResourceResolver } from '@ioc-graph/kit';
import { DigitalSkillsEntity } from './digital-skills.entity';

/** `digitalSkills(unitCode)` and `AdministrativeUnit.societySkills`. */
export const DigitalSkillsResolver = createResourceResolver({
  entity: DigitalSkillsEntity,
  queryName: 'digitalSkills',
  description: 'Digital-skills training and citizen app downloads by unit and year.',
  filters: ['unitCode'],
  order: { unitCode: 'ASC', year: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnitRef,
  unitField: { name: 'societySkills', description: 'Digital skills and citizen app downloads, by year.' },
});
