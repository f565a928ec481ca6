import WebSocket from 'ws';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType } from './protocol';

export interface UpstreamHandlers {
  /** One `next` payload of the subgraph (`{ data, errors }`), parsed. */
  next(payload: { data?: Record<string, unknown> | null; errors?: unknown[] }): void;
  /** The subgraph refused or ended the subscription with GraphQL errors: final. */
  error(errors: unknown[]): void;
  /** The subgraph completed the subscription: final. */
  complete(): void;
  /** The connection is gone (never acknowledged, or lost): the owner decides to resume. */
  lost(reason: string, wasSubscribed: boolean): void;
  /** The subscription was sent on an acknowledged connection (optional). */
  subscribed?(): void;
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
}

/**
 * One graphql-ws subscription to a subgraph on its own socket (client side of the protocol, kept
 * small so the owner controls retries and the resume cursor). Not reused after it ends.
 */
export class UpstreamConnection {
  private socket: WebSocket | null = null;
  private ended = false;
  private subscribed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: UpstreamOptions,
    private readonly on: UpstreamHandlers,
  ) {}

  start(): void {
    const timeout = this.options.connectTimeoutMs ?? 5000;
    const socket = new WebSocket(this.options.url, GRAPHQL_TRANSPORT_WS_PROTOCOL, { handshakeTimeout: timeout, perMessageDeflate: false });
    this.socket = socket;
    this.timer = setTimeout(() => this.fail(`no acknowledgement within ${timeout} ms`), timeout);
    socket.on('open', () => this.send({ type: MessageType.ConnectionInit, payload: this.options.connectionParams ?? {} }));
    socket.on('message', (raw) => this.onMessage(raw.toString()));
    socket.on('error', (err) => this.fail(err.message || (err as NodeJS.ErrnoException).code || 'socket error'));
    socket.on('close', (code, reason) => this.fail(`closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`));
  }

  /** Completes the subscription and closes the socket; no handler is called afterwards. */
  stop(): void {
    if (this.ended) return;
    this.ended = true;
    this.clearTimer();
    const s = this.socket;
    if (s?.readyState === WebSocket.OPEN) {
      if (this.subscribed) this.send({ type: MessageType.Complete, id: '1' });
      s.close(1000, 'Normal Closure');
    } else {
      s?.terminate();
    }
  }

  private onMessage(raw: string): void {
    if (this.ended) return;
    let msg: { type?: string; id?: string; payload?: unknown };
    try {
      msg = JSON.parse(raw);
    } catch {
      return this.fail('invalid message from subgraph');
    }
    switch (msg.type) {
      case MessageType.ConnectionAck:
        this.clearTimer();
        this.subscribed = true;
        this.send({ type: MessageType.Subscribe, id: '1', payload: { query: this.options.query, variables: this.options.variables } });
        this.on.subscribed?.();
        return;
      case MessageType.Ping:
        return this.send({ type: MessageType.Pong });
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

  private fail(reason: string): void {
    if (this.ended) return;
    const was = this.subscribed;
    this.ended = true;
    this.clearTimer();
    this.socket?.terminate();
    this.on.lost(reason, was);
  }

  private finish(): void {
    this.ended = true;
    this.clearTimer();
    this.socket?.close(1000, 'Normal Closure');
  }

  private send(msg: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
