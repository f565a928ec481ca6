import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('digital_skills')
@ObjectType('DigitalSkills', { description: "Digital-skills training and the citizen app's reach in a unit and year." })
export class DigitalSkillsEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('int', { name: 'people_trained', nullable: true }) @Field(() => Int, { nullable: true }) peopleTrained!: number | null;
  @Column('double precision', { name: 'basic_skills_rate', nullable: true }) @Field(() => Float, { nullable: true, description: '% of working-age people with basic digital skills.' }) basicSkillsRate!: number | null;
  @Column('double precision', { name: 'target_rate', nullable: true }) @Field(() => Float, { nullable: true, description: 'Target % set for the year.' }) targetRate!: number | null;
  @Column('text', { name: 'citizen_app', nullable: true }) @Field(() => String, { nullable: true, description: 'E.g. C-Thái Nguyên.' }) citizenApp!: string | null;
  @Column('int', { name: 'citizen_app_downloads', nullable: true }) @Field(() => Int, { nullable: true }) citizenAppDownloads!: number | null;
  @Column('text') @Field() source!: string;
}
