import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { type DocumentNode, GraphQLError, type GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { type BuildSchemaOptions, buildSchema, createResolversMap } from 'type-graphql';
import { DateTimeScalar } from '../kit/graphql/scalars';

/** Federation 2 directives the subgraphs use. */
const FEDERATION_LINK = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
    import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject", "@inaccessible"])
`;

/** Types and resolvers written as SDL (no decorators), merged with the decorated classes. */
export interface SdlModule {
  typeDefs: string;
  /** `{ Type: { field(parent, args, ctx) } }`; `__resolveReference` for entities. */
  resolvers?: Record<string, Record<string, unknown>>;
}

export type ReferenceResolvers = Record<string, { __resolveReference: (ref: never, ctx: never) => unknown }>;

/**
 * Builds a type-graphql schema and turns it into an Apollo Federation 2 subgraph schema, merging
 * the entities' `__resolveReference` functions. The one way every subgraph (and partner) builds its
 * schema.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
  sdl?: SdlModule,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    // Subscriptions here bring their own `subscribe` (the outbox feed); type-graphql still asks for
    // a PubSub, which must never be used.
    pubSub: {
      publish: () => {
        throw new Error('Subscriptions read the outbox feed; publish observations through ingestion');
      },
      subscribe: () => {
        throw new Error('Subscriptions read the outbox feed; give the field a `subscribe` function');
      },
    },
    ...options,
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, ref] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...ref };
  }
  return buildSubgraphSchema([
    { typeDefs: gql`${FEDERATION_LINK} ${printSchemaWithDirectives(schema)}`, resolvers: resolvers as never },
    ...(sdl ? [{ typeDefs: parseTypeDefs(sdl.typeDefs), resolvers: (sdl.resolvers ?? {}) as never }] : []),
  ]);
}

/**
 * Parses a subgraph's own SDL (`SubgraphDefinition.typeDefs`).
 * @throws Error naming `typeDefs` and the line and column of a syntax error, which graphql's own
 *   message lacks (a partner would not know which of its strings is at fault, nor where).
 */
export function parseTypeDefs(typeDefs: string): DocumentNode {
  try {
    return gql(typeDefs);
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    const at = err.locations?.[0];
    throw new Error(`typeDefs: ${err.message}${at ? ` (line ${at.line}, column ${at.column})` : ''}`);
  }
}
