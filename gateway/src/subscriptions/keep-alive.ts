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

/** One socket on a {@link KeepAliveWheel}. */
interface WheelEntry {
  /** When the unanswered ping was sent (ms), or null when none is outstanding. */
  pingedAt: number | null;
  /** When the socket was last pinged or joined (ms): the next ping is due `intervalMs` later. */
  lastPingAt: number;
  onTimeout(): void;
}

/**
 * Keep-alive for many sockets with ONE timer: what {@link startKeepAlive} does per socket (ping each
 * `intervalMs`, report a peer that does not pong within `timeoutMs`), for the gateway's client
 * sockets, of which there are thousands. A timer, two closures and a listener per socket cost memory
 * and timer-heap work on the fan-out's single thread; here each socket is a map entry, every socket
 * shares one `pong` listener, and one sweep every `min(intervalMs, timeoutMs)` pings and checks them
 * all (so a timeout is noticed up to one sweep late).
 *
 * @example
 * const wheel = new KeepAliveWheel({ intervalMs: 12_000, timeoutMs: 12_000 });
 * const k = wheel.add(socket, () => socket.terminate());   // k.dispose() when the socket closes
 * wheel.dispose();                                          // stops the timer
 */
export class KeepAliveWheel {
  private readonly entries = new Map<PingableSocket, WheelEntry>();
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private timer: NodeJS.Timeout | null = null;
  /** Shared by every socket: `this` is the socket that answered (EventEmitter's binding). */
  private readonly onPong: () => void;

  /**
   * @param options.intervalMs time between pings to a socket, in ms; 0 turns keep-alive off. @default 12000
   * @param options.timeoutMs time a pong may take after a ping, in ms. @default intervalMs
   * @param options.now the clock, in ms. @default Date.now
   */
  constructor(options: { intervalMs?: number; timeoutMs?: number; now?: () => number } = {}) {
    this.intervalMs = options.intervalMs ?? 12_000;
    this.timeoutMs = options.timeoutMs ?? this.intervalMs;
    this.now = options.now ?? Date.now;
    const entries = this.entries;
    this.onPong = function (this: PingableSocket) {
      const e = entries.get(this);
      if (e) e.pingedAt = null;
    };
  }

  private readonly now: () => number;

  /** Time between sweeps, in ms. */
  private get tick(): number {
    return Math.max(1, Math.min(this.intervalMs, this.timeoutMs));
  }

  /** Whether keep-alive is on (a positive, finite interval). */
  get enabled(): boolean {
    return this.intervalMs > 0 && Number.isFinite(this.intervalMs);
  }

  /** Sockets on the wheel. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Starts pinging `socket`; `onTimeout` is called once if it stops answering (the socket is not
   * touched: the caller ends it). `dispose()` takes it off the wheel.
   */
  add(socket: PingableSocket, onTimeout: () => void): { dispose(): void } {
    if (!this.enabled) return { dispose: () => undefined };
    this.entries.set(socket, { pingedAt: null, lastPingAt: this.now(), onTimeout });
    socket.on('pong', this.onPong);
    if (this.timer === null) {
      this.timer = setInterval(() => this.sweep(), this.tick).unref();
    }
    return { dispose: () => this.remove(socket) };
  }

  /** Stops the timer and forgets every socket. */
  dispose(): void {
    for (const socket of [...this.entries.keys()]) this.remove(socket);
  }

  private remove(socket: PingableSocket): void {
    if (!this.entries.delete(socket)) return;
    socket.off('pong', this.onPong);
    if (this.entries.size === 0 && this.timer !== null) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private sweep(): void {
    const now = this.now();
    // Sweeps come every `tick` ms, give or take the timer's jitter: what is due within half a tick is due now.
    const slack = this.tick / 2;
    const timedOut: WheelEntry[] = [];
    for (const [socket, e] of this.entries) {
      if (e.pingedAt !== null) {
        if (now - e.pingedAt >= this.timeoutMs - slack) {
          this.remove(socket);
          timedOut.push(e);
        }
        continue;
      }
      if (socket.readyState !== OPEN || now - e.lastPingAt < this.intervalMs - slack) continue;
      e.pingedAt = now;
      e.lastPingAt = now;
      try {
        socket.ping();
      } catch {
        // The socket is closing; its close handler ends everything.
      }
    }
    for (const e of timedOut) e.onTimeout();
  }
}
