import type { SubgraphRuntime } from '@ioc-graph/kit';
import { PublicServiceEntity } from './public-service.entity';

export class PublicServiceService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(PublicServiceEntity);
  }

  list(unitCode?: string | null, year?: number | null): Promise<PublicServiceEntity[]> {
    return this.repo.find({ where: { ...(unitCode ? { unitCode } : {}), ...(year ? { year } : {}) }, order: { unitCode: 'ASC', year: 'ASC' } });
  }

  async seed(rows: Omit<PublicServiceEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
