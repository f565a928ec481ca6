import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * `AdministrativeUnit` as seen by a subgraph that does not own it: just the key, so the subgraph can
 * add its readings to the unit and return units in its readings. governance owns the full type.
 */
@ObjectType('AdministrativeUnit')
@Directive('@key(fields: "code")')
export class AdministrativeUnitRef {
  @Field(() => ID) code!: string;
}
