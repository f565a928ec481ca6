import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode, GraphQLError, type GraphQLSchema, NoSchemaIntrospectionCustomRule, type ValidationRule,
  parse, specifiedRules, validate,
} from 'graphql';
import { ConfigError, parsers, readEnv } from '../config';
import { listCostRule } from './list-cost.rule';

/** `extensions.code` of a document refused by an operation limit (depth, aliases, directives, tokens, cost). */
export const OPERATION_LIMIT_CODE = 'OPERATION_LIMIT_EXCEEDED';

const positiveInt = (raw: string, name: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return n;
};

/**
 * The edge's limits, as environment variables with their defaults (README, "Security"). The defaults
 * leave the wall, GraphiQL's examples and introspection, the CLI and the benches well inside: their
 * largest documents are depth 4, 20 aliases (the wall's target look-up), 0 directives, 410 tokens
 * (the same look-up; GraphiQL's introspection query has 183) and cost ~2,400 (bench/dashboard.js:
 * a unit, its children and three pillars' readings of each).
 */
export const OPERATION_LIMIT_ENV = {
  maxDepth: { env: 'IOC_MAX_DEPTH', default: 10, parse: positiveInt, doc: 'deepest selection (fragments flattened, introspection ignored)' },
  maxAliases: { env: 'IOC_MAX_ALIASES', default: 100, parse: positiveInt, doc: 'aliases in one operation' },
  maxDirectives: { env: 'IOC_MAX_DIRECTIVES', default: 50, parse: positiveInt, doc: 'directives in one operation' },
  maxTokens: { env: 'IOC_MAX_TOKENS', default: 5000, parse: positiveInt, doc: 'lexical tokens in one document; the parser stops at the limit' },
  maxCost: { env: 'IOC_MAX_COST', default: 25_000, parse: positiveInt, doc: 'fields, each counted once per item of every list above it (a list counts as IOC_LIST_SIZE items)' },
  listSize: { env: 'IOC_LIST_SIZE', default: 10, parse: positiveInt, doc: 'items a list is assumed to have, for the cost' },
  maxBodyBytes: { env: 'IOC_MAX_BODY_BYTES', default: 4 * 1024 * 1024, parse: positiveInt, doc: 'HTTP request body and WebSocket message, in bytes (413 above)' },
  maxUnfinishedBodiesPerAddress: {
    env: 'IOC_MAX_UNFINISHED_BODIES_PER_ADDRESS', default: 16, parse: positiveInt,
    doc: 'HTTP requests one client address may have with their body still arriving (429 above); bounds the memory a stalling client pins to this × IOC_MAX_BODY_BYTES',
  },
  introspection: { env: 'IOC_INTROSPECTION', default: true, parse: parsers.boolean, doc: 'schema introspection; off also hides "Did you mean …" suggestions' },
};

/** Limits applied to every document a server executes, over HTTP and graphql-ws alike. */
export interface OperationLimits {
  /** @default 10 */
  maxDepth: number;
  /** @default 100 */
  maxAliases: number;
  /** @default 50 */
  maxDirectives: number;
  /** @default 5000 */
  maxTokens: number;
  /** Fields × list sizes above them (see listCostRule). @default 25000 */
  maxCost: number;
  /** Assumed items per list, for the cost. @default 10 */
  listSize: number;
  /** Bytes. @default 4194304 (4 MiB) */
  maxBodyBytes: number;
  /** HTTP requests per client address whose body is still arriving. @default 16 */
  maxUnfinishedBodiesPerAddress: number;
  /** @default true */
  introspection: boolean;
  /** Stack traces in error answers: only with `NODE_ENV=development`. */
  stackTraces: boolean;
}

/**
 * Reads the limits from `env`; throws a ConfigError naming every bad variable.
 * @throws ConfigError
 */
export function readOperationLimits(env: NodeJS.ProcessEnv = process.env): OperationLimits {
  return { ...readEnv(OPERATION_LIMIT_ENV, env), stackTraces: env.NODE_ENV === 'development' };
}

let processLimits: OperationLimits | undefined;
/** The limits of this process, read from `process.env` once (at the first call: a server's start). */
export function operationLimits(): OperationLimits {
  return (processLimits ??= readOperationLimits());
}

const limitError = (limit: string, armorMessage: string) => {
  // graphql-armor prefixes "Syntax Error: " although the document parsed; keep only its finding.
  const detail = armorMessage.replace(/^Syntax Error: /, '');
  return new GraphQLError(`Operation refused: ${detail} (IOC_MAX_${limit.toUpperCase()})`, {
    extensions: { code: OPERATION_LIMIT_CODE, limit },
  });
};

/**
 * Validation rules for the limits (graphql-armor's), reporting a GraphQLError with
 * `extensions.code` OPERATION_LIMIT_EXCEEDED and `extensions.limit` instead of throwing.
 */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  const report = (limit: string) => ({
    propagateOnRejection: false,
    onReject: [(ctx: { reportError(e: GraphQLError): void } | null, err: GraphQLError) => ctx?.reportError(limitError(limit, err.message))],
  });
  const rules: ValidationRule[] = [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ...report('depth') }) as unknown as ValidationRule,
    maxAliasesRule({ n: limits.maxAliases, ...report('aliases') }) as unknown as ValidationRule,
    maxDirectivesRule({ n: limits.maxDirectives, ...report('directives') }) as unknown as ValidationRule,
    listCostRule({
      maxCost: limits.maxCost,
      listSize: limits.listSize,
      onExceeded: (cost) => limitError('cost', `Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`),
    }),
  ];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

// graphql 16 words it "more that"; accept both.
const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/** Whether a parse error is the token limit (graphql's own `maxTokens`). */
export function isTokenLimitError(message: string): boolean {
  return TOKEN_LIMIT.test(message);
}

/** The client-facing form of a token-limit parse error. */
export function tokenLimitError(limits: OperationLimits): GraphQLError {
  return new GraphQLError(`Operation refused: the document has more than ${limits.maxTokens} tokens (IOC_MAX_TOKENS)`, {
    extensions: { code: OPERATION_LIMIT_CODE, limit: 'tokens' },
  });
}

/** Removes graphql-js's "Did you mean …?" hints, which tell the schema when introspection is off. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}

/**
 * Parses and validates a document under the limits, for executors outside Apollo Server (graphql-ws).
 * Returns the document, or the errors to answer with (GraphQLErrors with codes).
 */
export function parseAndValidate(
  schema: GraphQLSchema,
  query: string,
  limits: OperationLimits,
): { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (err) {
    // graphql-js's recursive parser throws a RangeError (stack overflow) on deep nesting: say what
    // is wrong with the document, not what happened inside the server.
    if (!(err instanceof GraphQLError)) {
      return { errors: [new GraphQLError('The document is nested too deeply to be read', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
    }
    const e = err;
    if (isTokenLimitError(e.message)) return { errors: [tokenLimitError(limits)] };
    return { errors: [new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })] };
  }
  const errors = validate(schema, document, [...specifiedRules, ...limitRules(limits)]);
  if (errors.length) {
    return {
      errors: errors.map((e) =>
        e.extensions.code
          ? e
          : new GraphQLError(limits.introspection ? e.message : withoutSuggestions(e.message), {
              nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
      ),
    };
  }
  return { document };
}
