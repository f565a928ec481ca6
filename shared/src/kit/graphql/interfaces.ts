import { Arg, Field, Float, ID, Int, InterfaceType } from 'type-graphql';
import { Direction, Frequency, TargetStatus } from './enums';

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

  @Field(() => Float, {
    nullable: true,
    description: "The target for a year: the unit's own, else the national one.",
  })
  target(
    @Arg('year', () => Int) _year: number,
    @Arg('unitCode', () => ID, { nullable: true }) _unitCode?: string,
  ): number | null {
    return null; // each pillar's resolver answers from its targets
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
