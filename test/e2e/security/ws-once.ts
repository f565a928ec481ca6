import WebSocket from 'ws';

export interface WsAnswer {
  /** `next` payloads, then the `error` payload (GraphQL errors) if the server refused the operation. */
  next: { data?: unknown; errors?: GraphQLErrorJson[] }[];
  errors?: GraphQLErrorJson[];
  /** Set when the socket closed instead of answering. */
  closeCode?: number;
}
export interface GraphQLErrorJson {
  message: string;
  extensions?: Record<string, unknown>;
}

/**
 * Sends one operation over a fresh graphql-transport-ws socket and collects its answer: every
 * `next` until `complete` (or the first `next` when `firstOnly`, for subscriptions), or the `error`.
 */
export async function wsOnce(url: string, query: string, options: { firstOnly?: boolean; timeoutMs?: number } = {}): Promise<WsAnswer> {
  const ws = new WebSocket(url, 'graphql-transport-ws');
  const answer: WsAnswer = { next: [] };
  try {
    return await new Promise<WsAnswer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer over WebSocket within ${options.timeoutMs ?? 30_000} ms`)), options.timeoutMs ?? 30_000);
      const done = () => (clearTimeout(timer), resolve(answer));
      ws.on('error', (err) => (clearTimeout(timer), reject(err)));
      ws.on('close', (code) => ((answer.closeCode = code), done()));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('message', (raw) => {
        const m = JSON.parse(raw.toString()) as { type: string; payload?: unknown };
        if (m.type === 'connection_ack') ws.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query } }));
        else if (m.type === 'next') {
          answer.next.push(m.payload as WsAnswer['next'][number]);
          if (options.firstOnly) done();
        } else if (m.type === 'error') {
          answer.errors = m.payload as GraphQLErrorJson[];
          done();
        } else if (m.type === 'complete') done();
        else if (m.type === 'ping') ws.send(JSON.stringify({ type: 'pong' }));
      });
    });
  } finally {
    ws.removeAllListeners('close');
    ws.terminate();
  }
}
