import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { type DocumentNode, Kind, type SelectionSetNode, parse } from 'graphql';
import { AuthenticatedDataSource, type GatewayContext, contextMismatch } from '../auth';
import { instrumentSubgraphFetch } from '../observability/subgraph-fetch';
import { type QueryCache, postThroughCache, responseTicketOf } from '../cache';
import { SubgraphClient } from './subgraph-client';
import { SubgraphFetchError } from './subgraph-errors';

/** The few header operations `willSendRequest` hooks use, on a plain record (no node-fetch Headers). */
class HeaderRecord {
  readonly values: Record<string, string> = {};
  set(name: string, value: string) { this.values[name.toLowerCase()] = value; }
  append(name: string, value: string) { this.set(name, value); }
  get(name: string) { return this.values[name.toLowerCase()] ?? null; }
  has(name: string) { return name.toLowerCase() in this.values; }
  delete(name: string) { delete this.values[name.toLowerCase()]; }
  *[Symbol.iterator](): IterableIterator<[string, string]> { yield* Object.entries(this.values); }
}

interface OperationFacts {
  mutation: boolean;
  /** Response names the operation selects at its root, or under `_entities` for an entity fetch. */
  fields: string[];
  entities: boolean;
}

const facts = new Map<string, OperationFacts>();
const MAX_FACTS = 2_000;

/** Cached facts about a subgraph operation (the planner emits the same texts again and again). */
function factsOf(query: string): OperationFacts {
  let f = facts.get(query);
  if (f) return f;
  let doc: DocumentNode | undefined;
  try { doc = parse(query, { noLocation: true }); } catch { /* left to the subgraph to refuse */ }
  const op = doc?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const names = (set: SelectionSetNode | undefined): string[] =>
    (set?.selections ?? []).flatMap((s) =>
      s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : s.kind === Kind.INLINE_FRAGMENT ? names(s.selectionSet) : []);
  const root = op && op.kind === Kind.OPERATION_DEFINITION ? op : undefined;
  const entityField = root?.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  f = {
    mutation: root?.operation === 'mutation',
    entities: !!entityField,
    fields: entityField?.kind === Kind.FIELD ? [...new Set(names(entityField.selectionSet))].filter((n) => n !== '__typename')
      : names(root?.selectionSet),
  };
  // A long operation (a megabyte of string literal) is parsed each time rather than kept as a key.
  if (query.length > 16 * 1024) return f;
  if (facts.size >= MAX_FACTS) facts.delete(facts.keys().next().value!);
  facts.set(query, f);
  return f;
}

/**
 * The gateway's data source for one subgraph: signs the caller's context as AuthenticatedDataSource
 * does, then posts through a SubgraphClient (pooled, bounded, retried, circuit-broken, deduplicated).
 * A call that gets no GraphQL answer becomes a GraphQL error at every path the fetch was to fill,
 * naming the subgraph (`extensions.serviceName`) with SUBGRAPH_UNAVAILABLE or SUBGRAPH_TIMEOUT, so
 * the rest of the answer is kept.
 */
export class SubgraphDataSource extends AuthenticatedDataSource {
  constructor(
    config: ConstructorParameters<typeof AuthenticatedDataSource>[0],
    readonly client: SubgraphClient,
    /** Subgraph fetch results kept until an event or a mutation drops them (see cache/). */
    readonly cache?: QueryCache,
    /** Only mutations go through `cache` (they drop what they may change); queries bypass it. @default false */
    private readonly mutationsOnly = false,
  ) {
    super(config, client.name);
  }

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    return instrumentSubgraphFetch(this.client.name, () => this.send(options));
  }

  private async send(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const headers = new HeaderRecord();
    for (const [k, v] of request.http?.headers ?? []) headers.set(k, v);
    request.http = { method: 'POST', url: this.url!, headers: headers as never };
    await this.willSendRequest?.(options as never);
    if (!request.query) throw new Error('Missing query');
    const op = factsOf(request.query);
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    try {
      // With the cache off a mutation still goes through it: dropping nothing, it detaches the
      // in-flight dedupe, so no read sent after the write joins one that started before it.
      const res = this.cache && (this.cache.enabled || op.mutation) && (op.mutation || !this.mutationsOnly)
        ? await postThroughCache(this.cache, this.client, request.query, body, headers.values, options.context?.principal, request.variables, responseTicketOf(options.context))
        : await this.client.post(body, headers.values, !op.mutation);
      // The subgraph refused the signed context: the secrets differ (logged, named, no address).
      if (res.status === 401) return { errors: [contextMismatch(this.client.name)] };
      let parsed: GatewayGraphQLResponse | undefined;
      try { parsed = JSON.parse(res.body) as GatewayGraphQLResponse; } catch { /* not JSON */ }
      if (parsed && typeof parsed === 'object' && ('data' in parsed || Array.isArray(parsed.errors))) return parsed;
      throw new SubgraphFetchError('SUBGRAPH_UNAVAILABLE', this.client.name,
        `Subgraph "${this.client.name}" answered HTTP ${res.status} without a GraphQL response`);
    } catch (err) {
      if (!(err instanceof SubgraphFetchError)) throw err;
      return { errors: errorsAt(op, request.variables, err) };
    }
  }
}

/** One error per path the failed fetch was to fill (the gateway maps `_entities` paths to the caller's). */
function errorsAt(op: OperationFacts, variables: Record<string, unknown> | undefined, err: SubgraphFetchError) {
  const extensions = { code: err.code, serviceName: err.serviceName };
  const reps = op.entities && Array.isArray(variables?.representations) ? variables.representations.length : 0;
  const paths: (string | number)[][] = op.entities
    ? Array.from({ length: reps }, (_, i) => op.fields.map((f) => ['_entities', i, f])).flat()
    : op.fields.map((f) => [f]);
  if (!paths.length) return [{ message: err.message, extensions }];
  return paths.map((path) => ({ message: err.message, path, extensions }));
}
