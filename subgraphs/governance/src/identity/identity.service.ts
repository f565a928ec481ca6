import type { SubgraphRuntime } from '@ioc-graph/kit';
import { IdentityEntity } from './identity.entity';

export class IdentityService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(IdentityEntity);
  }

  list(unitCode?: string | null, year?: number | null): Promise<IdentityEntity[]> {
    return this.repo.find({ where: { ...(unitCode ? { unitCode } : {}), ...(year ? { year } : {}) }, order: { unitCode: 'ASC', year: 'ASC' } });
  }

  async seed(rows: Omit<IdentityEntity, 'id' | 'issuanceRate'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
