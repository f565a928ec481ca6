import { Arg, ID, Query, Resolver } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { CommunityTeamEntity } from './community-team.entity';
import { CommunityTeamService } from './community-team.service';

@Resolver(() => CommunityTeamEntity)
export class CommunityTeamResolver {
  private readonly service: CommunityTeamService;
  constructor(rt: SubgraphRuntime) {
    this.service = new CommunityTeamService(rt);
  }

  @Query(() => [CommunityTeamEntity], { description: 'Community digital technology teams by unit and period.' })
  communityTechTeams(@Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null): Promise<CommunityTeamEntity[]> {
    return this.service.list(unitCode);
  }
}
