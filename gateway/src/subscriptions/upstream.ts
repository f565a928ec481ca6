import { CloseCode as WsCloseCode } from 'graphql-ws';
import WebSocket from 'ws';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType } from './protocol';

/** Why an upstream subscription went away without `error` or `complete`. */
export interface UpstreamLoss {
  /**
   * `fatal`: the subgraph refused us for a reason a retry cannot fix (a graphql-ws close code such
   * as 4400, 4401, 4403, 4406, 4409, 4429, 4500): the subscription ends with an error.
   * `network`: the socket was lost, timed out or closed normally (restart): resume after the cursor.
   */
  kind: 'fatal' | 'network';
  /** The WebSocket close code, if the socket was closed with one. */
  code: number | null;
  /** For logs (never sent to clients: it may name internal addresses). */
  reason: string;
  /** Whether the subgraph had acknowledged the connection (`connection_ack`). */
  acknowledged: boolean;
}

export interface UpstreamHandlers {
  /** The subgraph acknowledged the connection and the subscription was sent. */
  acknowledged?(): void;
  /** One `next` payload of the subgraph (`{ data, errors }`), parsed. */
  next(payload: { data?: Record<string, unknown> | null; errors?: unknown[] }): void;
  /** The subgraph refused or ended the subscription with GraphQL errors: final. */
  error(errors: unknown[]): void;
  /** The subgraph completed the subscription: final. */
  complete(): void;
  /** The connection is gone: the owner decides whether to resume (see {@link UpstreamLoss.kind}). */
  lost(loss: UpstreamLoss): void;
}

export interface UpstreamOptions {
  /** ws:// URL of the subgraph's graphql-ws endpoint. */
  url: string;
  query: string;
  variables: Record<string, unknown>;
  /** Sent as the `connection_init` payload. */
  connectionParams?: Record<string, unknown>;
  /** Handshake plus acknowledgement must finish within this. @default 5000 */
  connectTimeoutMs?: number;
  /**
   * Keepalive: a graphql-ws `ping` is sent this often once acknowledged, and the subgraph is
   * declared lost (a `network` loss) if nothing at all arrives within two intervals of a ping's
   * send (time this process spent busy is not counted, see `startKeepalive`). 0 turns it off.
   * @default 10000
   */
  pingIntervalMs?: number;
}

/** One upstream subscription, as a {@link Topic} drives it. */
export interface Upstream {
  start(): void;
  /** Completes the subscription and closes the socket; no handler is called afterwards. */
  stop(): void;
}

/** Makes upstream subscriptions (injected into topics so they can be tested without sockets). */
export type UpstreamFactory = (options: UpstreamOptions, handlers: UpstreamHandlers) => Upstream;

/**
 * Close codes a retry cannot fix: graphql-ws client's own list (`shouldRetryConnectOrThrow`) plus
 * 4403 Forbidden, which for the gateway means its signed context was refused (secrets differ):
 * retrying would only repeat the refusal.
 */
const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  WsCloseCode.InternalServerError,
  WsCloseCode.InternalClientError,
  WsCloseCode.BadRequest,
  WsCloseCode.BadResponse,
  WsCloseCode.Unauthorized,
  WsCloseCode.Forbidden,
  WsCloseCode.SubprotocolNotAcceptable,
  WsCloseCode.SubscriberAlreadyExists,
  WsCloseCode.TooManyInitialisationRequests,
]);

/** Non-4xxx codes that mean "gone for now" (graphql-ws `isFatalInternalCloseCode`'s exceptions). */
const TRANSIENT_WS_CODES: ReadonlySet<number> = new Set([1000, 1001, 1005, 1006, 1012, 1013, 1014]);

/** Whether a close code ends the subscription for good (see {@link FATAL_CLOSE_CODES}). */
export function isFatalCloseCode(code: number): boolean {
  if (FATAL_CLOSE_CODES.has(code)) return true;
  if (code >= 1000 && code < 2000) return !TRANSIENT_WS_CODES.has(code);
  return false;
}

/**
 * One graphql-ws subscription to a subgraph on its own socket (client side of the protocol, kept
 * small so the owner controls retries and the resume cursor; graphql-ws's `createClient` would
 * retry on its own and hide the cursor). Not reused after it ends.
 */
export class UpstreamConnection implements Upstream {
  private socket: WebSocket | null = null;
  private ended = false;
  private acknowledged = false;
  private timer: NodeJS.Timeout | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private lastHeard = 0;

