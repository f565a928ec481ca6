import type { PlanNode } from '@apollo/query-planner';
import { GraphQLError, type GraphQLFormattedError, Kind, type SelectionSetNode } from 'graphql';
import type { PreparedOperation } from './planner';

/** What a client receives for one event: `{ data, errors? }`. */
export interface EventResult {
  data: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

/** The subgraphs the `rest` of a plan fetches from (to name them when an error does not). */
export function restServices(node: PlanNode | undefined, out = new Set<string>()): Set<string> {
  if (!node) return out;
  switch (node.kind) {
    case 'Fetch':
      out.add(node.serviceName);
      break;
    case 'Sequence':
    case 'Parallel':
      for (const n of node.nodes) restServices(n, out);
      break;
    case 'Flatten':
      restServices(node.node, out);
      break;
    case 'Condition':
      restServices(node.ifClause, out);
      restServices(node.elseClause, out);
      break;
    case 'Defer':
      restServices(node.primary?.node, out);
      for (const d of node.deferred) restServices(d.node, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * An executor error as a client may see it: message, path and `extensions.serviceName` and `code`.
 * A network failure comes out of Apollo's executor as a plain `Error` (which serialises to `{}`,
 * the `errors:[{}]` of issue 9): it becomes SUBGRAPH_UNAVAILABLE naming the subgraph, without the
 * error's own text (it may name internal addresses).
 */
export function formatEventError(err: unknown, services: ReadonlySet<string>): GraphQLFormattedError {
  const serviceName = services.size ? [...services].join(', ') : undefined;
  if (err instanceof GraphQLError) {
    const json = err.toJSON();
    const ext = { ...(json.extensions ?? {}) };
    delete (ext as Record<string, unknown>).exception; // a stack trace, if any
    if (!ext.serviceName && serviceName) ext.serviceName = serviceName;
    if (!ext.code) ext.code = 'SUBGRAPH_UNAVAILABLE';
    return { message: json.message, ...(json.path ? { path: json.path } : {}), extensions: ext };
  }
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string' && 'extensions' in err) {
    return err as GraphQLFormattedError; // already formatted (e.g. from the primary subgraph)
  }
  return {
    message: `The ${serviceName ?? 'other'} subgraph could not complete this event`,
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', ...(serviceName ? { serviceName } : {}) },
  };
}

const MISSING = Symbol('missing');

/**
 * The event as the primary subgraph alone can give it, shaped like the client's operation: each
 * object whose selection asks for a field the primary did not return (another subgraph's field)
 * becomes null, and its path is reported. Used when the `rest` of the plan failed and null
 * propagation would otherwise null the whole event (and lose its reading).
 */
export function primaryOnlyResult(op: PreparedOperation, primaryData: Record<string, unknown>): { data: Record<string, unknown>; nulled: (string | number)[][] } {
  const fragments = op.operationContext.fragments;
  const nulled: (string | number)[][] = [];
  const fieldsOf = (set: SelectionSetNode, out: { key: string; set?: SelectionSetNode }[] = []) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push({ key: s.alias?.value ?? s.name.value, set: s.selectionSet });
      else if (s.kind === Kind.INLINE_FRAGMENT) fieldsOf(s.selectionSet, out);
      else {
        const f = fragments[s.name.value];
        if (f) fieldsOf(f.selectionSet, out);
      }
    }
    return out;
  };
  const shape = (set: SelectionSetNode, src: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> | typeof MISSING => {
    const out: Record<string, unknown> = {};
    for (const { key, set: sub } of fieldsOf(set)) {
      if (!(key in src)) return MISSING;
      out[key] = value(sub, src[key], [...path, key]);
    }
    return out;
  };
  const value = (set: SelectionSetNode | undefined, v: unknown, path: (string | number)[]): unknown => {
    if (v === null || v === undefined || !set) return v ?? null;
    if (Array.isArray(v)) return v.map((item, i) => value(set, item, [...path, i]));
    const r = shape(set, v as Record<string, unknown>, path);
    if (r === MISSING) {
      nulled.push(path);
      return null;
    }
    return r;
  };
  const data = shape(op.operationContext.operation.selectionSet, primaryData, []);
  return { data: data === MISSING ? {} : data, nulled };
}

/**
 * Combines the executor's result for an event with the primary's own data: the executor's result
 * when it kept the event, or else the primary's fields with null (and an error naming the subgraph)
 * where the other subgraphs' fields were. Never `data: null` when the primary delivered data.
 */
export function eventResult(
  op: PreparedOperation,
  primaryData: Record<string, unknown>,
  executed: { data?: Record<string, unknown> | null; errors?: readonly unknown[] },
  primaryErrors: readonly unknown[] = [],
  services: ReadonlySet<string> = restServices(op.rest),
): EventResult {
  const errors = [...primaryErrors, ...(executed.errors ?? [])].map((e) => formatEventError(e, services));
  const root = fieldsAtRoot(op);
  const kept = executed.data && root.every((k) => executed.data![k] !== null && executed.data![k] !== undefined);
  if (kept || !executed.errors?.length) return errors.length ? { data: executed.data ?? null, errors } : { data: executed.data ?? null };
  const partial = primaryOnlyResult(op, primaryData);
  // Point the errors at what was nulled when the executor's error carries no path.
  const withPaths = errors.map((e, i) => (e.path || !partial.nulled[i] ? e : { ...e, path: partial.nulled[i] }));
  if (!withPaths.length || partial.nulled.length > withPaths.length) {
    for (const path of partial.nulled.slice(withPaths.length)) withPaths.push({ ...formatEventError(null, services), path });
  }
  return { data: partial.data, errors: withPaths };
}

function fieldsAtRoot(op: PreparedOperation): string[] {
  return op.operationContext.operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : []));
}
