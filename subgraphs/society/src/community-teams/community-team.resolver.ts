import { AdministrativeUnitRef, createResourceResolver } from '@ioc-graph/kit';
import { CommunityTeamEntity } from './community-team.entity';

/** `communityTechTeams(unitCode)` and `AdministrativeUnit.societyTeams`. */
export const CommunityTeamResolver = createResourceResolver({
  entity: CommunityTeamEntity,
  queryName: 'communityTechTeams',
  description: 'Community digital technology teams by unit and period.',
  filters: ['unitCode'],
  order: { unitCode: 'ASC', period: 'ASC' },
  key: ['unitCode', 'period'],
  unitType: AdministrativeUnitRef,
  unitField: { name: 'societyTeams', description: 'Community digital technology teams, by period.' },
});
