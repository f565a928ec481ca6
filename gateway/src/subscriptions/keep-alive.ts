/** The part of a `ws` socket (server or client side) that keep-alive needs. */
export interface PingableSocket {
  readonly readyState: number;
  ping(): void;
  on(event: 'pong', listener: () => void): unknown;
  off(event: 'pong', listener: () => void): unknown;
}

export interface KeepAliveOptions {
  /** Time between pings, in ms; 0 turns keep-alive off. @default 12000 (graphql-ws's server default) */
  intervalMs?: number;
  /** Time a pong may take after a ping, in ms. @default intervalMs */
  timeoutMs?: number;
  /** The peer did not answer a ping in time (the socket is not touched: the caller ends it). */
  onTimeout(): void;
}

/** `ws`'s `WebSocket.OPEN`, kept here so fakes need not import `ws`. */
const OPEN = 1;

/**
 * Pings a WebSocket peer with protocol-level ping frames (which browsers and `ws` answer by
 * themselves, as graphql-ws's own `useServer` does) and reports a peer that stops answering, so a
 * dead TCP connection (a wall whose network went away) does not hold its subscriptions for ever.
 * Works for the gateway's client sockets (see `Connection`) and for its upstream sockets to
 * subgraphs alike.
 *
 * @example
 * // In UpstreamConnection.start(), once the socket is open; dispose in stop() and fail():
 * socket.on('open', () => {
 *   this.keepAlive = startKeepAlive(socket, { intervalMs: 12_000, onTimeout: () => this.fail('no pong within 12000 ms') });
 * });
 * @returns `dispose()` stops the timers and the listener.
 */
export function startKeepAlive(socket: PingableSocket, options: KeepAliveOptions): { dispose(): void } {
  const intervalMs = options.intervalMs ?? 12_000;
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) return { dispose: () => undefined };
  const timeoutMs = options.timeoutMs ?? intervalMs;
  let waiting: NodeJS.Timeout | null = null;
  const onPong = () => {
    if (waiting) clearTimeout(waiting);
    waiting = null;
  };
  socket.on('pong', onPong);
  const interval = setInterval(() => {
    if (socket.readyState !== OPEN || waiting) return;
    waiting = setTimeout(() => {
      waiting = null;
      dispose();
      options.onTimeout();
    }, timeoutMs).unref();
    try {
      socket.ping();
    } catch {
      // The socket is closing; its close handler ends everything.
    }
  }, intervalMs).unref();
  const dispose = () => {
    clearInterval(interval);
    if (waiting) clearTimeout(waiting);
    waiting = null;
    socket.off('pong', onPong);
  };
  return { dispose };
}
