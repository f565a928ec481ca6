import {
  type CompleteMessage, type ConnectionInitMessage, GRAPHQL_TRANSPORT_WS_PROTOCOL, type Message, MessageType, type PingMessage,
  type PongMessage, type SubscribeMessage, type SubscribePayload, validateMessage,
} from 'graphql-ws';
import { CloseCode, CloseReason } from './close-codes';

// The protocol's vocabulary is graphql-ws's own; re-exported so the gateway has one import.
export { GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, type SubscribePayload };

/** Messages a client may send (graphql-ws's types). */
export type ClientMessage = ConnectionInitMessage | PingMessage | PongMessage | SubscribeMessage | CompleteMessage;

/** Messages the server sends (graphql-ws's `Message`, less what only clients send). */
export type ServerMessage = Exclude<Message, ConnectionInitMessage | SubscribeMessage>;

/**
 * A message the server cannot accept: the socket is closed with `code` and a fixed `reason` (never
 * the client's input; `detail`, which may quote it, is only logged).
 */
export class ProtocolError extends Error {
  constructor(
    readonly reason: CloseReason,
    readonly code: CloseCode = CloseCode.BadRequest,
    readonly detail?: string,
  ) {
    super(reason);
  }
}

/**
 * Parses and checks one client message with graphql-ws's `validateMessage`; a message only a server
 * sends (`connection_ack`, `next`, `error`) is refused too.
 *
 * @throws {ProtocolError} 4400 for anything else.
 */
export function parseClientMessage(raw: string): ClientMessage {
  let msg: Message;
  try {
    msg = validateMessage(JSON.parse(raw));
  } catch (err) {
    throw new ProtocolError(CloseReason.InvalidMessage, CloseCode.BadRequest, (err as Error).message);
  }
  switch (msg.type) {
    case MessageType.ConnectionInit:
    case MessageType.Ping:
    case MessageType.Pong:
    case MessageType.Subscribe:
    case MessageType.Complete:
      return msg;
    default:
      throw new ProtocolError(CloseReason.UnexpectedMessage, CloseCode.BadRequest, `a client sent "${msg.type}"`);
  }
}

/** A subscription id with its JSON bytes, made once per subscription (not once per event). */
export class FrameId {
  readonly json: Buffer;
  constructor(readonly id: string) {
    this.json = Buffer.from(JSON.stringify(id));
  }
}

/**
 * A `next` frame split around the subscription id, serialised once per event and shared by every
 * subscriber: a subscriber's frame is `head + id + tail`, a byte copy with no JSON work.
 */
export class SharedFrame {
  private static readonly HEAD = Buffer.from('{"type":"next","id":');
  private readonly tail: Buffer;
  private readonly byId = new Map<string, Buffer>();
  private readonly wireById = new Map<string, Buffer>();

  constructor(payload: unknown) {
    this.tail = Buffer.from(`,"payload":${JSON.stringify(payload)}}`);
  }

  /** Bytes of the payload part. */
  get size(): number {
    return this.tail.length;
  }

  /** The frame for one subscription id; identical ids (e.g. "1") share one buffer. */
  for(id: string | FrameId): Buffer {
    const key = typeof id === 'string' ? id : id.id;
    let frame = this.byId.get(key);
    if (!frame) {
      frame = Buffer.concat([SharedFrame.HEAD, typeof id === 'string' ? Buffer.from(JSON.stringify(id)) : id.json, this.tail]);
      if (this.byId.size < 64) this.byId.set(key, frame);
    }
    return frame;
  }

  /**
   * The whole WebSocket message for one subscription id, as a server sends it (RFC 6455: FIN, text,
   * unmasked): frame header and JSON in one buffer, for one plain socket write. Identical ids share it.
   */
  wireFor(id: FrameId): Buffer {
    let wire = this.wireById.get(id.id);
    if (wire) return wire;
    const length = SharedFrame.HEAD.length + id.json.length + this.tail.length;
    const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    wire = Buffer.allocUnsafe(header + length);
    wire[0] = 0x81; // FIN + text
    if (header === 2) {
      wire[1] = length;
    } else if (header === 4) {
      wire[1] = 126;
      wire.writeUInt16BE(length, 2);
    } else {
      wire[1] = 127;
      wire.writeUInt32BE(0, 2);
      wire.writeUInt32BE(length, 6); // a frame is far below 4 GiB (maxBufferedBytes drops the socket long before)
    }
    let at = header;
    at += SharedFrame.HEAD.copy(wire, at);
    at += id.json.copy(wire, at);
    this.tail.copy(wire, at);
    if (this.wireById.size < 64) this.wireById.set(id.id, wire);
    return wire;
  }
}
