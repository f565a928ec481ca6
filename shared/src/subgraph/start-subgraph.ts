import type { IncomingHttpHeaders } from 'node:http';
import { agencyAuthorizeReport } from '../auth/roles';
import { openSchemaDataSource } from '../db';
import { buildFederatedSchema } from '../federation';
import { AdministrativeUnitRef } from '../kit/graphql/units.ref';
import { KIT_ENTITIES, KIT_MIGRATIONS, startKitServices } from '../kit/kit';
import type { KitContext } from '../kit/kit.context';
import { buildKitSchemaParts } from '../kit/kit.resolvers';
import { buildPillarResolver } from '../kit/graphql/pillar.types';
import { seedKit } from '../kit/seeder';
import { CHANGE_FEED_PATH, CHANGE_FEED_VERSION, serveChangeFeed } from '../kit/feed/change-feed';
import { feedPositionPlugin } from '../kit/feed/feed-position';
import type { Logger } from '../log';
import { observeFeed } from '../observability/feed-metrics';
import { type GraphQLServerHandle, startGraphQLServer } from '../server';
import type { SubgraphDefinition, SubgraphRuntime } from './subgraph.types';

export interface StartSubgraphOptions {
  databaseUrl: string;
  /** PostgreSQL schema. @default definition.name */
  schema?: string;
  port: number;
  host?: string;
  /** The variable that sets the port, for the "port in use" message. */
  portEnv: string;
  logger: Logger;
  /** Principal from request headers (the gateway's signed context). */
  context?: (headers: IncomingHttpHeaders, connectionParams?: Record<string, unknown>) => Promise<KitContext>;
  /** Who may report. @default reporters write their agency's indicators, admins all (see auth/). */
  authorizeReport?: Parameters<typeof buildKitSchemaParts>[0]['authorizeReport'];
  /** @default true */
  seed?: boolean;
}

export interface RunningSubgraph extends GraphQLServerHandle {
  runtime: SubgraphRuntime;
}

/**
 * Opens the subgraph's schema (running its migrations), starts the kit's services, seeds, builds the
 * federated schema and serves it. `dispose()` stops all of it, in reverse.
 */
export async function startSubgraph(def: SubgraphDefinition, options: StartSubgraphOptions): Promise<RunningSubgraph> {
  const schema = options.schema ?? def.name;
  const { logger } = options;
  const ds = await openSchemaDataSource({
    url: options.databaseUrl,
    schema,
    entities: [...KIT_ENTITIES, ...(def.entities ?? [])],
    migrations: [...KIT_MIGRATIONS, ...(def.migrations ?? [])],
  });
  let kit;
  try {
    kit = await startKitServices({ ds, url: options.databaseUrl, schema, logger });
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  const runtime: SubgraphRuntime = { ds, kit, logger };
  const feedMetrics = observeFeed({ schema, hub: kit.feed, ds });
  const cleanup = async () => {
    feedMetrics.dispose();
    await kit.dispose();
    await ds.destroy();
  };
  try {
    if (options.seed ?? true) {
      await seedKit(ds, kit, def.seed, logger);
      await def.seedDomain?.(runtime);
    }
    const unitType = def.unitType ?? AdministrativeUnitRef;
    const kitParts = buildKitSchemaParts({
      pillar: def.pillar,
      typePrefix: def.typePrefix,
      unitType,
      services: () => kit,
      resolveUnit: def.resolveUnit ? (code) => def.resolveUnit!(code, runtime) : undefined,
      authorizeReport: options.authorizeReport ?? agencyAuthorizeReport(() => kit.catalog),
    });
    const refs = {
      ...kitParts.referenceResolvers,
      ...(def.unitType ? {} : { AdministrativeUnit: { __resolveReference: (ref: { code: string }) => ({ code: ref.code }) } }),
      ...(def.referenceResolvers?.(() => runtime) ?? {}),
    };
    const graphqlSchema = await buildFederatedSchema(
      {
        resolvers: [
          ...kitParts.resolvers,
          buildPillarResolver({
            key: def.pillar, name: def.pillarName ?? def.typePrefix, nameEn: def.pillarNameEn ?? null, typePrefix: def.typePrefix,
          }),
          ...(def.resolvers ?? []),
        ] as unknown as [Function, ...Function[]],
        orphanedTypes: def.orphanedTypes,
        container: { get: (cls: new (rt: SubgraphRuntime) => unknown) => new cls(runtime) },
      },
      refs as never,
      def.typeDefs ? { typeDefs: def.typeDefs, resolvers: def.typeResolvers?.(() => runtime) } : undefined,
    );
    const server = await startGraphQLServer<KitContext>({
      name: def.name,
      schema: graphqlSchema,
      port: options.port,
      host: options.host,
      portEnv: options.portEnv,
      logger,
      context: async (headers) => (options.context ? options.context(headers) : {}),
      wsContext: async (headers, params) => (options.context ? options.context(headers, params) : {}),
      // A mutation's answer says where the feed stands after its writes (read-your-writes through a gateway's cache).
      plugins: [feedPositionPlugin(() => kit.feed, new Set([`report${def.typePrefix}Observations`, ...(def.announcedMutations ?? [])]))],
      // The change feed for gateways' query caches (one event per page of readings, see change-feed.ts).
      sideWebsockets: {
        [`/graphql/${CHANGE_FEED_PATH}`]: (wss) =>
          serveChangeFeed(wss, { hub: () => kit.feed, logger, context: async (headers, params) => (options.context ? options.context(headers, params) : {}) }),
      },
      health: async () => {
        await ds.query('SELECT 1');
        return { schema, feedPosition: kit.feed.position, changeFeed: CHANGE_FEED_VERSION, openStreams: kit.feed.openStreams };
      },
      // The feed's position and whether the change feed is served for anyone (gateways read them to
      // subscribe after it, see the query cache); the open-stream counter on this machine only; the
      // database schema's name for admins.
      publicHealth: ({ feedPosition, changeFeed, openStreams }, { loopback }) =>
        loopback ? { feedPosition, changeFeed, openStreams } : { feedPosition, changeFeed },
    });
    return {
      ...server,
      runtime,
      dispose: async () => {
        await server.dispose();
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
