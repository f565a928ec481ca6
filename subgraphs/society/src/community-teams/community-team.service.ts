import type { SubgraphRuntime } from '@ioc-graph/kit';
import { CommunityTeamEntity } from './community-team.entity';

export class CommunityTeamService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(CommunityTeamEntity);
  }

  list(unitCode?: string | null): Promise<CommunityTeamEntity[]> {
    return this.repo.find({ where: unitCode ? { unitCode } : {}, order: { unitCode: 'ASC', period: 'ASC' } });
  }

  async seed(rows: Omit<CommunityTeamEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'period']);
  }
}
