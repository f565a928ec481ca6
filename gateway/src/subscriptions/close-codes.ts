/**
 * WebSocket close codes of the graphql-ws protocol (`graphql-transport-ws`), plus the gateway's own.
 * The 44xx codes are those of graphql-ws; the 45xx ones are the gateway's.
 */
export enum CloseCode {
  /** The connection was closed normally. */
  Normal = 1000,
  /** The server is shutting down. */
  GoingAway = 1001,
  /** A message was larger than the limit (`maxPayloadBytes`). */
  MessageTooBig = 1009,
  /** A message was not valid JSON or not a protocol message. */
  BadRequest = 4400,
  /** A message other than `connection_init` arrived before the connection was acknowledged. */
  Unauthorized = 4401,
  /** The `connection_init` payload's token was refused, at connect or at a later subscribe. */
  Forbidden = 4403,
  /** The client did not send the `graphql-transport-ws` subprotocol. */
  SubprotocolNotAcceptable = 4406,
  /** No `connection_init` within `connectionInitTimeoutMs`. */
  ConnectionInitialisationTimeout = 4408,
  /** A `subscribe` used an id that is still running on this socket. */
  SubscriberAlreadyExists = 4409,
  /** A second `connection_init`. */
  TooManyInitialisationRequests = 4429,
  /** The client terminated the connection (graphql-ws client side). */
  Terminated = 4499,
  /** An unexpected server error. */
  InternalServerError = 4500,
  /** The client did not read its frames fast enough (its queue passed `maxBufferedBytes`). */
  SlowConsumer = 4508,
}
