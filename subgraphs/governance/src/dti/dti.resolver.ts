import { FieldResolver, Resolver, Root } from 'type-graphql';
import { type SubgraphRuntime, createResourceResolver } from '@ioc-graph/kit';
import { AdministrativeUnit } from '../units/unit.type';
import { DtiScoreEntity } from './dti-score.entity';

/** `dtiScores(year, unitCode)` and `AdministrativeUnit.dtiScores` (by year: best rank first). */
export const DtiResolver = createResourceResolver({
  entity: DtiScoreEntity,
  queryName: 'dtiScores',
  description: 'DTI rankings, of a year and/or a unit.',
  filters: ['year', 'unitCode'],
  order: { year: 'ASC', rank: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnit,
  unitField: { name: 'dtiScores', description: 'DTI rank and score by year.', nullable: false },
});

@Resolver(() => DtiScoreEntity)
export class DtiScoreUnitResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  unit(@Root() s: DtiScoreEntity): AdministrativeUnit | null {
    return (this.rt.kit.catalog.units.get(s.unitCode) as AdministrativeUnit | undefined) ?? null;
  }
}
