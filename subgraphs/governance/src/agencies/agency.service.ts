import type { AgencySeed, SubgraphRuntime } from '@ioc-graph/kit';
import { AgencyEntity } from './agency.entity';

export class AgencyService {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get repo() {
    return this.rt.ds.getRepository(AgencyEntity);
  }

  list(unitCode?: string | null): Promise<AgencyEntity[]> {
    return this.repo.find({ where: unitCode === undefined || unitCode === null ? {} : { unitCode }, order: { code: 'ASC' } });
  }

  get(code: string): Promise<AgencyEntity | null> {
    return this.repo.findOneBy({ code });
  }

  /** Upserts the seed (idempotent). */
  async seed(agencies: AgencySeed[]): Promise<void> {
    await this.repo.upsert(agencies.map((a) => ({ code: a.code, name: a.name, nameEn: a.nameEn, unitCode: a.unitCode })), ['code']);
  }
}
