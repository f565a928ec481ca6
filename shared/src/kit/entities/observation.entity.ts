import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ObservationStatusCode } from '../seed.types';

/**
 * One revision of an observation. A correction inserts a new revision and marks the previous one
 * superseded, so history is kept; the current value is the row with `supersededAt` null.
 */
@Entity('observation')
export class ObservationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text', { name: 'indicator_code' }) indicatorCode!: string;
  @Column('text', { name: 'unit_code' }) unitCode!: string;
  @Column('text') period!: string;
  @Column('timestamptz', { name: 'period_start' }) periodStart!: Date;
  @Column('timestamptz', { name: 'period_end' }) periodEnd!: Date;
  @Column('double precision') value!: number;
  @Column('char', { length: 1 }) status!: ObservationStatusCode;
  @Column('text', { nullable: true }) source!: string | null;
  @Column('text', { name: 'reported_by' }) reportedBy!: string;
  @Column('int') revision!: number;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('timestamptz', { name: 'superseded_at', nullable: true }) supersededAt!: Date | null;
}
