import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('community_tech_team_report')
@ObjectType('CommunityTechTeamReport', { description: 'Community digital technology teams (tổ công nghệ số cộng đồng) of a unit at a period.' })
export class CommunityTeamEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('text') @Field() period!: string;
  @Column('int', { nullable: true }) @Field(() => Int, { nullable: true }) teams!: number | null;
  @Column('int', { nullable: true }) @Field(() => Int, { nullable: true }) members!: number | null;
  @Column('int', { name: 'households_reached', nullable: true }) @Field(() => Int, { nullable: true }) householdsReached!: number | null;
  @Column('int', { name: 'communes_covered', nullable: true }) @Field(() => Int, { nullable: true }) communesCovered!: number | null;
  @Column('text') @Field() source!: string;
}
