import { Arg, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { AgencyEntity } from './agency.entity';
import { AgencyService } from './agency.service';

@Resolver(() => AgencyEntity)
export class AgencyResolver {
  private readonly service: AgencyService;
  constructor(private readonly rt: SubgraphRuntime) {
    this.service = new AgencyService(rt);
  }

  @Query(() => [AgencyEntity], { description: 'Agencies, all or those of one unit.' })
  agencies(@Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null): Promise<AgencyEntity[]> {
    return this.service.list(unitCode);
  }

  @Query(() => AgencyEntity, { nullable: true })
  agency(@Arg('code', () => ID) code: string): Promise<AgencyEntity | null> {
    return this.service.get(code);
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: 'The unit it belongs to; null for a national body.' })
  unit(@Root() a: AgencyEntity): AdministrativeUnit | null {
    return a.unitCode ? ((this.rt.kit.catalog.units.get(a.unitCode) as AdministrativeUnit | undefined) ?? null) : null;
  }

  @FieldResolver(() => [String], { description: 'Codes of the indicators (of this pillar) it is responsible for.' })
  indicatorCodes(@Root() a: AgencyEntity): string[] {
    return [...this.rt.kit.catalog.indicators.values()].filter((i) => i.agencyCode === a.code).map((i) => i.code);
  }
}

@Resolver(() => AdministrativeUnit)
export class UnitAgenciesResolver {
  private readonly service: AgencyService;
  constructor(rt: SubgraphRuntime) {
    this.service = new AgencyService(rt);
  }

  @FieldResolver(() => [AgencyEntity], { description: 'Agencies of this unit.' })
  agencies(@Root() u: AdministrativeUnit): Promise<AgencyEntity[]> {
    return this.service.list(u.code);
  }
}
