import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ObservationStatus, ReportOutcome } from './enums';

@InputType('ObservationInput', { description: 'One observation to report.' })
export class ObservationInput {
  @Field(() => ID) indicatorCode!: string;
  @Field(() => ID) unitCode!: string;
  @Field() period!: string;
  @Field(() => Float) value!: number;
  @Field(() => ObservationStatus, { nullable: true, description: 'Defaults to A.' }) status?: ObservationStatus | null;
  @Field(() => String, { nullable: true, description: 'Source agency or system.' }) source?: string | null;
}

@ObjectType('ReportRow', { description: 'What happened to one input row (DHIS2 import summary style).' })
@Directive('@shareable')
export class ReportRow {
  @Field(() => Int, { description: 'Zero-based position in the input.' }) index!: number;
  @Field(() => ReportOutcome) outcome!: ReportOutcome;
  @Field(() => ID, { nullable: true }) indicatorCode?: string | null;
  @Field(() => ID, { nullable: true }) unitCode?: string | null;
  @Field(() => String, { nullable: true }) period?: string | null;
  @Field(() => String, { nullable: true, description: 'The input field at fault, for REJECTED.' }) field?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Machine-readable cause, for REJECTED: E_UNKNOWN_INDICATOR, E_UNKNOWN_UNIT, E_FORBIDDEN, E_PERIOD_FORMAT, E_PERIOD_FUTURE, E_UNIT_NOT_VALID, E_VALUE_FORMAT, E_OUT_OF_RANGE, E_NOT_INTEGER, E_DECIMAL_COMMA, E_TOO_LONG, E_INVALID_TEXT, E_STATUS, E_DUPLICATE, E_NOT_STORED (README "Error codes").',
  })
  code?: string | null;
  @Field(() => String, { nullable: true, description: 'Why, for REJECTED: names the thing to fix (the row is `index`).' }) reason?: string | null;
  @Field(() => ID, { nullable: true, description: 'Feed cursor of the stored reading.' }) cursor?: string | null;
}

@ObjectType('ReportSummary')
@Directive('@shareable')
export class ReportSummary {
  @Field(() => Int) imported!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => [ReportRow]) rows!: ReportRow[];
}
