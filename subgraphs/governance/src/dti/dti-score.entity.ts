import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A province's place in the national Digital Transformation Index (DTI, 922/QĐ-BTTTT) of a year. */
@Entity('dti_score')
@ObjectType('DtiScore', { description: 'Rank (of 63) and score in the DTI of a year.' })
export class DtiScoreEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('int', { nullable: true }) @Field(() => Int, { nullable: true, description: '1 = best.' }) rank!: number | null;
  @Column('double precision', { nullable: true }) @Field(() => Float, { nullable: true }) score!: number | null;
  @Column('text') @Field({ description: 'Seed article id or the publishing body.' }) source!: string;
}
