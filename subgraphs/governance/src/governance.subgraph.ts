import { type SubgraphDefinition, UNITS } from '@ioc-graph/kit';
import { AGENCIES, AgencyEntity, AgencyResolver, AgencyService, UnitAgenciesResolver } from './agencies';
import { DOSSIER_FLOWS, DossierFlowEntity, DossierResolver, DossierService, UnitDossiersResolver } from './dossiers';
import { IDENTITY, IdentityEntity, IdentityResolver, IdentityService, UnitIdentityResolver } from './identity';
import { PUBLIC_SERVICES, PublicServiceEntity, PublicServiceResolver, PublicServiceService, UnitPublicServiceResolver } from './public-services';
import { DTI_SCORES, DtiResolver, DtiScoreEntity, DtiService, UnitDtiResolver } from './dti';
import { INDICATORS, OBSERVATIONS, TARGETS } from './indicators/indicators.seed-data';
import { GOVERNANCE_MIGRATIONS } from './migrations';
import { AdministrativeUnit, UnitsResolver } from './units';

/** The governance pillar subgraph; it also owns `AdministrativeUnit`. */
export const governanceSubgraph: SubgraphDefinition = {
  name: 'governance',
  pillar: 'governance',
  typePrefix: 'Governance',
  pillarName: 'Chính quyền số',
  pillarNameEn: 'Digital government',
  unitType: AdministrativeUnit,
  resolveUnit: (code, rt) => rt.kit.catalog.units.get(code) ?? null,
  entities: [AgencyEntity, DossierFlowEntity, DtiScoreEntity, PublicServiceEntity, IdentityEntity],
  migrations: GOVERNANCE_MIGRATIONS,
  resolvers: [UnitsResolver, AgencyResolver, UnitAgenciesResolver, DossierResolver, UnitDossiersResolver, DtiResolver, UnitDtiResolver,
    PublicServiceResolver, UnitPublicServiceResolver, IdentityResolver, UnitIdentityResolver],
  referenceResolvers: (rt) => ({
    AdministrativeUnit: { __resolveReference: (ref: { code: string }) => rt().kit.catalog.units.get(ref.code) ?? null },
  }),
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
  seedDomain: async (rt) => {
    await new AgencyService(rt).seed(AGENCIES);
    await new DtiService(rt).seed(DTI_SCORES);
    await new PublicServiceService(rt).seed(PUBLIC_SERVICES);
    await new IdentityService(rt).seed(IDENTITY);
    const summary = await new DossierService(rt).record(DOSSIER_FLOWS, { reportedBy: 'seed' });
    if (summary.rejected) throw new Error(`dossier seed rejected: ${summary.rows.find((r) => r.reason)?.reason}`);
  },
};
