import { Arg, ID, Query, Resolver } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { DigitalSkillsEntity } from './digital-skills.entity';
import { DigitalSkillsService } from './digital-skills.service';

@Resolver(() => DigitalSkillsEntity)
export class DigitalSkillsResolver {
  private readonly service: DigitalSkillsService;
  constructor(rt: SubgraphRuntime) {
    this.service = new DigitalSkillsService(rt);
  }

  @Query(() => [DigitalSkillsEntity], { description: 'Digital-skills training and citizen app downloads by unit and year.' })
  digitalSkills(@Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null): Promise<DigitalSkillsEntity[]> {
    return this.service.list(unitCode);
  }
}
