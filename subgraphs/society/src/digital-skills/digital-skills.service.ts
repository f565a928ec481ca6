import type { SubgraphRuntime } from '@ioc-graph/kit';
import { DigitalSkillsEntity } from './digital-skills.entity';

export class DigitalSkillsService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(DigitalSkillsEntity);
  }

  list(unitCode?: string | null): Promise<DigitalSkillsEntity[]> {
    return this.repo.find({ where: unitCode ? { unitCode } : {}, order: { unitCode: 'ASC', year: 'ASC' } });
  }

  async seed(rows: Omit<DigitalSkillsEntity, 'id'>[]): Promise<void> {
    await this.repo.upsert(rows, ['unitCode', 'year']);
  }
}
