import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { ConnectionInitMessage, ServerOptions } from 'graphql-ws';
import type { Logger } from '../log';
import { maskExecutionResult } from './client-errors';
import { type OperationLimits, parseAndValidate } from './limits';

/**
 * The graphql-ws hooks that give an endpoint the protections of the public `/graphql` (graphql-ws
 * runs no validation rules and formats no error itself): `onSubscribe` parses with the token limit
 * (`IOC_MAX_TOKENS`) and validates with the limit rules (graphql-armor's depth, aliases and
 * directives, the list cost, introspection when it is off), answering a refused document with its
 * `OPERATION_LIMIT_EXCEEDED` errors; `onNext` masks errors that are not GraphQL errors (a fixed text
 * and `INTERNAL_SERVER_ERROR`, the message to the log). Every graphql-ws endpoint of a service
 * (`/graphql`, the kit's change feed) spreads them into its `useServer` options.
 * @returns `{ onSubscribe, onNext }`; no `contextValue`: graphql-ws builds it with the endpoint's `context`
 */
export function protectedWsHooks<P extends ConnectionInitMessage['payload'], E>(
  schema: GraphQLSchema,
  limits: OperationLimits,
  logger: Logger,
): Required<Pick<ServerOptions<P, E>, 'onSubscribe' | 'onNext'>> {
  return {
    onSubscribe: (_ctx, _id, payload) => {
      const checked = parseAndValidate(schema, payload.query, limits);
      if (checked.errors) return checked.errors;
      return { schema, document: checked.document, operationName: payload.operationName, variableValues: payload.variables };
    },
    onNext: (_ctx, _id, _payload, _args, result) => maskExecutionResult(result as ExecutionResult, logger),
  };
}
