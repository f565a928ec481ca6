import { type SubgraphDefinition, UNITS } from '@ioc-graph/kit';
import { DIGITAL_ECONOMY, DigitalEconomyEntity, DigitalEconomyResolver, UnitEconomyResolver } from './digital-economy';
import { ENTERPRISE_ADOPTION, EnterpriseAdoptionEntity, EnterpriseAdoptionResolver } from './enterprises';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';
import { ECONOMY_MIGRATIONS } from './migrations';

/** The economy pillar subgraph. */
export const economySubgraph: SubgraphDefinition = {
  name: 'economy',
  pillar: 'economy',
  typePrefix: 'Economy',
  pillarName: 'Kinh tế số',
  pillarNameEn: 'Digital economy',
  entities: [EnterpriseAdoptionEntity, DigitalEconomyEntity],
  migrations: ECONOMY_MIGRATIONS,
  resolvers: [EnterpriseAdoptionResolver, DigitalEconomyResolver, UnitEconomyResolver],
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
  seedDomain: async (rt) => {
    await EnterpriseAdoptionResolver.seed(rt, ENTERPRISE_ADOPTION);
    await DigitalEconomyResolver.seed(rt, DIGITAL_ECONOMY);
  },
};
