import { type SubgraphDefinition, UNITS } from '@ioc-graph/kit';
import { AGENCIES, AgenciesResolver, AgencyEntity, AgencyResolver } from './agencies';
import { DOSSIER_FLOWS, DossierFlowEntity, DossierResolver, DossierService, UnitDossiersResolver } from './dossiers';
import { IDENTITY, IdentityEntity, IdentityResolver } from './identity';
import { PUBLIC_SERVICES, PublicServiceEntity, PublicServiceResolver } from './public-services';
import { DTI_SCORES, DtiResolver, DtiScoreEntity, DtiScoreUnitResolver } from './dti';
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
  resolvers: [UnitsResolver, AgenciesResolver, AgencyResolver, DossierResolver, UnitDossiersResolver, DtiResolver, DtiScoreUnitResolver,
    PublicServiceResolver, IdentityResolver],
  // Its readings go through the kit's ingestion; `dossierFlows` is never cached by a gateway.
  announcedMutations: ['recordDossiers'],
  referenceResolvers: (rt) => ({
    AdministrativeUnit: { __resolveReference: (ref: { code: string }) => rt().kit.catalog.units.get(ref.code) ?? null },
  }),
  seed: { units: UNITS, indicators: INDICATORS, targets: TARGETS, observations: OBSERVATIONS },
  seedDomain: async (rt) => {
    await AgenciesResolver.seed(rt, AGENCIES.map((a) => ({ code: a.code, name: a.name, nameEn: a.nameEn, unitCode: a.unitCode })));
    await DtiResolver.seed(rt, DTI_SCORES);
    await PublicServiceResolver.seed(rt, PUBLIC_SERVICES);
    await IdentityResolver.seed(rt, IDENTITY);
    const summary = await new DossierService(rt).record(DOSSIER_FLOWS, { reportedBy: 'seed' });
    if (summary.rejected) throw new Error(`dossier seed rejected: ${summary.rows.find((r) => r.reason)?.reason}`);
  },
};
