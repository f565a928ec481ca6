import type { SubgraphRuntime } from '@ioc-graph/kit';
import { EnterpriseAdoptionEntity } from './enterprise-adoption.entity';

export class EnterpriseAdoptionService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(EnterpriseAdoptionEntity);
  }

  list(unitCode?: string | null, year?: number | null): Promise<EnterpriseAdoptionEntity[]> {
    return this.repo.find({ where: { ...(unitCode ? { unitCode } : {}), ...(year ? { year } : {}) }, order: { unitCode: 'ASC', year: 'ASC' } });
  }

  async seed(rows: Omit<EnterpriseAdoptionEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
