import { Ctx, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { AdministrativeUnitRef, type SubgraphRuntime, createResourceResolver } from '@ioc-graph/kit';
import { EnterpriseAdoptionEntity, EnterpriseAdoptionResolver } from '../enterprises';
import { DigitalEconomyEntity } from './digital-economy.entity';

@ObjectType('EconomyProfile', { description: "A unit's economy-pillar data, by year." })
export class EconomyProfile {
  @Field(() => ID) unitCode!: string;
  @Field(() => [EnterpriseAdoptionEntity]) enterpriseAdoption!: EnterpriseAdoptionEntity[];
  @Field(() => [DigitalEconomyEntity]) digitalEconomy!: DigitalEconomyEntity[];
}

/** `digitalEconomy(unitCode, year)`; a unit's rows are part of `AdministrativeUnit.economyProfile`. */
export const DigitalEconomyResolver = createResourceResolver({
  entity: DigitalEconomyEntity,
  queryName: 'digitalEconomy',
  description: 'Digital-economy figures, of a unit and/or a year.',
  filters: ['unitCode', 'year'],
  order: { unitCode: 'ASC', year: 'ASC' },
  key: ['unitCode', 'year'],
  unitType: AdministrativeUnitRef,
});

/** The economy pillar's field on `AdministrativeUnit` (owned by governance): nullable, so an outage nulls only it. */
@Resolver(() => AdministrativeUnitRef)
export class UnitEconomyResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  // Nullable: a field on governance's entity; an economy outage nulls only it, not the unit.
  @FieldResolver(() => EconomyProfile, { nullable: true, description: "The unit's enterprises' digital adoption and digital economy; null (with an error) when the economy pillar cannot answer." })
  async economyProfile(@Root() u: { code: string }, @Ctx() ctx: object): Promise<EconomyProfile> {
    // Batched with the request's other units: two queries however many units are asked for.
    const [enterpriseAdoption, digitalEconomy] = await Promise.all([
      EnterpriseAdoptionResolver.forUnit(this.rt, ctx, u.code),
      DigitalEconomyResolver.forUnit(this.rt, ctx, u.code),
    ]);
    return { unitCode: u.code, enterpriseAdoption, digitalEconomy };
  }
}
