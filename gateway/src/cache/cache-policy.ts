import type { Principal } from '@ioc-graph/kit/internal';
import { type DocumentNode, Kind, type SelectionSetNode, parse, visit } from 'graphql';

/**
 * Fields whose data no outbox event announces and that a writer other than the gateway may change:
 * a fetch selecting one is never cached. `dossierFlows` rows are written by `recordDossiers`, which
 * emits events only for the observations it derives, and not when they come out unchanged.
 * (Units, agencies, DTI, public services, indicator definitions and targets are written only by a
 * subgraph's seeder at start, and a restarted subgraph drops its entries: see InvalidationStreams.)
 */
export const UNCACHED_FIELDS: ReadonlySet<string> = new Set(['dossierFlows']);

/**
 * What the cache does with a subgraph operation: `invalidate`, `bypass`, or `cache` — depending on
 * the units of its entity representations (`units`) or on its whole subgraph (`whole`).
 */
export type CachePolicy = 'cache-units' | 'cache-whole' | 'invalidate' | 'bypass';

/** What a subgraph operation's text says, worked out once per text: its policy and, for `cache-units`, the `…Readings` fields it reads of its units. */
interface ParsedPolicy {
  policy: CachePolicy;
  readingsFields: ReadonlySet<string>;
}

const policies = new Map<string, ParsedPolicy>();
const MAX_POLICIES = 2_000;
/** Longer operations (a megabyte of string literal) are parsed each time rather than kept as keys: 2,000 of them would hold gigabytes. */
const MAX_POLICY_QUERY_CHARS = 16 * 1024;
const NONE: ReadonlySet<string> = new Set();

/**
 * `cache-*` for a query reading only event-announced or seed-only data (`cache-units` when it is an
 * entity fetch of administrative units that reads only their readings' plain fields, see
 * {@link unitDependencies}), `invalidate` for a mutation
 * (answered once its own event dropped what it touched, see `postThroughCache`), `bypass` for anything else (a field of
 * {@link UNCACHED_FIELDS}, a document that does not parse).
 *
 * Of a partner subgraph (`subgraph.core` false) only a `cache-units` fetch reading no `…Readings`
 * field but the one its feed announces (`subgraph.readingsField`) is cached: its own fields, even one
 * of its units named `…Readings`, read its own tables, which its own mutations, jobs and tools write
 * with no outbox event any gateway replica hears.
 * @param subgraph the subgraph the fetch goes to. @default a core subgraph
 */
export function cachePolicy(query: string, subgraph: { core: boolean; readingsField?: string } = { core: true }): CachePolicy {
  const { policy, readingsFields } = parsedPolicy(query);
  if (subgraph.core || policy === 'invalidate' || policy === 'bypass') return policy;
  if (policy === 'cache-whole') return 'bypass';
  for (const f of readingsFields) if (f !== subgraph.readingsField) return 'bypass';
  return policy;
}

function parsedPolicy(query: string): ParsedPolicy {
  let p = policies.get(query);
  if (p) return p;
  let doc: DocumentNode | undefined;
  try { doc = parse(query, { noLocation: true }); } catch { /* left to the subgraph to refuse */ }
  p = doc ? policyOf(doc) : { policy: 'bypass', readingsFields: NONE };
  if (query.length > MAX_POLICY_QUERY_CHARS) return p;
  if (policies.size >= MAX_POLICIES) policies.delete(policies.keys().next().value!);
  policies.set(query, p);
  return p;
}

function policyOf(doc: DocumentNode): ParsedPolicy {
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.some((o) => o.operation === 'mutation')) return { policy: 'invalidate', readingsFields: NONE };
  if (ops.length !== 1 || ops[0].operation !== 'query') return { policy: 'bypass', readingsFields: NONE };
  let uncached = false;
  visit(doc, { Field: (f) => { if (UNCACHED_FIELDS.has(f.name.value)) uncached = true; } });
  if (uncached) return { policy: 'bypass', readingsFields: NONE };
  const readingsFields = unitScoped(ops[0].selectionSet);
  return readingsFields ? { policy: 'cache-units', readingsFields } : { policy: 'cache-whole', readingsFields: NONE };
}

/**
 * An entity fetch whose selection reads, per unit, nothing but its key and its readings' leaf fields
 * (`_entities { ... on AdministrativeUnit { code economyReadings { indicatorCode value } } }`): its
 * answer shows those units' own observations and, rolled up, their descendants', never another
 * unit's (no `parent`, no reading's `unit { … }` or `indicator { latest(…) }`). The names of those
 * readings fields, or null when the fetch is not such.
 */
function unitScoped(root: SelectionSetNode): ReadonlySet<string> | null {
  const [entities, ...others] = root.selections;
  if (others.length || entities?.kind !== Kind.FIELD || entities.name.value !== '_entities' || !entities.selectionSet) return null;
  const readings = new Set<string>();
  const leafOnly = (set: SelectionSetNode): boolean => set.selections.every((s) => s.kind === Kind.FIELD && !s.selectionSet);
  const unitFields = (set: SelectionSetNode): boolean => set.selections.every((s) => {
    if (s.kind === Kind.INLINE_FRAGMENT) return s.typeCondition?.name.value === 'AdministrativeUnit' && unitFields(s.selectionSet);
    if (s.kind !== Kind.FIELD) return false;
    if (!s.selectionSet) return s.name.value === 'code' || s.name.value === '__typename';
    if (!/Readings$/.test(s.name.value) || !leafOnly(s.selectionSet)) return false;
    readings.add(s.name.value);
    return true;
  });
  return unitFields(entities.selectionSet) ? readings : null;
}

/**
 * The units a `cache-units` fetch depends on: its representations' codes (all of them must be
 * administrative units with a code); null (the whole subgraph) when they are not.
 */
export function unitDependencies(variables: Record<string, unknown> | undefined): string[] | null {
  const reps = variables?.representations;
  if (!Array.isArray(reps) || !reps.length) return null;
  const codes: string[] = [];
  for (const r of reps) {
    const rep = r as { __typename?: unknown; code?: unknown } | null;
    if (rep?.__typename !== 'AdministrativeUnit' || typeof rep.code !== 'string') return null;
    codes.push(rep.code);
  }
  return [...new Set(codes)];
}

/**
 * What a caller may see, as a cache key part: its roles and agency, or `anonymous`. Subgraph answers
 * depend on no more than that (no field reads the subject), so callers of one scope share entries.
 */
export function scopeOf(principal: Principal | null | undefined): string {
  if (!principal) return 'anonymous';
  return JSON.stringify([[...principal.roles].sort(), principal.agencyCode ?? null]);
}
