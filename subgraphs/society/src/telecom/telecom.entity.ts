import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('telecom_infrastructure')
@ObjectType('TelecomInfrastructure', { description: '4G and fibre reach of communes, and broadband speeds, of a unit in a year.' })
export class TelecomEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('double precision', { name: 'commune_4g_coverage_rate', nullable: true }) @Field(() => Float, { nullable: true, description: '% of communes with 4G.' }) commune4gCoverageRate!: number | null;
  @Column('double precision', { name: 'commune_fibre_rate', nullable: true }) @Field(() => Float, { nullable: true, description: '% of communes with fibre.' }) communeFibreRate!: number | null;
  @Column('double precision', { name: 'mobile_broadband_mbps', nullable: true }) @Field(() => Float, { nullable: true }) mobileBroadbandMbps!: number | null;
  @Column('double precision', { name: 'fixed_broadband_mbps', nullable: true }) @Field(() => Float, { nullable: true }) fixedBroadbandMbps!: number | null;
  @Column('text') @Field() source!: string;
}
