import { registerEnumType } from 'type-graphql';

export enum Direction {
  HIGHER_IS_BETTER = 'HIGHER_IS_BETTER',
  LOWER_IS_BETTER = 'LOWER_IS_BETTER',
}
export enum Frequency {
  YEARLY = 'YEARLY',
  QUARTERLY = 'QUARTERLY',
  MONTHLY = 'MONTHLY',
  DAILY = 'DAILY',
  /** Timestamped live series (speed tests, queue counters). */
  LIVE = 'LIVE',
}
export enum Aggregation {
  SUM = 'SUM',
  AVERAGE = 'AVERAGE',
  LAST = 'LAST',
  RATIO = 'RATIO',
}
/** SDMX OBS_STATUS. */
export enum ObservationStatus {
  A = 'A',
  P = 'P',
  E = 'E',
}
export enum TargetStatus {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
  NO_TARGET = 'NO_TARGET',
}
export enum UnitLevel {
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}
export enum ReportOutcome {
  IMPORTED = 'IMPORTED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  REJECTED = 'REJECTED',
}

registerEnumType(Direction, { name: 'Direction', description: 'Whether a higher or a lower value is better.' });
registerEnumType(Frequency, { name: 'Frequency', description: 'How often an indicator is reported; fixes the form of its periods.' });
registerEnumType(Aggregation, { name: 'Aggregation', description: 'How values roll up the administrative hierarchy.' });
registerEnumType(ObservationStatus, {
  name: 'ObservationStatus',
  description: 'SDMX OBS_STATUS: A normal, P provisional, E estimated.',
});
registerEnumType(TargetStatus, { name: 'TargetStatus', description: 'A value against its target; derived, never stored.' });
registerEnumType(UnitLevel, { name: 'UnitLevel' });
registerEnumType(ReportOutcome, { name: 'ReportOutcome', description: 'What happened to one reported row.' });
