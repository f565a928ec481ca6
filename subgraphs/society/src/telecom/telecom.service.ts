import type { SubgraphRuntime } from '@ioc-graph/kit';
import { TelecomEntity } from './telecom.entity';

export class TelecomService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(TelecomEntity);
  }

  list(unitCode?: string | null): Promise<TelecomEntity[]> {
    return this.repo.find({ where: unitCode ? { unitCode } : {}, order: { unitCode: 'ASC', year: 'ASC' } });
  }

  async seed(rows: Omit<TelecomEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
