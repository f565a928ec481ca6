import { Arg, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { AdministrativeUnitRef, type SubgraphRuntime } from '@ioc-graph/kit';
import { EnterpriseAdoptionEntity, EnterpriseAdoptionService } from '../enterprises';
import { DigitalEconomyEntity } from './digital-economy.entity';
import { DigitalEconomyService } from './digital-economy.service';

@ObjectType('EconomyProfile', { description: "A unit's economy-pillar data, by year." })
export class EconomyProfile {
  @Field(() => ID) unitCode!: string;
  @Field(() => [EnterpriseAdoptionEntity]) enterpriseAdoption!: EnterpriseAdoptionEntity[];
  @Field(() => [DigitalEconomyEntity]) digitalEconomy!: DigitalEconomyEntity[];
}

@Resolver(() => DigitalEconomyEntity)
export class DigitalEconomyResolver {
  private readonly service: DigitalEconomyService;
  constructor(rt: SubgraphRuntime) {
    this.service = new DigitalEconomyService(rt);
  }

  @Query(() => [DigitalEconomyEntity], { description: 'Digital-economy figures, of a unit and/or a year.' })
  digitalEconomy(
    @Arg('unitCode', () => ID, { nullable: true }) unitCode?: string | null,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
  ): Promise<DigitalEconomyEntity[]> {
    return this.service.list(unitCode, year);
  }
}

@Resolver(() => AdministrativeUnitRef)
export class UnitEconomyResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  // Nullable: a field on governance's entity; an economy outage nulls only it, not the unit.
  @FieldResolver(() => EconomyProfile, { nullable: true, description: "The unit's enterprises' digital adoption and digital economy; null (with an error) when the economy pillar cannot answer." })
  async economyProfile(@Root() u: { code: string }): Promise<EconomyProfile> {
    const [enterpriseAdoption, digitalEconomy] = await Promise.all([
      new EnterpriseAdoptionService(this.rt).list(u.code),
      new DigitalEconomyService(this.rt).list(u.code),
    ]);
    return { unitCode: u.code, enterpriseAdoption, digitalEconomy };
  }
}
