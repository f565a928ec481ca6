/**
 * The one catalogue of machine-readable error codes in IOC Graph.
 *
 * - {@link ErrorCode}: values of a GraphQL error's `extensions.code`, for every service of the graph
 *   (gateway, subgraphs, partner subgraphs through the kit). Clients switch on these, never on messages.
 * - {@link RowCode}: `ReportRow.code` of a REJECTED row of a report (like DHIS2's `ImportConflict.errorCode`).
 *
 * Add a code here (and to the README's "Error codes") before using it anywhere; a string literal
 * elsewhere is a defect. Codes are never renamed: tests outside the repository use them.
 */
export const ErrorCode = {
  /** Apollo Server's own: the document does not parse. */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** Apollo Server's own: the document does not validate against the schema. */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** An argument is malformed (a period, a cursor, a limit...); the message names it. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** No or an invalid token. HTTP 401. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller's role or agency may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** A named thing (an indicator by code...) does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** Too many subscriptions on one connection. */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** Too many requests from one address are still sending their body (HTTP 429, `Retry-After`). */
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  /** The database is unreachable: nothing was stored; retry later. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A subgraph could not be reached (or its circuit breaker is open); `extensions.serviceName` names it. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  /** A subgraph did not answer in time; `extensions.serviceName` names it. */
  SUBGRAPH_TIMEOUT: 'SUBGRAPH_TIMEOUT',
  /**
   * Apollo Server's own: the HTTP request is malformed (body, content type, `variables`,
   * `extensions`, a persisted query whose sha256Hash does not match or whose version is not 1). HTTP 400.
   */
  BAD_REQUEST: 'BAD_REQUEST',
  /** Apollo's APQ protocol: the hash is not known yet; send the query with its hash once. HTTP 200. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** Anything unexpected; the message says nothing internal. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /**
   * A rolled-up value (many units' readings combined) is beyond what an indicator can hold
   * (|v| ≤ 1e15, where floats still count exactly); the field is null and `extensions.indicatorCode`,
   * `unitCode` and `period` name it. The units' own readings are stored and readable.
   */
  VALUE_OUT_OF_RANGE: 'VALUE_OUT_OF_RANGE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Why a row of a report was REJECTED (`ReportRow.code`). */
export const RowCode = {
  /** `indicatorCode` names no indicator of this subgraph. */
  E_UNKNOWN_INDICATOR: 'E_UNKNOWN_INDICATOR',
  /** `unitCode` names no administrative unit. */
  E_UNKNOWN_UNIT: 'E_UNKNOWN_UNIT',
  /** The reporter may not write this indicator (role or agency). */
  E_FORBIDDEN: 'E_FORBIDDEN',
  /** `period` is not an ISO period, names no real date, or is not of the indicator's frequency. */
  E_PERIOD_FORMAT: 'E_PERIOD_FORMAT',
  /** `period` starts after the province's "now" (Asia/Ho_Chi_Minh). */
  E_PERIOD_FUTURE: 'E_PERIOD_FUTURE',
  /** `period` does not overlap the unit's validity (before `validFrom` or after `validTo`). */
  E_UNIT_NOT_VALID: 'E_UNIT_NOT_VALID',
  /** `value` is not a number (or not finite). */
  E_VALUE_FORMAT: 'E_VALUE_FORMAT',
  /** `value` is outside what the indicator can hold (its min/max, e.g. a % within 0–100, |v| ≤ 1e15). */
  E_OUT_OF_RANGE: 'E_OUT_OF_RANGE',
  /** `value` has a fraction while the indicator counts whole things (unit `count`, `rank`...). */
  E_NOT_INTEGER: 'E_NOT_INTEGER',
  /** `value` was written with a decimal comma or a thousands separator (`6,7`, `6.700`): ambiguous, refused. */
  E_DECIMAL_COMMA: 'E_DECIMAL_COMMA',
  /** A text field is longer than its limit (`source` 500, codes 64 characters). */
  E_TOO_LONG: 'E_TOO_LONG',
  /** A text field holds what cannot be stored (a NUL byte, a lone UTF-16 surrogate). */
  E_INVALID_TEXT: 'E_INVALID_TEXT',
  /** `status` is not A, P or E. */
  E_STATUS: 'E_STATUS',
  /** Same indicator, unit and period as an earlier row of the batch. */
  E_DUPLICATE: 'E_DUPLICATE',
  /** The database refused the row for a reason the kit did not foresee (the reason says nothing internal). */
  E_NOT_STORED: 'E_NOT_STORED',
} as const;
export type RowCode = (typeof RowCode)[keyof typeof RowCode];
