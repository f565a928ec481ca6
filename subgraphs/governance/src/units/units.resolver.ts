import { Arg, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { type SubgraphRuntime, UnitLevel } from '@ioc-graph/kit';
import { AdministrativeUnit } from './unit.type';

@Resolver(() => AdministrativeUnit)
export class UnitsResolver {
  constructor(private readonly rt: SubgraphRuntime) {}

  private get all() {
    return this.rt.kit.catalog.units;
  }

  @Query(() => AdministrativeUnit, { nullable: true, description: 'A unit by code, whether or not it still exists.' })
  unit(@Arg('code', () => ID) code: string): AdministrativeUnit | null {
    return (this.all.get(code) as AdministrativeUnit | undefined) ?? null;
  }

  @Query(() => [AdministrativeUnit], { description: 'Units by level and/or parent, ordered by code.' })
  units(
    @Arg('level', () => UnitLevel, { nullable: true }) level?: UnitLevel | null,
    @Arg('parentCode', () => ID, { nullable: true }) parentCode?: string | null,
    @Arg('validOn', () => String, { nullable: true, description: 'Only units that existed on this ISO date.' }) validOn?: string | null,
  ): AdministrativeUnit[] {
    return ([...this.all.values()] as AdministrativeUnit[])
      .filter((u) => !level || u.level === level)
      .filter((u) => !parentCode || u.parentCode === parentCode)
      .filter((u) => !validOn || (u.validFrom <= validOn && (!u.validTo || u.validTo >= validOn)))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true })
  parent(@Root() u: AdministrativeUnit): AdministrativeUnit | null {
    return u.parentCode ? ((this.all.get(u.parentCode) as AdministrativeUnit | undefined) ?? null) : null;
  }

  @FieldResolver(() => [AdministrativeUnit])
  children(@Root() u: AdministrativeUnit): AdministrativeUnit[] {
    return (this.rt.kit.catalog.children.get(u.code) ?? [])
      .map((c) => this.all.get(c) as AdministrativeUnit)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  @FieldResolver(() => AdministrativeUnit, { nullable: true, description: 'The unit it was merged into.' })
  successor(@Root() u: AdministrativeUnit): AdministrativeUnit | null {
    return u.successorCode ? ((this.all.get(u.successorCode) as AdministrativeUnit | undefined) ?? null) : null;
  }

  @FieldResolver(() => [AdministrativeUnit], { description: 'Units merged into this one.' })
  predecessors(@Root() u: AdministrativeUnit): AdministrativeUnit[] {
    return ([...this.all.values()] as AdministrativeUnit[])
      .filter((p) => p.successorCode === u.code)
      .sort((a, b) => a.code.localeCompare(b.code));
  }
}

