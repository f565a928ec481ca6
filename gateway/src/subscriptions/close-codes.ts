import { CloseCode as GraphQLWsCloseCode } from 'graphql-ws';

/**
 * WebSocket close codes of the gateway: graphql-ws's own (`CloseCode` of the `graphql-ws` package:
 * 4400 BadRequest, 4401 Unauthorized, 4403 Forbidden, 4406 SubprotocolNotAcceptable, 4408
 * ConnectionInitialisationTimeout, 4409 SubscriberAlreadyExists, 4429 TooManyInitialisationRequests,
 * 4500 InternalServerError, …), the standard ones it uses, and the gateway's 4508.
 */
export const CloseCode = {
  ...GraphQLWsCloseCode,
  /** The connection was closed normally. */
  Normal: 1000,
  /** The server is shutting down. */
  GoingAway: 1001,
  /** The server is at its connection limit (overall or for the client's address); retry later. */
  TryAgainLater: 1013,
  /** A message was larger than the limit (`maxPayloadBytes`); sent by `ws` itself. */
  MessageTooBig: 1009,
  /** The client terminated the connection (graphql-ws client side). */
  Terminated: 4499,
  /** The client did not read its frames fast enough (its queue passed `maxBufferedBytes`). */
  SlowConsumer: 4508,
} as const;
export type CloseCode = (typeof CloseCode)[Exclude<keyof typeof CloseCode, number>];

/**
 * Every close reason the server sends. Reasons are fixed texts, never client input, so none can
 * pass the 123 bytes a close frame allows (`ws` throws beyond that).
 */
export const CloseReason = {
  InvalidMessage: 'Invalid message',
  BinaryMessage: 'Binary messages are not supported',
  UnexpectedMessage: 'Unexpected message type from a client',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  SubprotocolNotAcceptable: 'Subprotocol not acceptable',
  ConnectionInitialisationTimeout: 'Connection initialisation timeout',
  SubscriberAlreadyExists: 'Subscriber for this id already exists',
  TooManyInitialisationRequests: 'Too many initialisation requests',
  InternalServerError: 'Internal server error',
  SlowConsumer: 'Slow consumer: too many unread messages',
  ShuttingDown: 'Server is shutting down',
  TooManyConnections: 'Too many connections; try again later',
} as const;
export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];

/** The longest close reason a WebSocket close frame carries (RFC 6455: 125 bytes less the code). */
export const MAX_CLOSE_REASON_BYTES = 123;
