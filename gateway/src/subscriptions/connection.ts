import type { IncomingMessage } from 'node:http';
import type { GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import type { Principal } from './auth';
import { CloseCode } from './close-codes';
import { type ClientMessage, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, ProtocolError, type ServerMessage, type SharedFrame, parseClientMessage } from './protocol';
import type { Subscriber } from './topic';
import type { SubscriptionServer } from './server';

/** A subscription of this socket: a topic membership, or a query/mutation in flight. */
interface Running {
  cancel(): void;
}

/**
 * The server side of the graphql-ws protocol for one socket: `connection_init` (authenticated) and
 * its acknowledgement, ping/pong, `subscribe` (authenticated again), `complete`, with the limits of
 * the server. Frames of subscriptions come from topics already serialised.
 */
export class Connection {
  private principal: Principal | null = null;
  private connectionParams: Record<string, unknown> | undefined;
  private initReceived = false;
  private closed = false;
  private readonly running = new Map<string, Running>();
  private readonly initTimer: NodeJS.Timeout;

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
    private readonly server: SubscriptionServer,
  ) {
    const limits = server.limits;
    this.initTimer = setTimeout(() => this.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout'), limits.connectionInitTimeoutMs);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      this.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    socket.on('message', (data, isBinary) => void this.onMessage(isBinary ? '' : data.toString()));
    socket.on('close', () => this.cleanup());
    socket.on('error', () => this.cleanup());
  }

  /** Subscriptions running on this socket. */
  get subscriptions(): number {
    return this.running.size;
  }

  private async onMessage(raw: string): Promise<void> {
    let msg: ClientMessage;
    try {
      msg = parseClientMessage(raw);
    } catch (err) {
      const e = err as ProtocolError;
      return this.close(e.code ?? CloseCode.BadRequest, e.message);
    }
    try {
      switch (msg.type) {
        case MessageType.ConnectionInit:
          return await this.onInit(msg.payload ?? undefined);
        case MessageType.Ping:
          return this.send({ type: MessageType.Pong, ...(msg.payload ? { payload: msg.payload } : {}) });
        case MessageType.Pong:
          return;
        case MessageType.Subscribe:
          if (!this.principal) return this.close(CloseCode.Unauthorized, 'Unauthorized');
          return await this.onSubscribe(msg.id, msg.payload);
        case MessageType.Complete: {
          const r = this.running.get(msg.id);
          this.running.delete(msg.id);
          r?.cancel();
          return;
        }
      }
    } catch (err) {
      this.server.logger.error({ err }, 'WebSocket message failed');
      this.close(CloseCode.InternalServerError, 'Internal server error');
    }
  }

  private async onInit(params: Record<string, unknown> | undefined): Promise<void> {
    if (this.initReceived) return this.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
    this.initReceived = true;
    const principal = await this.server.authenticate(params);
    if (this.closed) return;
    if (!principal) return this.close(CloseCode.Forbidden, 'Forbidden');
    clearTimeout(this.initTimer);
    this.principal = principal;
    this.connectionParams = params;
    this.send({ type: MessageType.ConnectionAck });
  }

  private async onSubscribe(id: string, payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }) {
    if (this.running.has(id)) return this.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    const { limits } = this.server;
    if (this.running.size >= limits.maxSubscriptionsPerSocket) {
      return this.sendError(id, [
        { message: `Too many subscriptions on this connection (at most ${limits.maxSubscriptionsPerSocket})`, extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
      ]);
    }
    // Hold the id while the token is checked again and the operation is planned.
    let cancelled = false;
    const slot: Running = { cancel: () => void (cancelled = true) };
    this.running.set(id, slot);
    const principal = await this.server.authenticate(this.connectionParams);
    if (this.closed || cancelled) return;
    if (!principal) return this.close(CloseCode.Forbidden, 'Forbidden');
    this.principal = principal;
    const done = () => this.running.get(id) === slot && this.running.delete(id);
    const outcome = await this.server.start(payload, principal, this.connectionParams, {
      id,
      write: (frame: SharedFrame) => this.write(frame.for(id)),
      error: (errors) => {
        if (done()) this.sendError(id, errors);
      },
      complete: () => {
        if (done()) this.send({ type: MessageType.Complete, id });
      },
    } satisfies Subscriber as Subscriber);
    // `start` resolves with the subscriber's topic, or with a result/errors to send once.
    if (this.closed || cancelled) {
      outcome.cancel?.();
      return;
    }
    switch (outcome.kind) {
      case 'subscribed':
        slot.cancel = outcome.cancel;
        return;
      case 'result':
        done();
        this.send({ type: MessageType.Next, id, payload: outcome.result });
        this.send({ type: MessageType.Complete, id });
        return;
      case 'errors':
        done();
        return this.sendError(id, outcome.errors);
    }
  }

  /** Writes a pre-serialised frame, or drops a subscriber whose queue is full. */
  private write(frame: Buffer): void {
    const s = this.socket;
    if (this.closed || s.readyState !== WebSocket.OPEN) return;
    if (s.bufferedAmount > this.server.limits.maxBufferedBytes) {
      this.server.stats.slowConsumersDropped++;
      this.close(CloseCode.SlowConsumer, 'Slow consumer: too many unread messages');
      return;
    }
    s.send(frame, { binary: false, compress: false });
  }

  private sendError(id: string, errors: readonly GraphQLFormattedError[]): void {
    this.send({ type: MessageType.Error, id, payload: errors.map((e) => ({ message: e.message, ...(e.extensions ? { extensions: e.extensions } : {}) })) });
  }

  private send(msg: ServerMessage): void {
    if (!this.closed && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg));
  }

  /** Closes with a code; a socket that does not close within a second (full buffers) is cut. */
  close(code: CloseCode, reason: string): void {
    if (this.closed) return;
    this.cleanup();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) {
      this.socket.close(code, reason);
      setTimeout(() => this.socket.terminate(), 1000).unref();
    }
  }

  private cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.initTimer);
    const all = [...this.running.values()];
    this.running.clear();
    for (const r of all) r.cancel();
    this.server.forget(this);
  }
}
