import type { IncomingMessage } from 'node:http';
import type { GraphQLFormattedError } from 'graphql';
import type WebSocket from 'ws';
import type { Principal } from './auth';
import { CloseCode, CloseReason } from './close-codes';
import { type ClientMessage, FrameId, MessageType, ProtocolError, type ServerMessage, type SharedFrame, type SubscribePayload, parseClientMessage } from './protocol';
import type { SubscriptionServer } from './server';
import type { Subscriber } from './topic';

/** `ws`'s `WebSocket.OPEN` and `CONNECTING` (kept here so a fake socket needs no `ws`). */
const OPEN = 1;
const CONNECTING = 0;

/** What a connection needs of its socket: the part of `ws`'s `WebSocket` it uses. */
export type ClientSocket = Pick<WebSocket, 'protocol' | 'readyState' | 'bufferedAmount' | 'send' | 'close' | 'terminate' | 'ping' | 'on' | 'off'>;

/**
 * The parts of a `ws` (8.x) server socket that {@link directWriter} writes through: the TCP socket and
 * the Sender's queue state. Private to `ws`, hence checked at run time and never required.
 */
interface WsInternals {
  _isServer?: unknown;
  _socket?: { write(chunk: Buffer): boolean } | null;
  _sender?: { _state?: unknown; _queue?: unknown; _firstFragment?: unknown } | null;
}

/** A socket that takes a whole pre-framed WebSocket message in one write (see {@link directWriter}). */
interface DirectWriter {
  tcp: { write(chunk: Buffer): boolean };
  sender: { _state: number; _queue: unknown[]; _firstFragment: boolean };
}

/**
 * The fan-out's write path past `ws`'s Sender, for a `ws` server socket without compression. Why:
 * `ws.send` frames every message itself (a header buffer, options objects, a corked two-buffer
 * `writev` through the stream's buffering), and at 5,000 sockets × 10 events/s that machinery and its
 * garbage was a fifth of the gateway's fan-out CPU; a {@link SharedFrame} can hand each socket its
 * complete message (header + JSON, see `wireFor`) for one plain write. Only when ws's Sender is idle
 * (nothing queued, no fragmented message open), so frames never interleave; otherwise, and for any
 * socket that is not a plain `ws` one (tests' fakes, another ws version), `send` is used.
 */
function directWriter(socket: ClientSocket): DirectWriter | null {
  const ws = socket as unknown as WsInternals;
  const tcp = ws._socket;
  const sender = ws._sender;
  const deflate = (socket as unknown as { _extensions?: Record<string, unknown> })._extensions?.['permessage-deflate'];
  if (ws._isServer !== true || deflate || !tcp || typeof tcp.write !== 'function' || !sender) return null;
  if (typeof sender._state !== 'number' || !Array.isArray(sender._queue) || typeof sender._firstFragment !== 'boolean') return null;
  return { tcp, sender: sender as DirectWriter['sender'] };
}

/** A subscription of this socket: a topic membership, or a query/mutation in flight. */
interface Running {
  cancel(): void;
}

/**
 * Where a connection is in the protocol: waiting for `connection_init`, checking its payload,
 * acknowledged (subscriptions allowed), or closed (nothing more is sent or started).
 */
type ConnectionState =
  | { kind: 'awaiting-init'; initTimer: NodeJS.Timeout }
  | { kind: 'initialising' }
  | { kind: 'acknowledged'; principal: Principal; connectionParams: Record<string, unknown> | undefined }
  | { kind: 'closed' };

/**
 * The server side of the graphql-ws protocol for one socket: `connection_init` (authenticated) and
 * its acknowledgement, ping/pong, `subscribe` (authenticated again), `complete`, with the limits of
 * the server. Frames of subscriptions come from topics already serialised.
 *
 * Own code rather than graphql-ws's `makeServer`: its server writes one JSON string per subscriber
 * and event, where the gateway's fan-out writes one pre-serialised {@link SharedFrame} to every
 * subscriber and drops slow consumers (4508). The protocol's vocabulary, message validation and
 * close codes are graphql-ws's own.
 *
 * Every close path: 4400 invalid, binary or server-only message; 4401 `subscribe` before the
 * acknowledgement; 4403 refused token (at init or at a later subscribe); 4408 no `connection_init`
 * in time; 4409 duplicate subscription id; 4429 second `connection_init`; 4500 unexpected error;
 * 4508 slow consumer; 1001 server shutting down; 1009 message too big (by `ws`); and a socket cut
 * when it does not answer a keep-alive ping.
 */
