import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A ministry, department or People's Committee that owns indicators or reports observations. */
@Entity('agency')
@ObjectType('Agency', { description: 'A reporting or responsible agency (national when it has no unit).' })
export class AgencyEntity {
  @PrimaryColumn('text') @Field(() => ID, { description: 'E.g. `TCT`, `STTTT-14`.' }) code!: string;
  @Column('text') @Field({ description: 'Vietnamese name.' }) name!: string;
  @Column('text', { name: 'name_en' }) @Field() nameEn!: string;
  @Column('text', { name: 'unit_code', nullable: true }) @Field(() => ID, { nullable: true }) unitCode!: string | null;
}
