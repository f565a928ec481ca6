import { parse } from 'graphql';
import { CompositionError, type SubgraphSdl, composeSdls, fetchSubgraphSdl } from '../compose';
import { CORE_SUBGRAPHS, isCore } from '../core';
import type { SubgraphEntry } from '../supergraph-config';
import { type BreakingChange, apiSchemaOf, findBreaking } from './breaking';
import { type PolicyViolation, checkPolicy, nonNullRootFields } from './policy';
import { type ProblemLine, summariseProblems } from './summarise';
import { wallOperations } from './wall-operations';

export interface CheckInput {
  /** The candidate's subgraph name (replaces the entry of that name). */
  name: string;
  /** The candidate's schema, and where it will be routed. */
  candidate: { sdl: string; url: string };
  /** The graph's subgraphs (SUPERGRAPH_CONFIG). */
  entries: SubgraphEntry[];
  /** Folder of relative schema files. */
  baseDir: string;
  /** @default CORE_SUBGRAPHS */
  core?: readonly string[];
  /** Per subgraph of the graph. @default 5000 */
  fetchTimeoutMs?: number;
}

/** What `subgraph check` found; `ok` when the candidate may go live. */
export interface CheckReport {
  subgraph: string;
  ok: boolean;
  policy: PolicyViolation[];
  composition: ProblemLine[];
  /** `breaks` non-empty: a safelisted (wall) operation breaks — a failure; else a warning. */
  breaking: BreakingChange[];
  warnings: string[];
}

/**
 * Checks a candidate subgraph against the graph: the partner policy, composition with the other
 * subgraphs (one line per problem, with hints), and breaking changes against today's supergraph,
 * with the wall's operations as the safelist.
 */
export async function checkSubgraph(input: CheckInput): Promise<CheckReport> {
  const core = input.core ?? CORE_SUBGRAPHS;
  const report: CheckReport = { subgraph: input.name, ok: false, policy: [], composition: [], breaking: [], warnings: [] };
  try {
    parse(input.candidate.sdl);
  } catch (err) {
    report.composition.push({ code: 'INVALID_GRAPHQL', subgraphs: [input.name], message: `the schema does not parse: ${(err as Error).message}` });
    return report;
  }
  const today: SubgraphSdl[] = [];
  await Promise.all(
    input.entries.map(async (e) => {
      try {
        const sdl = await fetchSubgraphSdl(e, input.baseDir, { timeoutMs: input.fetchTimeoutMs ?? 5000 });
        today.push({ name: e.name, url: e.routingUrl, sdl });
      } catch (err) {
        if (e.name !== input.name) throw new Error(`Cannot check against the graph: ${(err as Error).message}`);
        report.warnings.push(`the graph's ${e.name} is not reachable; breaking changes are checked against the graph without it`);
      }
    }),
  );
  const others = today.filter((s) => s.name !== input.name);
  const coreSdls = Object.fromEntries(others.filter((s) => isCore(s.name, core)).map((s) => [s.name, s.sdl]));
  const prefixOwners = new Map<string, string>();
  for (const [name, sdl] of Object.entries(coreSdls)) {
    for (const m of sdl.matchAll(/type (\w+)Indicator implements[^{]*\bIndicator\b/g)) prefixOwners.set(m[1], name);
  }
  if (!isCore(input.name, core)) {
    const partners = Object.fromEntries(others.filter((s) => !isCore(s.name, core)).map((s) => [s.name, s.sdl]));
    report.policy = checkPolicy({ name: input.name, sdl: input.candidate.sdl }, coreSdls, partners);
    report.warnings.push(...nonNullRootFields(input.candidate.sdl));
  }

  let next: string | null = null;
  try {
    next = composeSdls([...others, { name: input.name, url: input.candidate.url, sdl: input.candidate.sdl }]).supergraphSdl;
  } catch (err) {
    if (!(err instanceof CompositionError)) throw err;
    report.composition = summariseProblems(err.details, prefixOwners);
  }
  let current: string | null = null;
  try {
    current = composeSdls(today).supergraphSdl;
  } catch {
    report.warnings.push('the graph as configured today does not compose; breaking changes were not checked');
  }
  if (next && current) {
    const before = apiSchemaOf(current);
    const pillars = Object.keys(before.getSubscriptionType()?.getFields() ?? {})
      .filter((f) => f.endsWith('Readings'))
      .map((f) => f.slice(0, -'Readings'.length));
    report.breaking = findBreaking(before, apiSchemaOf(next), wallOperations(pillars));
    for (const b of report.breaking.filter((c) => !c.breaks.length)) report.warnings.push(`breaking for other clients: ${b.description}`);
  }
  report.ok = !report.policy.length && !report.composition.length && !report.breaking.some((b) => b.breaks.length);
  return report;
}

/** The report as a few lines for a terminal. */
export function formatCheckReport(r: CheckReport): string {
  const out = [`subgraph check ${r.subgraph}: ${r.ok ? 'PASS — it may go live' : 'FAIL'}`];
  for (const v of r.policy) out.push(`  ✗ policy     ${v.message} [${v.coordinate}]`);
  for (const c of r.composition) out.push(`  ✗ compose    ${c.message}${c.hint ? ` — hint: ${c.hint}` : ''}`);
  for (const b of r.breaking.filter((x) => x.breaks.length)) out.push(`  ✗ breaking   ${b.description} (breaks ${b.breaks.join(', ')})`);
  for (const w of r.warnings) out.push(`  ! warning    ${w}`);
  return out.join('\n');
}
