import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('public_service_provision')
@ObjectType('PublicServiceProvision', { description: 'Online public services, the level-4 share and digital signatures issued, of a unit in a year.' })
export class PublicServiceEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('int', { name: 'online_services', nullable: true }) @Field(() => Int, { nullable: true, description: 'Online public services provided.' }) onlineServices!: number | null;
  @Column('double precision', { name: 'level4_rate', nullable: true }) @Field(() => Float, { nullable: true, description: '% of eligible procedures online end to end (level 4).' }) level4Rate!: number | null;
  @Column('int', { name: 'digital_signatures', nullable: true }) @Field(() => Int, { nullable: true, description: 'Digital signatures issued to officials.' }) digitalSignatures!: number | null;
  @Column('text') @Field() source!: string;
}
