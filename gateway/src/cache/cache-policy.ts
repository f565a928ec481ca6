import type { Principal } from '@ioc-graph/kit/internal';
import { type DocumentNode, Kind, parse, visit } from 'graphql';

/**
 * Fields whose data no outbox event announces and that a writer other than the gateway may change:
 * a fetch selecting one is never cached. `dossierFlows` rows are written by `recordDossiers`, which
 * emits events only for the observations it derives, and not when they come out unchanged.
 * (Units, agencies, DTI, public services, indicator definitions and targets are written only by a
 * subgraph's seeder at start, and a restarted subgraph drops its entries: see InvalidationStreams.)
 */
export const UNCACHED_FIELDS: ReadonlySet<string> = new Set(['dossierFlows']);

/** What the cache does with a subgraph operation. */
export type CachePolicy = 'cache' | 'invalidate' | 'bypass';

const policies = new Map<string, CachePolicy>();
const MAX_POLICIES = 2_000;

/**
 * `cache` for a query reading only event-announced or seed-only data, `invalidate` for a mutation
 * (it drops its subgraph's entries before and after it runs), `bypass` for anything else (a field of
 * {@link UNCACHED_FIELDS}, a document that does not parse).
 */
export function cachePolicy(query: string): CachePolicy {
  let p = policies.get(query);
  if (p) return p;
  let doc: DocumentNode | undefined;
  try { doc = parse(query, { noLocation: true }); } catch { /* left to the subgraph to refuse */ }
  p = doc ? policyOf(doc) : 'bypass';
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
  return uncached ? 'bypass' : 'cache';
}

/**
 * What a caller may see, as a cache key part: its roles and agency, or `anonymous`. Subgraph answers
 * depend on no more than that (no field reads the subject), so callers of one scope share entries.
 */
export function scopeOf(principal: Principal | null | undefined): string {
  if (!principal) return 'anonymous';
  return JSON.stringify([[...principal.roles].sort(), principal.agencyCode ?? null]);
}
