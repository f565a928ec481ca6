import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { UnitLevel } from '@ioc-graph/kit';

/** A province, district or commune, over time (governance owns this entity). */
@ObjectType('AdministrativeUnit', { description: 'An administrative unit with its validity and successor.' })
@Directive('@key(fields: "code")')
export class AdministrativeUnit {
  @Field(() => ID, { description: 'Official statistical code; `<code>@2025` where the 2025 reform reused a code for another unit.' })
  code!: string;
  @Field({ description: 'Official code as published (two digits for a province).' }) statisticalCode!: string;
  @Field({ description: 'Official name, e.g. "Tỉnh Sơn La".' }) name!: string;
  @Field({ description: 'Name without the type word, e.g. "Sơn La".' }) shortName!: string;
  @Field(() => UnitLevel) level!: UnitLevel;
  @Field({ description: 'ISO date from which the unit exists.' }) validFrom!: string;
  @Field(() => String, { nullable: true, description: 'ISO date of its last day; null while it exists.' }) validTo!: string | null;
  parentCode!: string | null;
  successorCode!: string | null;
}
