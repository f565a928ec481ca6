import { Arg, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphRuntime } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { DtiScoreEntity } from './dti-score.entity';
import { DtiService } from './dti.service';

@Resolver(() => DtiScoreEntity)
export class DtiResolver {
  private readonly dti: DtiService;
  constructor(private readonly rt: SubgraphRuntime) {
    this.dti = new DtiService(rt);
  }

  @Query(() => [DtiScoreEntity], { description: 'DTI rankings, of a year and/or a unit.' })
  dtiScores(
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
    @Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null,
  ): Promise<DtiScoreEntity[]> {
    return this.dti.list(year, unitCode);
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  unit(@Root() s: DtiScoreEntity): AdministrativeUnit | null {
    return (this.rt.kit.catalog.units.get(s.unitCode) as AdministrativeUnit | undefined) ?? null;
  }
}

@Resolver(() => AdministrativeUnit)
export class UnitDtiResolver {
  private readonly dti: DtiService;
  constructor(rt: SubgraphRuntime) {
    this.dti = new DtiService(rt);
  }

  @FieldResolver(() => [DtiScoreEntity], { description: 'DTI rank and score by year.' })
  dtiScores(@Root() u: AdministrativeUnit): Promise<DtiScoreEntity[]> {
    return this.dti.list(null, u.code);
  }
}
