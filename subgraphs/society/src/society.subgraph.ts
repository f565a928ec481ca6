import { type SubgraphDefinition, UNITS } from '@ioc-graph/kit';
import { COMMUNITY_TEAMS, CommunityTeamEntity, CommunityTeamResolver, CommunityTeamService, UnitSocietyResolver } from './community-teams';
import { DIGITAL_SKILLS, DigitalSkillsEntity, DigitalSkillsResolver, DigitalSkillsService } from './digital-skills';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';
import { SOCIETY_MIGRATIONS } from './migrations';
import { TELECOM, TelecomEntity, TelecomResolver, TelecomService } from './telecom';

/** The society pillar subgraph. */
export const societySubgraph: SubgraphDefinition = {
  name: 'society',
  pillar: 'society',
  typePrefix: 'Society',
  pillarName: 'Xã hội số',
  pillarNameEn: 'Digital society',
  entities: [TelecomEntity, CommunityTeamEntity, DigitalSkillsEntity],
  migrations: SOCIETY_MIGRATIONS,
  resolvers: [TelecomResolver, CommunityTeamResolver, DigitalSkillsResolver, UnitSocietyResolver],
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
  seedDomain: async (rt) => {
    await new TelecomService(rt).seed(TELECOM);
    await new CommunityTeamService(rt).seed(COMMUNITY_TEAMS);
    await new DigitalSkillsService(rt).seed(DIGITAL_SKILLS);
  },
};
