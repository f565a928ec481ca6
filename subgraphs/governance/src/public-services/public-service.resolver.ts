import { Arg, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { PublicServiceEntity } from './public-service.entity';
import { PublicServiceService } from './public-service.service';

@Resolver(() => PublicServiceEntity)
export class PublicServiceResolver {
  private readonly service: PublicServiceService;
  constructor(rt: SubgraphRuntime) {
    this.service = new PublicServiceService(rt);
  }

  @Query(() => [PublicServiceEntity], { name: 'publicServices', description: 'Online public services and digital signatures, of a unit and/or a year.' })
  list(
    @Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ): Promise<PublicServiceEntity[]> {
    return this.service.list(unitCode, year);
  }
}

@Resolver(() => AdministrativeUnit)
export class UnitPublicServiceResolver {
  private readonly service: PublicServiceService;
  constructor(rt: SubgraphRuntime) {
    this.service = new PublicServiceService(rt);
  }

  @FieldResolver(() => [PublicServiceEntity], { name: 'publicServices', description: 'Online public services and digital signatures, by year.' })
  list(@Root() u: AdministrativeUnit): Promise<PublicServiceEntity[]> {
    return this.service.list(u.code);
  }
}
