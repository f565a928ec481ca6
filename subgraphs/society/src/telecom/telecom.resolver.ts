import { Arg, ID, Query, Resolver } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { TelecomEntity } from './telecom.entity';
import { TelecomService } from './telecom.service';

@Resolver(() => TelecomEntity)
export class TelecomResolver {
  private readonly service: TelecomService;
  constructor(rt: SubgraphRuntime) {
    this.service = new TelecomService(rt);
  }

  @Query(() => [TelecomEntity], { description: '4G, fibre and broadband speeds by unit and year.' })
  telecomInfrastructure(@Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null): Promise<TelecomEntity[]> {
    return this.service.list(unitCode);
  }
}
