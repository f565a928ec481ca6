import { failToParseVariables } from 'graphql-jit/dist/variables';
import { type GraphQLSchema, type VariableDefinitionNode, print } from 'graphql';
import { type CompiledVariableParser, CompiledVariableParsers, MAX_COMPILED_SOURCE_CHARS } from '@ioc-graph/kit/internal';

export interface VariablesCheckOptions {
  /** Distinct variable declarations whose compiled check is kept. @default 1000 */
  maxOperations?: number;
  /**
   * Checks that callers without a credential may have compiled, per minute, all of them together
   * (a compilation costs ~2–5 ms of the gateway's CPU, `npm run bench:variables-check`). The wall
   * needs its few declarations compiled once; beyond the budget a stranger's new declarations stay
   * on graphql-js (same verdicts). @default 10
   */
  anonymousCompilesPerMinute?: number;
  /** The clock, milliseconds (tests). @default Date.now */
  now?: () => number;
}

/** Distinct declarations of anonymous callers tracked (seen once or compiled), apart from the authenticated ones. */
const MAX_ANONYMOUS_OPERATIONS = 100;

/**
 * The gateway's check of a request's variables against the operation's declared types (what
 * `ApolloGateway.validateIncomingRequest` does with graphql-js `getVariableValues`), a check
 * compiled once per declaration list (graphql-jit's `compileVariableParsing`) to run first: the
 * ingestion mutations carry 1,000 input objects per request, and graphql-js walking them field by
 * field was 40 % of the gateway's CPU.
 *
 * The compiled check only ever ACCEPTS: on any failure (or for types it does not model, see
 * `compilableVariables`) the caller runs graphql-js as before, so every rejection — HTTP status, codes,
 * messages — is graphql-js's own. The gateway discards the coerced values (subgraphs coerce again),
 * so only the verdict matters. A check is compiled when its declarations come a second time, kept
 * in an LRU keyed by the printed declarations and bounded by count and by generated code size, and
 * dropped when the schema changes.
 *
 * Anyone can send new declarations, so what callers without a credential can make it compile is
 * bounded: their declarations are tracked apart (a stranger's flood of new ones cannot evict an
 * official's compiled ingestion check, which would then be compiled again and again) and compiled
 * within a per-minute budget shared by all of them.
 */
export class VariablesCheck {
  /** By caller kind. */
  private readonly parsers: Record<'authenticated' | 'anonymous', CompiledVariableParsers>;
  private readonly anonymousBudget: { perMinute: number; windowStart: number; used: number };
  private readonly now: () => number;
  /** The printed declarations of a parsed document's operation: Apollo Server reuses parsed documents, so each is printed once, not per request. */
  private readonly keys = new WeakMap<readonly VariableDefinitionNode[], string>();

  constructor(options: VariablesCheckOptions = {}) {
    const max = Math.max(1, options.maxOperations ?? 1000);
    this.parsers = {
      authenticated: new CompiledVariableParsers({ max }),
      anonymous: new CompiledVariableParsers({ max: Math.min(max, MAX_ANONYMOUS_OPERATIONS), maxChars: MAX_COMPILED_SOURCE_CHARS / 4 }),
    };
    this.anonymousBudget = { perMinute: Math.max(0, options.anonymousCompilesPerMinute ?? 10), windowStart: -Infinity, used: 0 };
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether the compiled check accepts the variables. `false` means "not known to be valid": the
   * caller then runs graphql-js, whose verdict and errors stand.
   */
  accepts(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[], variables: Record<string, unknown>, caller: { anonymous: boolean } = { anonymous: false }): boolean {
    const check = this.checkFor(schema, definitions, caller.anonymous);
    if (!check) return false;
    try {
      return !failToParseVariables(check(variables) as never);
    } catch {
      return false;
    }
  }

  /** Declarations tracked (seen once or compiled), for tests. */
  get size(): number {
    return this.parsers.authenticated.size + this.parsers.anonymous.size;
  }

  /** Checks compiled for callers without a credential (graphql-jit runs), for tests and metrics. */
  anonymousCompiles = 0;

  private checkFor(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[], anonymous: boolean): CompiledVariableParser | null {
    if (definitions.length === 0) return null;
    let key = this.keys.get(definitions);
    if (key === undefined) this.keys.set(definitions, (key = definitions.map((d) => print(d)).join(',')));
    if (!anonymous) return this.parsers.authenticated.parserFor(schema, key, definitions);
    // An official's compiled check serves anyone; a stranger's never takes an official's place.
    const official = this.parsers.authenticated.compiled(schema, key);
    if (official !== undefined) return official;
    return this.parsers.anonymous.parserFor(schema, key, definitions, () => this.spendAnonymousCompile());
  }

  /** One compilation off the anonymous budget of the current minute, if any is left. */
  private spendAnonymousCompile(): boolean {
    const budget = this.anonymousBudget;
    const now = this.now();
    if (now - budget.windowStart >= 60_000) {
      budget.windowStart = now;
      budget.used = 0;
    }
    if (budget.used >= budget.perMinute) return false;
    budget.used++;
    this.anonymousCompiles++;
    return true;
  }
}

