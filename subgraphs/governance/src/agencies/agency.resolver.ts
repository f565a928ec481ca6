import { Arg, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { type SubgraphRuntime, createResourceResolver } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { AgencyEntity } from './agency.entity';

/** `agencies(unitCode)` and `AdministrativeUnit.agencies`. */
export const AgenciesResolver = createResourceResolver({
  entity: AgencyEntity,
  queryName: 'agencies',
  description: 'Agencies, all or those of one unit.',
  filters: ['unitCode'],
  order: { code: 'ASC' },
  key: ['code'],
  unitType: AdministrativeUnit,
  unitField: { name: 'agencies', description: 'Agencies of this unit.', nullable: false },
});

@Resolver(() => AgencyEntity)
export class AgencyResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  @Query(() => AgencyEntity, { nullable: true })
  agency(@Arg('code', () => ID) code: string): Promise<AgencyEntity | null> {
    return this.rt.ds.getRepository(AgencyEntity).findOneBy({ code });
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
