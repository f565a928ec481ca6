import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ObservationStatus } from '@ioc-graph/kit';

/**
 * Administrative dossiers of a unit in a period: received online or in person/by post, resolved on
 * time or late. GOV_ONLINE_DOSSIER_RATE and GOV_ONTIME_RESOLUTION_RATE are computed from it.
 */
@Entity('dossier_flow')
@ObjectType('DossierFlow', { description: 'Administrative dossiers received and resolved by a unit in a period.' })
export class DossierFlowEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('text') @Field({ description: 'ISO period (the dossier indicators are yearly: `2023`).' }) period!: string;
  @Column('int', { name: 'received_online' }) @Field(() => Int) receivedOnline!: number;
  @Column('int', { name: 'received_offline' }) @Field(() => Int) receivedOffline!: number;
  @Column('int', { name: 'resolved_on_time' }) @Field(() => Int) resolvedOnTime!: number;
  @Column('int', { name: 'resolved_late' }) @Field(() => Int) resolvedLate!: number;
  @Column('text', { nullable: true }) @Field(() => String, { nullable: true }) source!: string | null;
  @Column('text', { name: 'reported_by' }) reportedBy!: string;
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' }) @Field() recordedAt!: Date;

  @Field(() => Float, { nullable: true, description: 'Received online ÷ received × 100.' })
  get onlineRate(): number | null {
    return rate(this.receivedOnline, this.receivedOnline + this.receivedOffline);
  }
  @Field(() => Float, { nullable: true, description: 'Resolved on time ÷ resolved × 100.' })
  get onTimeRate(): number | null {
    return rate(this.resolvedOnTime, this.resolvedOnTime + this.resolvedLate);
  }
}

/** A percentage rounded to two decimals, as the provinces publish it; null without a denominator. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10000) / 100 : null;
}

@InputType('DossierFlowInput')
export class DossierFlowInput {
  @Field(() => ID) unitCode!: string;
  @Field({ description: 'ISO period; yearly, like the dossier indicators.' }) period!: string;
  @Field(() => Int) receivedOnline!: number;
  @Field(() => Int) receivedOffline!: number;
  @Field(() => Int) resolvedOnTime!: number;
  @Field(() => Int) resolvedLate!: number;
  @Field(() => ObservationStatus, { nullable: true, description: 'Status of the computed observations. Defaults to A.' })
  status?: ObservationStatus | null;
  @Field(() => String, { nullable: true }) source?: string | null;
}
