/**
 * `@ioc-graph/kit`: the public API a pillar or partner subgraph builds on. Everything else in this
 * package is the monorepo's own plumbing (`@ioc-graph/kit/internal`) and may change without notice.
 */
import 'reflect-metadata';

export { runSubgraphProcess } from './subgraph/run-main';
export type { SubgraphDefinition, SubgraphRuntime } from './subgraph/subgraph.types';
export { UNITS } from './units/units.seed-data';
export type { UnitLevelName, UnitSeed } from './units/unit.seed.types';
export type {
  AgencySeed, AggregationName, DirectionName, FrequencyName, IndicatorSeed, ObservationSeed, ObservationStatusCode, TargetSeed,
} from './kit/seed.types';
export type { KitSeed } from './kit/seeder';
export type { KitServices } from './kit/kit';
export type { KitContext } from './kit/kit.context';
export { agencyAuthorizeReport } from './auth/roles';
export type { ObservationDraft } from './kit/validation';
export { PROVINCE_TIME_ZONE, parsePeriod, periodArgument } from './kit/period';
export { MAX_ABS_VALUE, parseValueText } from './kit/value-rules';
export { AdministrativeUnitRef } from './kit/graphql/units.ref';
export { createResourceResolver } from './kit/resource.resolver';
export type { ResourceFilter, ResourceOptions, ResourceResolverClass } from './kit/resource.resolver';
export * from './kit/graphql/enums';
export { ObservationInput, ReportRow, ReportSummary } from './kit/graphql/report.types';
export { buildFederatedSchema } from './federation/build-federated-schema';
export type { ReferenceResolvers } from './federation/build-federated-schema';
export type { Logger } from './log/logger';
export { ErrorCode, RowCode } from './errors/error-codes';
export { databaseErrors, databaseUnavailable, isDatabaseUnavailable } from './errors/database-errors';
