/**
 * `@ioc-graph/kit`: the public API a pillar or partner subgraph builds on. Everything else in this
 * package is the monorepo's own plumbing (`@ioc-graph/kit/internal`) and may change without notice.
 *
 * Own types: write them as SDL (`SubgraphDefinition.typeDefs` + `typeResolvers`), which needs no
 * decorators. Decorated type-graphql classes (`resolvers`, `orphanedTypes`) work too; they need
 * `experimentalDecorators` and `emitDecoratorMetadata` (or explicit `@Field(() => Type)`) and the
 * type-graphql the kit resolves (a peer dependency, `>=2.0.0-rc.4 <3`, installed by npm with the kit).
 */
import './observability/register-tracing'; // first: tracing patches pg and http as they load
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
export type { ReferenceResolvers, SdlModule } from './federation/build-federated-schema';
export { PillarInfo } from './kit/graphql/pillar.types';
export type { Logger } from './log/logger';
export { ErrorCode, RowCode } from './errors/error-codes';
export { databaseErrors, databaseUnavailable, isDatabaseUnavailable } from './errors/database-errors';
export { lostCurrentRace } from './kit/ingestion.service';
export { metrics } from './observability/metrics';
export { currentRequestId } from './observability/request-id';
