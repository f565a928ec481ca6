import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('identity_issuance')
@ObjectType('IdentityIssuance', { description: 'Chip-ID cards and electronic identification (Đề án 06) of a unit in a year.' })
export class IdentityEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('int', { nullable: true }) @Field(() => Int, { nullable: true, description: 'People eligible for a chip-ID card.' }) eligible!: number | null;
  @Column('int', { name: 'chip_ids_issued', nullable: true }) @Field(() => Int, { nullable: true }) chipIdsIssued!: number | null;
  @Column('int', { name: 'eid_applications', nullable: true }) @Field(() => Int, { nullable: true, description: 'eID applications taken with the ID card.' }) eidApplications!: number | null;
  @Column('int', { name: 'eid_accounts', nullable: true }) @Field(() => Int, { nullable: true, description: 'eID accounts issued.' }) eidAccounts!: number | null;
  @Column('int', { name: 'population_records', nullable: true }) @Field(() => Int, { nullable: true, description: 'People updated in the national population database.' }) populationRecords!: number | null;
  @Column('text') @Field() source!: string;

  @Field(() => Float, { nullable: true, description: 'chipIdsIssued ÷ eligible × 100, two decimals.' })
  get issuanceRate(): number | null {
    return this.eligible && this.chipIdsIssued !== null ? Math.round((this.chipIdsIssued / this.eligible) * 10000) / 100 : null;
  }
}
