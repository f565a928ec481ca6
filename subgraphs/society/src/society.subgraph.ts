import { type SubgraphDefinition, UNITS } from '@ioc-graph/shared';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';

/** The society pillar subgraph. */
export const societySubgraph: SubgraphDefinition = {
  name: 'society',
  pillar: 'society',
  typePrefix: 'Society',
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
};
