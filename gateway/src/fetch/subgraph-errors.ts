/** Codes of the errors a failed subgraph call puts in an answer (`extensions.code`). */
export type SubgraphErrorCode = 'SUBGRAPH_UNAVAILABLE' | 'SUBGRAPH_TIMEOUT';

/**
 * A subgraph call that produced no GraphQL answer: refused, reset, timed out, a 5xx without a
 * GraphQL body, or refused by the circuit breaker. Its message is safe to show to clients: it names
 * the subgraph and what happened, never an address or a Node error text.
 */
export class SubgraphFetchError extends Error {
  override name = 'SubgraphFetchError';
  constructor(
    readonly code: SubgraphErrorCode,
    readonly serviceName: string,
    message: string,
    /** Worth one more try (connection error, 502/503/504) for an operation that may be repeated. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT',
]);

/** Turns a transport error into a client-safe SubgraphFetchError (the detail goes to the log). */
export function toSubgraphError(err: unknown, serviceName: string): SubgraphFetchError {
  if (err instanceof SubgraphFetchError) return err;
  const code = (err as { code?: string } | null)?.code ?? '';
  if (CONNECTION_CODES.has(code)) {
    const what = code === 'ECONNREFUSED' ? 'refused the connection' : 'dropped the connection';
    return new SubgraphFetchError('SUBGRAPH_UNAVAILABLE', serviceName, `Subgraph "${serviceName}" is unavailable: it ${what}`, true);
  }
  return new SubgraphFetchError('SUBGRAPH_UNAVAILABLE', serviceName, `Subgraph "${serviceName}" is unavailable`);
}
