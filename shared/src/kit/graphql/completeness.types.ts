import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('ReportingCompleteness', {
  description: 'Reporting completeness and timeliness of an agency for a period, as DHIS2 reports it: expected, received, on time.',
})
@Directive('@shareable')
export class ReportingCompleteness {
  @Field(() => ID) agencyCode!: string;
  @Field() period!: string;
  @Field(() => Int, { description: 'Indicator × unit pairs expected: each unit that reports an indicator of this frequency and existed in the period.' })
  expected!: number;
  @Field(() => Int) received!: number;
  @Field(() => Int, { description: 'Received within the timely days after the period ended (first revision).' }) onTime!: number;
  @Field(() => Float, { nullable: true, description: 'received ÷ expected × 100.' }) completeness!: number | null;
  @Field(() => Float, { nullable: true, description: 'onTime ÷ expected × 100.' }) timeliness!: number | null;
  @Field(() => [String], { description: 'Missing reports as `INDICATOR@unit`.' }) missing!: string[];
}