  constructor(
    private readonly options: UpstreamOptions,
    private readonly on: UpstreamHandlers,
  ) {}

  start(): void {
    const timeout = this.options.connectTimeoutMs ?? 5000;
    const socket = new WebSocket(this.options.url, GRAPHQL_TRANSPORT_WS_PROTOCOL, { handshakeTimeout: timeout, perMessageDeflate: false });
    this.socket = socket;
    this.timer = setTimeout(() => this.fail(null, `no acknowledgement within ${timeout} ms`), timeout);
    socket.on('open', () => this.send({ type: MessageType.ConnectionInit, payload: this.options.connectionParams ?? {} }));
    socket.on('message', (raw) => this.onMessage(raw.toString()));
    socket.on('error', (err) => this.fail(null, err.message || (err as NodeJS.ErrnoException).code || 'socket error'));
    socket.on('close', (code, reason) => this.fail(code, `closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
  }

  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimers();
    const s = this.socket;
    if (s?.readyState === WebSocket.OPEN) {
      if (this.acknowledged) this.send({ type: MessageType.Complete, id: '1' });
      s.close(1000, 'Normal Closure');
    } else {
      s?.terminate();
    }
  }

  private onMessage(raw: string): void {
    if (this.ended) return;
    this.lastHeard = performance.now();
    let msg: { type?: string; id?: string; payload?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      return this.fail(WsCloseCode.BadResponse, 'invalid message from subgraph');
    }
    switch (msg.type) {
      case MessageType.ConnectionAck:
        this.clearTimers();
        this.acknowledged = true;
        this.startKeepalive();
        this.send({ type: MessageType.Subscribe, id: '1', payload: { query: this.options.query, variables: this.options.variables } });
        this.on.acknowledged?.();
        return;
      case MessageType.Ping:
        return this.send({ type: MessageType.Pong });
      case MessageType.Pong:
        return;
      case MessageType.Next:
        return this.on.next(msg.payload as { data?: Record<string, unknown> | null; errors?: unknown[] });
      case MessageType.Error:
        this.finish();
        return this.on.error(Array.isArray(msg.payload) ? msg.payload : [msg.payload]);
      case MessageType.Complete:
        this.finish();
        return this.on.complete();
      default:
        return;
    }
  }

  /**
   * Pings the subgraph; a ping that nothing answers (no message at all since its send) within two
   * intervals means it is gone (a frozen process, a cut network). Silence is measured from the
   * ping's actual send, and only this process's own punctual ticks judge it: a tick that comes
   * late (the event loop was blocked) judges nothing, and a verdict waits for a `setImmediate`,
   * which runs after the poll phase has read the data already waiting on the socket. So a busy
   * gateway never takes its own delay for the subgraph's silence.
   */
  private startKeepalive(): void {
    const every = this.options.pingIntervalMs ?? 10_000;
    if (every <= 0) return;
    this.lastHeard = performance.now();
    let due = this.lastHeard + every;
    let sentAt: number | null = null;
    this.pinger = setInterval(() => {
      const now = performance.now();
      const late = now - due > every / 2;
      due = now + every;
      if (sentAt !== null && this.lastHeard < sentAt) {
        // Still unanswered: judged after pending data is read, never on a late tick.
        const ping = sentAt;
        if (!late && now - ping >= 2 * every) {
          setImmediate(() => {
            if (!this.ended && this.lastHeard < ping) this.fail(null, `no answer to pings for ${Math.round(performance.now() - ping)} ms`);
          });
        }
        return;
      }
      sentAt = now;
      this.send({ type: MessageType.Ping });
    }, every);
    this.pinger.unref();
  }

  private fail(code: number | null, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimers();
    this.socket?.terminate();
    const kind = code !== null && isFatalCloseCode(code) ? 'fatal' : 'network';
    this.on.lost({ kind, code, reason, acknowledged: this.acknowledged });
  }

  private finish(): void {
    this.ended = true;
    this.clearTimers();
    this.socket?.close(1000, 'Normal Closure');
  }

  private send(msg: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.pinger) clearInterval(this.pinger);
    this.timer = null;
    this.pinger = null;
  }
}

/** The default {@link UpstreamFactory}: one socket per upstream subscription. */
export const wsUpstreamFactory: UpstreamFactory = (options, handlers) => new UpstreamConnection(options, handlers);
