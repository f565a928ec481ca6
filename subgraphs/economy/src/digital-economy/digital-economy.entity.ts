import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The digital economy of a unit in a year: revenue, share of GRDP, cashless payment points, e-commerce. */
@Entity('digital_economy')
@ObjectType('DigitalEconomy', { description: 'Digital-economy revenue and GRDP share, cashless payment points, farm households on e-commerce platforms.' })
export class DigitalEconomyEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('double precision', { name: 'revenue_usd', nullable: true }) @Field(() => Float, { nullable: true }) revenueUsd!: number | null;
  @Column('double precision', { name: 'grdp_share', nullable: true }) @Field(() => Float, { nullable: true, description: '% of GRDP.' }) grdpShare!: number | null;
  @Column('int', { name: 'cashless_payment_points', nullable: true }) @Field(() => Int, { nullable: true }) cashlessPaymentPoints!: number | null;
  @Column('int', { name: 'ecommerce_farm_households', nullable: true }) @Field(() => Int, { nullable: true }) ecommerceFarmHouseholds!: number | null;
  @Column('text') @Field() source!: string;
}