export class Connection {
  private state: ConnectionState;
  private readonly running = new Map<string, Running>();
  private readonly keepAlive: { dispose(): void };
  /** The fan-out's write path past ws's Sender, or null to use `send` (see {@link directWriter}). */
  private readonly direct: DirectWriter | null;

  /** The client's network address ('' when unknown), for the per-address caps. */
  readonly address: string;

  /**
   * @param request the upgrade request: only its remote address is kept (holding the request would
   * keep its headers and parser state alive for the socket's whole life, thousands of times over).
   */
  constructor(
    readonly socket: ClientSocket,
    request: IncomingMessage,
    private readonly server: SubscriptionServer,
  ) {
    this.address = request.socket?.remoteAddress ?? '';
    this.direct = directWriter(socket);
    const limits = server.limits;
    const initTimer = setTimeout(() => this.close(CloseCode.ConnectionInitialisationTimeout, CloseReason.ConnectionInitialisationTimeout), limits.connectionInitTimeoutMs);
    this.state = { kind: 'awaiting-init', initTimer };
    // One timer for every client socket (the server's wheel), not one per socket.
    this.keepAlive = server.keepAlive.add(socket, () => {
      // A peer that does not answer pings cannot read a close frame either: cut it.
      this.server.stats.keepAliveTimeouts++;
      this.cleanup();
      this.socket.terminate();
    });
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      this.onMessage(data, isBinary).catch((err: unknown) => {
        this.server.logger.error({ err }, 'WebSocket message failed');
        this.close(CloseCode.InternalServerError, CloseReason.InternalServerError);
      });
    });
    socket.on('close', () => this.cleanup());
    socket.on('error', (err: Error) => {
      this.server.logger.debug({ err }, 'WebSocket error');
      this.cleanup();
    });
  }

  /** Operations running on this socket. */
  get subscriptions(): number {
    return this.running.size;
  }

  /** The protocol state's kind (for tests and logs). */
  get stateKind(): ConnectionState['kind'] {
    return this.state.kind;
  }

  private async onMessage(data: WebSocket.RawData, isBinary: boolean): Promise<void> {
    if (this.state.kind === 'closed') return;
    let msg: ClientMessage;
    try {
      if (isBinary) throw new ProtocolError(CloseReason.BinaryMessage);
      msg = parseClientMessage(data.toString());
    } catch (err) {
      const e = err instanceof ProtocolError ? err : new ProtocolError(CloseReason.InvalidMessage);
      this.server.logger.debug({ code: e.code, detail: e.detail }, 'WebSocket message refused');
      return this.close(e.code, e.reason);
    }
    switch (msg.type) {
      case MessageType.ConnectionInit:
        return this.onInit(msg.payload ?? undefined);
      case MessageType.Ping:
        // Answered in any state, as graphql-ws's server does; the payload is echoed.
        return this.send(msg.payload ? { type: MessageType.Pong, payload: msg.payload } : { type: MessageType.Pong });
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        if (this.state.kind !== 'acknowledged') return this.close(CloseCode.Unauthorized, CloseReason.Unauthorized);
        return this.onSubscribe(msg.id, msg.payload);
      case MessageType.Complete: {
        const r = this.running.get(msg.id);
        if (r) this.release(msg.id, r);
        r?.cancel();
        return;
      }
    }
  }

  private async onInit(params: Record<string, unknown> | undefined): Promise<void> {
    if (this.state.kind !== 'awaiting-init') return this.close(CloseCode.TooManyInitialisationRequests, CloseReason.TooManyInitialisationRequests);
    clearTimeout(this.state.initTimer);
    this.state = { kind: 'initialising' };
    const principal = await this.server.authenticate(params);
    if (this.state.kind !== 'initialising') return; // closed meanwhile
    if (!principal) return this.close(CloseCode.Forbidden, CloseReason.Forbidden);
    this.state = { kind: 'acknowledged', principal, connectionParams: params };
    this.send({ type: MessageType.ConnectionAck });
  }

  private async onSubscribe(id: string, payload: SubscribePayload): Promise<void> {
    if (this.running.has(id)) return this.close(CloseCode.SubscriberAlreadyExists, CloseReason.SubscriberAlreadyExists);
    const { limits } = this.server;
    if (this.running.size >= limits.maxSubscriptionsPerSocket) {
      return this.sendError(id, [
        { message: `Too many operations on this connection (at most ${limits.maxSubscriptionsPerSocket}); complete one first`, extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: limits.maxSubscriptionsPerSocket } },
      ]);
    }
    if (!this.server.reserveOperation()) {
      return this.sendError(id, [
        { message: `The server is serving its most operations at once (${limits.maxSubscriptions}); try again later`, extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: limits.maxSubscriptions } },
      ]);
    }
    // Hold the id while the token is checked again and the operation is planned.
    let cancelled = false;
    const slot: Running = { cancel: () => void (cancelled = true) };
    this.running.set(id, slot);
    const state = this.state as Extract<ConnectionState, { kind: 'acknowledged' }>;
    const principal = await this.server.authenticate(state.connectionParams);
    if (this.isClosed() || cancelled) return;
    if (!principal) return this.close(CloseCode.Forbidden, CloseReason.Forbidden);
    state.principal = principal;
    const done = () => this.release(id, slot);
    const frameId = new FrameId(id);
    const outcome = await this.server.start(payload, principal, state.connectionParams, {
      id,
      owner: this, // the per-socket cap on upstream streams counts by connection
      address: this.address || undefined,
      write: (frame: SharedFrame) => this.write(frame, frameId),
      error: (errors) => {
        if (done()) this.sendError(id, errors);
      },
      complete: () => {
        if (done()) this.send({ type: MessageType.Complete, id });
      },
    } satisfies Subscriber as Subscriber);
    // `start` resolves with the subscriber's topic, or with a result/errors to send once.
    if (this.isClosed() || cancelled) {
      outcome.cancel?.();
      return;
    }
    switch (outcome.kind) {
      case 'subscribed':
        slot.cancel = outcome.cancel;
        return;
      case 'result':
        done();
        this.send({ type: MessageType.Next, id, payload: outcome.result as Record<string, unknown> });
        this.send({ type: MessageType.Complete, id });
        return;
      case 'errors':
        done();
        return this.sendError(id, outcome.errors);
    }
  }

  /** Whether the socket closed (a method, so that TypeScript does not narrow it across an `await`). */
  private isClosed(): boolean {
    return this.state.kind === 'closed';
  }

  /** Forgets the operation `id` if `slot` still holds it, freeing its place; returns whether it did. */
  private release(id: string, slot: Running): boolean {
    if (this.running.get(id) !== slot) return false;
    this.running.delete(id);
    this.server.releaseOperation();
    return true;
  }

  /** Writes a pre-serialised frame, or drops a subscriber whose queue is full. */
  private write(frame: SharedFrame, id: FrameId): void {
    const s = this.socket;
    if (this.state.kind === 'closed' || s.readyState !== OPEN) return;
    if (s.bufferedAmount > this.server.limits.maxBufferedBytes) {
      this.server.stats.slowConsumersDropped++;
      this.close(CloseCode.SlowConsumer, CloseReason.SlowConsumer);
      return;
    }
    const d = this.direct;
    if (d !== null && d.sender._state === 0 && d.sender._queue.length === 0 && d.sender._firstFragment) d.tcp.write(frame.wireFor(id));
    else s.send(frame.for(id), { binary: false, compress: false });
  }

  private sendError(id: string, errors: readonly GraphQLFormattedError[]): void {
    this.send({ type: MessageType.Error, id, payload: errors.map((e) => ({ message: e.message, ...(e.locations ? { locations: e.locations } : {}), ...(e.path ? { path: e.path } : {}), ...(e.extensions ? { extensions: e.extensions } : {}) })) });
  }

  private send(msg: ServerMessage): void {
    if (this.state.kind !== 'closed' && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(msg));
  }

  /**
   * Closes with a code and one of the fixed reasons; a socket that does not close within a second
   * (full buffers) is cut. Never throws.
   */
  close(code: CloseCode, reason: CloseReason): void {
    if (this.state.kind === 'closed') return;
    this.cleanup();
    const s = this.socket;
    if (s.readyState !== OPEN && s.readyState !== CONNECTING) return;
    try {
      s.close(code, reason);
      setTimeout(() => s.terminate(), 1000).unref();
    } catch (err) {
      // Not expected with fixed reasons; a socket that cannot be closed cleanly is cut, never left open.
      this.server.logger.error({ err }, 'WebSocket close failed');
      s.terminate();
    }
  }

  private cleanup(): void {
    if (this.state.kind === 'closed') return;
    if (this.state.kind === 'awaiting-init') clearTimeout(this.state.initTimer);
    this.state = { kind: 'closed' };
    this.keepAlive.dispose();
    const all = [...this.running.entries()];
    for (const [id, r] of all) {
      this.release(id, r);
      r.cancel();
    }
    this.server.forget(this);
  }
}
