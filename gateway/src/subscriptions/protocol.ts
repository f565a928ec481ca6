import { CloseCode } from './close-codes';

/** The graphql-ws subprotocol name. */
export const GRAPHQL_TRANSPORT_WS_PROTOCOL = 'graphql-transport-ws';

/** Message types of the graphql-ws protocol. */
export enum MessageType {
  ConnectionInit = 'connection_init',
  ConnectionAck = 'connection_ack',
  Ping = 'ping',
  Pong = 'pong',
  Subscribe = 'subscribe',
  Next = 'next',
  Error = 'error',
  Complete = 'complete',
}

export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

export type ClientMessage =
  | { type: MessageType.ConnectionInit; payload?: Record<string, unknown> | null }
  | { type: MessageType.Ping; payload?: Record<string, unknown> | null }
  | { type: MessageType.Pong; payload?: Record<string, unknown> | null }
  | { type: MessageType.Subscribe; id: string; payload: SubscribePayload }
  | { type: MessageType.Complete; id: string };

export type ServerMessage =
  | { type: MessageType.ConnectionAck; payload?: Record<string, unknown> }
  | { type: MessageType.Ping | MessageType.Pong; payload?: Record<string, unknown> }
  | { type: MessageType.Next; id: string; payload: unknown }
  | { type: MessageType.Error; id: string; payload: readonly { message: string; extensions?: Record<string, unknown> }[] }
  | { type: MessageType.Complete; id: string };

/** A message the server cannot accept: the socket is closed with `code`. */
export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly code: CloseCode = CloseCode.BadRequest,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks one client message; throws {@link ProtocolError}. */
export function parseClientMessage(raw: string): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    throw new ProtocolError('Message is not valid JSON');
  }
  if (!isObject(msg) || typeof msg.type !== 'string') throw new ProtocolError('Message has no type');
  const payloadOk = msg.payload === undefined || msg.payload === null || isObject(msg.payload);
  switch (msg.type) {
    case MessageType.ConnectionInit:
    case MessageType.Ping:
    case MessageType.Pong:
      if (!payloadOk) throw new ProtocolError(`"${msg.type}" payload must be an object`);
      return msg as ClientMessage;
    case MessageType.Subscribe: {
      if (typeof msg.id !== 'string' || !msg.id) throw new ProtocolError('"subscribe" needs an id');
      const p = msg.payload;
      if (!isObject(p) || typeof p.query !== 'string') throw new ProtocolError('"subscribe" payload needs a query');
      if (p.variables !== undefined && p.variables !== null && !isObject(p.variables)) {
        throw new ProtocolError('"subscribe" variables must be an object');
      }
      if (p.operationName !== undefined && p.operationName !== null && typeof p.operationName !== 'string') {
        throw new ProtocolError('"subscribe" operationName must be a string');
      }
      return msg as ClientMessage;
    }
    case MessageType.Complete:
      if (typeof msg.id !== 'string' || !msg.id) throw new ProtocolError('"complete" needs an id');
      return msg as ClientMessage;
    default:
      throw new ProtocolError(`Unexpected message type "${String(msg.type)}"`);
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

  constructor(payload: unknown) {
    this.tail = Buffer.from(`,"payload":${JSON.stringify(payload)}}`);
  }

  /** Bytes of the payload part. */
  get size(): number {
    return this.tail.length;
  }

  /** The frame for one subscription id; identical ids (e.g. "1") share one buffer. */
  for(id: string): Buffer {
    let frame = this.byId.get(id);
    if (!frame) {
      frame = Buffer.concat([SharedFrame.HEAD, Buffer.from(JSON.stringify(id)), this.tail]);
      if (this.byId.size < 64) this.byId.set(id, frame);
    }
    return frame;
  }
}
