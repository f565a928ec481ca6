import { Arg, Field, Float, ID, Int, InterfaceType } from 'type-graphql';
import { Direction, Frequency, TargetStatus } from './enums';

/** `Indicator.target`'s description: the fallbacks of `KitCatalog.targetFor`. */
export const TARGET_DESCRIPTION =
  "The target that applies to a unit in a year: the unit's own, else its nearest ancestor's (district → province), " +
  'else the national one (no unitCode: the national one). For a year with none, the next year that has one (the goal ' +
  "being worked to), else the latest earlier one (a goal stays in force until a new one is set). Null: the indicator has no target.";

/** What every indicator of every pillar (and partner) answers. */
@InterfaceType('Indicator', { description: 'An indicator definition (DHIS2/SDMX style).' })
export abstract class Indicator {
  @Field(() => ID) code!: string;
  @Field({ description: 'Vietnamese name.' }) name!: string;
  @Field(() => String, { nullable: true }) nameEn?: string | null;
  @Field() pillar!: string;
  @Field({ description: '`%`, `count`, `rank`, `Mbps`, `VND`, `USD`…' }) unit!: string;
  @Field(() => Direction) direction!: Direction;
  @Field(() => Frequency) frequency!: Frequency;

  /**
   * Declared here for the schema; answered by the kit (`buildKitSchemaParts`' `target` field
   * resolver, through `KitCatalog.targetFor`) for every type that implements this interface.
   * @throws Error when a type implements Indicator without the kit's resolver: a wiring fault, never a silent null
   */
  @Field(() => Float, { nullable: true, description: TARGET_DESCRIPTION })
  target(
    @Arg('year', () => Int) _year: number,
    @Arg('unitCode', () => ID, { nullable: true }) _unitCode?: string,
  ): number | null {
    throw new Error(`Indicator.target has no resolver on ${this.constructor.name}: implement it with KitCatalog.targetFor (buildKitSchemaParts does)`);
  }
}

/** One observation as the screens see it. */
@InterfaceType('Reading', { description: 'An observation of an indicator for a unit and period.' })
export abstract class Reading {
  @Field(() => ID, { description: 'Position in the feed; pass it as `after` to resume.' }) cursor!: string;
  @Field(() => ID) indicatorCode!: string;
  @Field(() => ID) unitCode!: string;
  @Field({ description: 'ISO period: `2023`, `2023-Q3`, `2023-07`, `2023-07-15`, or a timestamp.' })
  period!: string;
  @Field(() => Float) value!: number;
  @Field(() => TargetStatus) status!: TargetStatus;
  @Field() recordedAt!: Date;
}
