import { type SubgraphDefinition, UNITS } from '@ioc-graph/shared';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';
import { AdministrativeUnit, UnitsResolver } from './units';

/** The governance pillar subgraph; it also owns `AdministrativeUnit`. */
export const governanceSubgraph: SubgraphDefinition = {
  name: 'governance',
  pillar: 'governance',
  typePrefix: 'Governance',
  unitType: AdministrativeUnit,
  resolveUnit: (code, rt) => rt.kit.catalog.units.get(code) ?? null,
  resolvers: [UnitsResolver],
  referenceResolvers: (rt) => ({
    AdministrativeUnit: { __resolveReference: (ref: { code: string }) => rt().kit.catalog.units.get(ref.code) ?? null },
  }),
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
};
