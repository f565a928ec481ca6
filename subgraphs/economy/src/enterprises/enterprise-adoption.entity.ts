import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Enterprises' digital adoption in a unit and year: e-tax, e-invoice, e-contract, the SME programme. */
@Entity('enterprise_adoption')
@ObjectType('EnterpriseAdoption', { description: "Enterprises' e-tax, e-invoice and e-contract adoption, and the SME digital-transformation programme." })
export class EnterpriseAdoptionEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column('text', { name: 'unit_code' }) @Field(() => ID) unitCode!: string;
  @Column('int') @Field(() => Int) year!: number;
  @Column('int', { name: 'etax_enterprises', nullable: true }) @Field(() => Int, { nullable: true, description: 'Enterprises filing taxes electronically.' }) etaxEnterprises!: number | null;
  @Column('double precision', { name: 'etax_rate', nullable: true }) @Field(() => Float, { nullable: true, description: '% of enterprises filing electronically.' }) etaxRate!: number | null;
  @Column('double precision', { name: 'einvoice_rate', nullable: true }) @Field(() => Float, { nullable: true, description: '% of enterprises using e-invoices.' }) einvoiceRate!: number | null;
  @Column('int', { name: 'econtract_enterprises', nullable: true }) @Field(() => Int, { nullable: true }) econtractEnterprises!: number | null;
  @Column('int', { name: 'sme_programme_supported', nullable: true }) @Field(() => Int, { nullable: true, description: 'SMEs supported by the digital-transformation programme.' }) smeProgrammeSupported!: number | null;
  @Column('int', { name: 'pilot_enterprises', nullable: true }) @Field(() => Int, { nullable: true }) pilotEnterprises!: number | null;
  @Column('int', { name: 'pilot_cooperatives', nullable: true }) @Field(() => Int, { nullable: true }) pilotCooperatives!: number | null;
  @Column('text') @Field() source!: string;
}
