import { type SubgraphDefinition, UNITS } from '@ioc-graph/shared';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';

/** The economy pillar subgraph. */
export const economySubgraph: SubgraphDefinition = {
  name: 'economy',
  pillar: 'economy',
  typePrefix: 'Economy',
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
};
