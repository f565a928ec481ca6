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

const policies = new Map<string, CachePolicy>();
const MAX_POLICIES = 2_000;
/** Longer operations (a megabyte of string literal) are parsed each time rather than kept as keys: 2,000 of them would hold gigabytes. */
const MAX_POLICY_QUERY_CHARS = 16 * 1024;

/**
 * `cache-*` for a query reading only event-announced or seed-only data (`cache-units` when it is an
 * entity fetch of administrative units that reads only their readings' plain fields, see
 * {@link unitDependencies}), `invalidate` for a mutation
 * (answered once its own event dropped what it touched, see `postThroughCache`), `bypass` for anything else (a field of
 * {@link UNCACHED_FIELDS}, a document that does not parse).
 */
export function cachePolicy(query: string): CachePolicy {
  let p = policies.get(query);
  if (p) return p;
  let doc: DocumentNode | undefined;
  try { doc = parse(query, { noLocation: true }); } catch { /* left to the subgraph to refuse */ }
  p = doc ? policyOf(doc) : 'bypass';
  if (query.length > MAX_POLICY_QUERY_CHARS) return p;
  if (policies.size >= MAX_POLICIES) policies.delete(policies.keys().next().value!);
  policies.set(query, p);
  return p;
}

function policyOf(doc: DocumentNode): CachePolicy {
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.some((o) => o.operation === 'mutation')) return 'invalidate';
  if (ops.length !== 1 || ops[0].operation !== 'query') return 'bypass';
  let uncached = false;
  visit(doc, { Field: (f) => { if (UNCACHED_FIELDS.has(f.name.value)) uncached = true; } });
  if (uncached) return 'bypass';
  return unitScoped(ops[0].selectionSet) ? 'cache-units' : 'cache-whole';
}

/**
 * An entity fetch whose selection reads, per unit, nothing but its key and its readings' leaf fields
 * (`_entities { ... on AdministrativeUnit { code economyReadings { indicatorCode value } } }`): its
 * answer shows those units' own observations and, rolled up, their descendants', never another
 * unit's (no `parent`, no reading's `unit { … }` or `indicator { latest(…) }`).
 */
function unitScoped(root: SelectionSetNode): boolean {
  const [entities, ...others] = root.selections;
  if (others.length || entities?.kind !== Kind.FIELD || entities.name.value !== '_entities' || !entities.selectionSet) return false;
  const leafOnly = (set: SelectionSetNode): boolean => set.selections.every((s) => s.kind === Kind.FIELD && !s.selectionSet);
  const unitFields = (set: SelectionSetNode): boolean => set.selections.every((s) => {
    if (s.kind === Kind.INLINE_FRAGMENT) return s.typeCondition?.name.value === 'AdministrativeUnit' && unitFields(s.selectionSet);
    if (s.kind !== Kind.FIELD) return false;
    if (!s.selectionSet) return s.name.value === 'code' || s.name.value === '__typename';
    return /Readings$/.test(s.name.value) && leafOnly(s.selectionSet);
  });
  return unitFields(entities.selectionSet);
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

const readingsFieldsOf = new Map<string, ReadonlySet<string>>();

/**
 * The `…Readings` fields a `cache-units` fetch selects on its units (see {@link unitScoped}): a
 * partner's own field may be named so too, and only the kit's one is announced by its feed.
 */
export function unitReadingsFields(query: string): ReadonlySet<string> {
  let names = readingsFieldsOf.get(query);
  if (names) return names;
  const found = new Set<string>();
  try {
    visit(parse(query, { noLocation: true }), { Field: (f) => { if (/Readings$/.test(f.name.value) && f.selectionSet) found.add(f.name.value); } });
  } catch { /* a cache-units query parsed already */ }
  names = found;
  if (query.length > MAX_POLICY_QUERY_CHARS) return names;
  if (readingsFieldsOf.size >= MAX_POLICIES) readingsFieldsOf.delete(readingsFieldsOf.keys().next().value!);
  readingsFieldsOf.set(query, names);
  return names;
}
