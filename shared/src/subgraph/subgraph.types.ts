import type { ClassType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { KitServices } from '../kit/kit';
import type { KitSeed } from '../kit/seeder';
import type { ReferenceResolvers } from '../federation';
import type { Logger } from '../log';

/** What a subgraph's resolvers receive (type-graphql constructs them with it). */
export interface SubgraphRuntime {
  ds: DataSource;
  kit: KitServices;
  logger: Logger;
}

/**
 * Everything that makes one pillar (or partner) subgraph; {@link startSubgraph} does the rest the
 * same way for all of them.
 */
export interface SubgraphDefinition {
  /** Service name and default PostgreSQL schema, e.g. `economy`. */
  name: string;
  /** Field prefix of the kit's fields, e.g. `economy`. */
  pillar: string;
  /** Type prefix of the kit's types, e.g. `Economy`. */
  typePrefix: string;
  /**
   * The pillar's Vietnamese name, e.g. `Y tế số`: the wall titles the pillar's page with it (served
   * as `<pillar>Pillar { name nameEn }`). @default typePrefix
   */
  pillarName?: string;
  /** The pillar's English name, shown beside the Vietnamese, e.g. `Digital health`. */
  pillarNameEn?: string;
  /**
   * Own types and fields in plain SDL (no decorators needed), merged into the subgraph's schema.
   * Federation 2 directives `@key`, `@shareable`, `@external`, `@requires`, `@provides` are imported.
   * Own root fields nullable: a non-null one nulls the whole answer of a query mixing it with core fields while this subgraph is down (`ioc subgraph check` warns).
   * @example 'type HealthFacility @key(fields: "code") { code: ID! name: String! } extend type Query { healthFacilities: [HealthFacility!] }'
   */
  typeDefs?: string;
  /** Resolvers of `typeDefs`, as a map `{ Type: { field(parent, args, ctx) } }` (graphql-tools style). */
  typeResolvers?: (rt: () => SubgraphRuntime) => Record<string, Record<string, unknown>>;
  /** The subgraph's own TypeORM entities (the kit's are added). */
  entities?: Function[];
  /** The subgraph's own migrations, run after the kit's. */
  migrations?: Function[];
  /** The subgraph's own resolver classes. */
  resolvers?: Function[];
  /**
   * The subgraph's own mutations whose writes the change feed announces in full: they write what
   * cached queries read only through the kit's ingestion (anything else they write is never cached
   * by a gateway, e.g. `dossierFlows`). Their answers, like the kit's `report…Observations`, carry
   * the feed position (read-your-writes by the write's own event, see feed-position.ts); any other
   * mutation's answer carries none, so a gateway drops all the subgraph's cached entries after it.
   * @default none
   */
  announcedMutations?: string[];
  /** Types to emit though no resolver returns them. */
  orphanedTypes?: Function[];
  /** The subgraph's `AdministrativeUnit` class. @default AdministrativeUnitRef (the key only) */
  unitType?: ClassType;
  /** What `unit` fields resolve to, from a unit code. @default `{ code }` */
  resolveUnit?: (code: string, rt: SubgraphRuntime) => unknown;
  referenceResolvers?: (rt: () => SubgraphRuntime) => ReferenceResolvers;
  /** Indicator definitions, targets and observations to load at start (idempotent). */
  seed: KitSeed;
  /** Domain data to load after the kit's seed. */
  seedDomain?: (rt: SubgraphRuntime) => Promise<void>;
}
