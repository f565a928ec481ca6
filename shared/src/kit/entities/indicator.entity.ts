import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AggregationName, DirectionName, FrequencyName } from '../seed.types';

@Entity('indicator')
export class IndicatorEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'name_en', nullable: true }) nameEn!: string | null;
  @Column('text') pillar!: string;
  @Column('text') unit!: string;
  @Column('text') direction!: DirectionName;
  @Column('text') frequency!: FrequencyName;
  @Column('text') aggregation!: AggregationName;
  @Column('text', { name: 'numerator_code', nullable: true }) numeratorCode!: string | null;
  @Column('text', { name: 'denominator_code', nullable: true }) denominatorCode!: string | null;
  @Column('double precision', { nullable: true }) multiplier!: number | null;
  @Column('text', { name: 'agency_code' }) agencyCode!: string;
  @Column('text', { name: 'legal_basis', nullable: true }) legalBasis!: string | null;
  @Column('text', { nullable: true }) description!: string | null;
  /** Smallest value allowed; null: the unit's default (see value-rules.ts). */
  @Column('double precision', { name: 'min_value', nullable: true }) minValue!: number | null;
  /** Largest value allowed; null: the unit's default. */
  @Column('double precision', { name: 'max_value', nullable: true }) maxValue!: number | null;
  /** Decimals readings and roll-ups are rounded to; null: the unit's default. */
  @Column('int', { nullable: true }) decimals!: number | null;
}
