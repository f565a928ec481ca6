import WebSocket from 'ws';
import { waitFor } from './feed-client';

export interface ServerMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A hand-driven graphql-ws socket, for what a well-behaved client never sends: raw text, binary
 * frames, out-of-order and duplicate messages. Records every message and how the socket closed.
 */
export class RawClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  readonly socket: WebSocket;

  private constructor(url: string, protocols: string | string[] | undefined, options: WebSocket.ClientOptions) {
    this.socket = protocols === undefined ? new WebSocket(url, options) : new WebSocket(url, protocols, options);
    this.socket.on('message', (data) => this.messages.push(JSON.parse(data.toString()) as ServerMessage));
    this.socket.on('close', (code, reason) => void (this.closed = { code, reason: reason.toString() }));
    this.socket.on('error', () => undefined); // the close event tells
  }

  /** Opens a socket offering `protocols` (default `graphql-transport-ws`; `null` offers none). */
  static async open(url: string, protocols: string | string[] | null = 'graphql-transport-ws', options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const c = new RawClient(url, protocols ?? undefined, options);
    await waitFor(() => c.socket.readyState !== WebSocket.CONNECTING, 'the upgrade', 20_000);
    return c;
  }

  /** Opens and initialises (`connection_init` → `connection_ack`). */
  static async ready(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const c = await RawClient.open(url, 'graphql-transport-ws', options);
    c.send({ type: 'connection_init' });
    await c.next((m) => m.type === 'connection_ack', 'the acknowledgement');
    return c;
  }

  /** Sends an object as JSON, or text as it is. */
  send(message: unknown, options: { binary?: boolean } = {}): void {
    const data = typeof message === 'string' ? message : JSON.stringify(message);
    this.socket.send(options.binary ? Buffer.from(data) : data, { binary: !!options.binary });
  }

  /** The first message (from now on, or already received) matching `pred`. */
  async next(pred: (m: ServerMessage) => boolean, what: string): Promise<ServerMessage> {
    await waitFor(() => this.messages.some(pred) || this.closed !== null, what, 30_000);
    const found = this.messages.find(pred);
    if (!found) throw new Error(`the socket closed (${JSON.stringify(this.closed)}) before ${what}`);
    return found;
  }

  /** Waits for the close; returns its code and reason. */
  async whenClosed(timeoutMs = 30_000): Promise<{ code: number; reason: string }> {
    await waitFor(() => this.closed !== null, 'the socket to close', timeoutMs);
    return this.closed!;
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.terminate();
  }
}
