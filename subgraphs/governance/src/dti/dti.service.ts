import type { SubgraphRuntime } from '@ioc-graph/kit';
import { DtiScoreEntity } from './dti-score.entity';

export class DtiService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(DtiScoreEntity);
  }

  /** By year (best rank first) and/or unit (oldest year first). */
  list(year?: number | null, unitCode?: string | null): Promise<DtiScoreEntity[]> {
    return this.repo.find({
      where: { ...(year ? { year } : {}), ...(unitCode ? { unitCode } : {}) },
      order: { year: 'ASC', rank: 'ASC' },
    });
  }

  async seed(rows: Omit<DtiScoreEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
