import {
  type DocumentNode, type FragmentDefinitionNode, GraphQLError, type GraphQLFormattedError, Kind, type OperationDefinitionNode,
  type SelectionSetNode, getOperationAST, parse,
} from 'graphql';

/** `extensions.code` values of operation errors over graphql-ws, the same as Apollo Server's on HTTP. */
export const OperationErrorCode = {
  ParseFailed: 'GRAPHQL_PARSE_FAILED',
  ValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  BadUserInput: 'BAD_USER_INPUT',
  OperationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
} as const;
export type OperationErrorCode = (typeof OperationErrorCode)[keyof typeof OperationErrorCode];

const INTERNAL: GraphQLFormattedError = Object.freeze({
  message: 'Internal server error',
  extensions: { code: OperationErrorCode.InternalServerError },
});

/** graphql-js reports a stack overflow of its recursive parser or visitors as a plain RangeError. */
const isStackOverflow = (err: unknown): boolean => err instanceof RangeError && /call stack/i.test(err.message);

/**
 * One error as a client may see it: a `GraphQLError` formatted (its `extensions.code`, or `code`
 * when it has none); anything else (a bug, a `TypeError`) is "Internal server error" with no
 * message, stack or path of ours. `onInternal` hears of the latter, to log it.
 */
export function toClientError(err: unknown, code?: OperationErrorCode, onInternal?: (err: unknown) => void): GraphQLFormattedError {
  if (!(err instanceof GraphQLError)) {
    onInternal?.(err);
    return INTERNAL;
  }
  const { message, locations, path, extensions } = err.toJSON();
  const { stacktrace: _stacktrace, exception: _exception, ...ext } = (extensions ?? {}) as Record<string, unknown>;
  if (code && ext.code === undefined) ext.code = code;
  return {
    message,
    ...(locations ? { locations } : {}),
    ...(path ? { path } : {}),
    ...(Object.keys(ext).length ? { extensions: ext } : {}),
  };
}

/**
 * The errors of a document that could not be prepared (what `OperationPlanner.prepare` threw: an
 * array of GraphQLErrors, one GraphQLError, or anything else), each with its code: a syntax error
 * or a document too deep to parse is `GRAPHQL_PARSE_FAILED`, a missing or unknown operation name
 * `OPERATION_RESOLUTION_FAILURE`, every other refusal of the document `GRAPHQL_VALIDATION_FAILED`,
 * and nothing internal reaches the client.
 */
export function documentErrors(thrown: unknown, query: string, onInternal?: (err: unknown) => void): GraphQLFormattedError[] {
  const all = Array.isArray(thrown) ? (thrown as unknown[]) : [thrown];
  if (all.some(isStackOverflow)) {
    // The document is nested beyond what the recursive parser or validator can walk: find which.
    let parsed = true;
    try {
      parse(query);
    } catch {
      parsed = false;
    }
    return [
      {
        message: 'The document is nested too deeply to be read',
        extensions: { code: parsed ? OperationErrorCode.ValidationFailed : OperationErrorCode.ParseFailed },
      },
    ];
  }
  return all.map((e) => {
    if (!(e instanceof GraphQLError)) return toClientError(e, undefined, onInternal);
    if (e.message.startsWith('Syntax Error')) return toClientError(e, OperationErrorCode.ParseFailed);
    // Apollo's operation lookup says INVALID_GRAPHQL; Apollo Server's codes are what clients know.
    const code = /operation name|unknown operation/i.test(e.message) ? OperationErrorCode.OperationResolutionFailure : OperationErrorCode.ValidationFailed;
    const formatted = toClientError(e, code);
    return formatted.extensions?.code === 'INVALID_GRAPHQL' ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
  });
}

/**
 * The spec's rule for subscriptions (GraphQL spec, "Single root field", and graphql-js 17): the root
 * selection of a subscription must not use `@skip` or `@include`, since its one field must be known
 * before any variable is. graphql-js 16 instead throws from inside `validate` when such a directive
 * takes a variable; this check gives a clean validation error for every variant.
 *
 * @returns the error, or `null` when the operation is not a subscription or has no such directive.
 */
export function conditionalSubscriptionRoot(
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode | undefined>>,
): GraphQLError | null {
  if (operation.operation !== 'subscription') return null;
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): GraphQLError | null => {
    for (const sel of set.selections) {
      const conditional = sel.directives?.find((d) => d.name.value === 'skip' || d.name.value === 'include');
      if (conditional) {
        const name = operation.name ? `Subscription "${operation.name.value}"` : 'Anonymous Subscription';
        return new GraphQLError(`${name} must not use \`@skip\` or \`@include\` directives in the top level selection.`, {
          nodes: conditional,
          extensions: { code: OperationErrorCode.ValidationFailed },
        });
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const found = walk(sel.selectionSet);
        if (found) return found;
      } else if (sel.kind === Kind.FRAGMENT_SPREAD && !seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        const fragment = fragments[sel.name.value];
        const found = fragment ? walk(fragment.selectionSet) : null;
        if (found) return found;
      }
    }
    return null;
  };
  return walk(operation.selectionSet);
}

/** {@link conditionalSubscriptionRoot} for a whole document (the operation named, or the only one). */
export function conditionalSubscriptionRootIn(document: DocumentNode, operationName?: string | null): GraphQLError | null {
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return conditionalSubscriptionRoot(operation, fragments);
}
