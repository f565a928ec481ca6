import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { type KitContext, ReportSummary, type SubgraphRuntime, agencyAuthorizeReport, databaseErrors } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { DossierFlowEntity, DossierFlowInput } from './dossier-flow.entity';
import { DossierService } from './dossier.service';

@Resolver(() => DossierFlowEntity)
@UseMiddleware(databaseErrors())
export class DossierResolver {
  private readonly dossiers: DossierService;
  constructor(private readonly rt: SubgraphRuntime) {
    this.dossiers = new DossierService(rt);
  }

  @Query(() => [DossierFlowEntity], { description: 'Dossier flows of a unit, oldest first, between two periods.' })
  dossierFlows(
    @Arg('unitCode', () => ID) unitCode: string,
    @Arg('from', () => String, { nullable: true }) from?: string | null,
    @Arg('to', () => String, { nullable: true }) to?: string | null,
  ): Promise<DossierFlowEntity[]> {
    return this.dossiers.list(unitCode, from, to);
  }

  @Mutation(() => ReportSummary, {
    description:
      'Records dossier counts per unit and period and computes GOV_ONLINE_DOSSIER_RATE, GOV_ONTIME_RESOLUTION_RATE and the dossier counts from them (reporters of VPCP, or admins).',
  })
  recordDossiers(@Arg('input', () => [DossierFlowInput]) input: DossierFlowInput[], @Ctx() ctx: KitContext): Promise<ReportSummary> {
    return this.dossiers.record(input, agencyAuthorizeReport(() => this.rt.kit.catalog)(ctx));
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  unit(@Root() f: DossierFlowEntity): AdministrativeUnit | null {
    return (this.rt.kit.catalog.units.get(f.unitCode) as AdministrativeUnit | undefined) ?? null;
  }
}

@Resolver(() => AdministrativeUnit)
@UseMiddleware(databaseErrors())
export class UnitDossiersResolver {
  private readonly dossiers: DossierService;
  constructor(rt: SubgraphRuntime) {
    this.dossiers = new DossierService(rt);
  }

  @FieldResolver(() => [DossierFlowEntity], { description: 'Administrative dossiers received and resolved, by period.' })
  dossierFlows(@Root() u: AdministrativeUnit): Promise<DossierFlowEntity[]> {
    return this.dossiers.list(u.code);
  }
}
