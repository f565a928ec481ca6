import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';
import { type Logger, createLogger } from '../log/logger';
import { ErrorCode } from './error-codes';

/** Node's socket error codes that mean "the database cannot be reached". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether an error from the driver means the database is unavailable (down, restarting, out of
 * connections) rather than that the statement was wrong: socket errors, pg's own "Connection
 * terminated" errors, SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, cannot
 * connect now) and 53300 (too many connections).
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(message)) return true;
    if (e instanceof AggregateError) return e.errors.some((x) => isDatabaseUnavailable(x));
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}

/** The one answer to a request during a database outage: nothing internal named, nothing stored. */
export function databaseUnavailable(what = 'nothing was stored'): GraphQLError {
  return new GraphQLError(`the database is unavailable; ${what}; retry`, {
    extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
  });
}

let processLogger: Logger | undefined;

/**
 * Where a driver error goes when the middleware is given no `log`: the process's logger, with what
 * names the fault (SQLSTATE, constraint, table, message) but not the statement's parameters (a
 * report's whole batch). The answer says "it was logged": without this nothing was.
 */
function logDriverError(err: unknown): void {
  const e = err as { code?: unknown; constraint?: unknown; table?: unknown; message?: unknown; driverError?: { code?: unknown; constraint?: unknown; table?: unknown } };
  processLogger ??= createLogger('database');
  processLogger.error(
    { err: { code: e?.code ?? e?.driverError?.code, constraint: e?.constraint ?? e?.driverError?.constraint, table: e?.table ?? e?.driverError?.table, message: e?.message } },
    'the database refused a request',
  );
}

/**
 * type-graphql middleware for resolvers that read or write the database: an outage becomes one
 * {@link databaseUnavailable} error, any other driver error a generic INTERNAL_SERVER_ERROR (the
 * original goes to `log`, by default the process's logger), so no answer names an internal
 * address, table or statement.
 */
export function databaseErrors(log: (err: unknown) => void = logDriverError): MiddlewareFn {
  return async (_action, next) => {
    try {
      return await next();
    } catch (err) {
      if (err instanceof GraphQLError) throw err;
      log(err);
      if (isDatabaseUnavailable(err)) throw databaseUnavailable(_action.info.operation.operation === 'mutation' ? 'nothing was stored' : 'nothing could be read');
      if (err && typeof err === 'object' && ('driverError' in err || 'severity' in err)) {
        throw new GraphQLError('the database refused the request; it was logged', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
      }
      throw err;
    }
  };
}
