import { Arg, ID, Int, Query, Resolver } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { EnterpriseAdoptionEntity } from './enterprise-adoption.entity';
import { EnterpriseAdoptionService } from './enterprise-adoption.service';

@Resolver(() => EnterpriseAdoptionEntity)
export class EnterpriseAdoptionResolver {
  private readonly service: EnterpriseAdoptionService;
  constructor(rt: SubgraphRuntime) {
    this.service = new EnterpriseAdoptionService(rt);
  }

  @Query(() => [EnterpriseAdoptionEntity], { description: "Enterprises' digital adoption, of a unit and/or a year." })
  enterpriseAdoption(
    @Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ): Promise<EnterpriseAdoptionEntity[]> {
    return this.service.list(unitCode, year);
  }
}
