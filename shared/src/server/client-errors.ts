import { type GraphQLFormattedError, GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode } from '../errors/error-codes';
import type { Logger } from '../log';

/** The fixed text of an unexpected error: no library message, path or address reaches a client. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/**
 * Apollo Server's persisted-query refusals, which it answers with HTTP 400 but no code (so they
 * surface as INTERNAL_SERVER_ERROR): the message Apollo throws → the text that names the fix.
 */
const PERSISTED_QUERY_FAULTS: Record<string, string> = {
  'provided sha does not match query':
    'extensions.persistedQuery.sha256Hash does not match the query: send the lower-case hex SHA-256 of the exact query text',
  'Unsupported persisted query version':
    'extensions.persistedQuery must be { "version": 1, "sha256Hash": "<hex SHA-256 of the query>" }',
};

/** graphql-js's texts for variables that do not coerce (`getVariableValues`). */
const VARIABLE_COERCION = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" (got invalid value|of required type|of non-null type)/;

const httpStatusOf = (error: unknown): number | undefined =>
  error instanceof GraphQLError ? (error.extensions?.http as { status?: number } | undefined)?.status : undefined;

/**
 * `formatError` of every service's Apollo Server, for errors Apollo would answer with
 * INTERNAL_SERVER_ERROR although they are not: a client mistake Apollo refuses with a 4xx but no code
 * becomes BAD_REQUEST (persisted queries get a text that names the fix); an error that is not a
 * GraphQLError (a TypeError, a library's exception) gets a fixed text and goes to the log, so its
 * message never reaches the client.
 * @returns the formatted error to send, or `undefined` when this function leaves it as it is
 */
export function formatClientError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError | undefined {
  if (formatted.extensions?.code !== ErrorCode.INTERNAL_SERVER_ERROR) return undefined;
  const status = httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const message = PERSISTED_QUERY_FAULTS[formatted.message] ?? formatted.message;
    return { message, extensions: { ...formatted.extensions, code: ErrorCode.BAD_REQUEST } };
  }
  // Apollo unwraps only resolver errors (with a path); one thrown outside any resolver (the gateway's
  // executor, e.g. a RangeError on a client's deeply nested variables) comes wrapped without a path.
  const unwrapped = unwrapResolverError(error);
  const original = unwrapped instanceof GraphQLError && !unwrapped.path && unwrapped.originalError ? unwrapped.originalError : unwrapped;
  // Apollo Gateway coerces the variables of a query it plans itself (graphql's getVariableValues) and
  // hands the refusals back without a code: a client mistake, as graphql-js's own answer says elsewhere.
  if (original instanceof GraphQLError && VARIABLE_COERCION.test(original.message)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
  }
  if (original instanceof GraphQLError) return undefined; // a code-less GraphQLError of a resolver: its text is deliberate
  logger.error({ err: original instanceof Error ? { message: original.message, stack: original.stack } : original, path: formatted.path }, 'unexpected error answered as INTERNAL_SERVER_ERROR');
  // Neither the message nor a stack trace reaches the client, in any environment: both are in the log above.
  return { ...formatted, message: INTERNAL_ERROR_MESSAGE };
}

/**
 * The same rule for a graphql-ws `next` result (graphql-ws formats no error itself): an error whose
 * original is not a GraphQLError gets the fixed text and code; its message goes to the log.
 * @returns the result to send (the same object when nothing had to change)
 */
export function maskExecutionResult<T extends { errors?: readonly GraphQLError[] }>(result: T, logger: Logger): T {
  if (!result.errors?.some((e) => e.originalError && !(e.originalError instanceof GraphQLError))) return result;
  const errors = result.errors.map((e) => {
    if (!e.originalError || e.originalError instanceof GraphQLError) return e;
    logger.error({ err: { message: e.originalError.message, stack: e.originalError.stack }, path: e.path }, 'unexpected error answered as INTERNAL_SERVER_ERROR');
    return new GraphQLError(INTERNAL_ERROR_MESSAGE, { nodes: e.nodes, path: e.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  });
  return { ...result, errors };
}
