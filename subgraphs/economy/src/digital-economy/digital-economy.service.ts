import type { SubgraphRuntime } from '@ioc-graph/kit';
import { DigitalEconomyEntity } from './digital-economy.entity';

export class DigitalEconomyService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(DigitalEconomyEntity);
  }

  list(unitCode?: string | null, year?: number | null): Promise<DigitalEconomyEntity[]> {
    return this.repo.find({ where: { ...(unitCode ? { unitCode } : {}), ...(year ? { year } : {}) }, order: { unitCode: 'ASC', year: 'ASC' } });
  }

  async seed(rows: Omit<DigitalEconomyEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
