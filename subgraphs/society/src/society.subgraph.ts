import { type SubgraphDefinition, UNITS } from '@ioc-graph/kit';
import { COMMUNITY_TEAMS, CommunityTeamEntity, CommunityTeamResolver } from './community-teams';
import { DIGITAL_SKILLS, DigitalSkillsEntity, DigitalSkillsResolver } from './digital-skills';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';
import { SOCIETY_MIGRATIONS } from './migrations';
import { TELECOM, TelecomEntity, TelecomResolver } from './telecom';

/** The society pillar subgraph. */
export const societySubgraph: SubgraphDefinition = {
  name: 'society',
  pillar: 'society',
  typePrefix: 'Society',
  pillarName: 'Xã hội số',
  pillarNameEn: 'Digital society',
  entities: [TelecomEntity, CommunityTeamEntity, DigitalSkillsEntity],
  migrations: SOCIETY_MIGRATIONS,
  resolvers: [TelecomResolver, CommunityTeamResolver, DigitalSkillsResolver],
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
  seedDomain: async (rt) => {
    await TelecomResolver.seed(rt, TELECOM);
    await CommunityTeamResolver.seed(rt, COMMUNITY_TEAMS);
    await DigitalSkillsResolver.seed(rt, DIGITAL_SKILLS);
  },
};
