import { Arg, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { IdentityEntity } from './identity.entity';
import { IdentityService } from './identity.service';

@Resolver(() => IdentityEntity)
export class IdentityResolver {
  private readonly service: IdentityService;
  constructor(rt: SubgraphRuntime) {
    this.service = new IdentityService(rt);
  }

  @Query(() => [IdentityEntity], { name: 'identityIssuance', description: 'Chip-ID issuance and electronic identification (Đề án 06), of a unit and/or a year.' })
  list(
    @Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ): Promise<IdentityEntity[]> {
    return this.service.list(unitCode, year);
  }
}

@Resolver(() => AdministrativeUnit)
export class UnitIdentityResolver {
  private readonly service: IdentityService;
  constructor(rt: SubgraphRuntime) {
    this.service = new IdentityService(rt);
  }

  @FieldResolver(() => [IdentityEntity], { name: 'identityIssuance', description: 'Chip-ID issuance and electronic identification (Đề án 06), by year.' })
  list(@Root() u: AdministrativeUnit): Promise<IdentityEntity[]> {
    return this.service.list(u.code);
  }
}
