import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import {
  type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type InlineFragmentNode,
  GraphQLError, Kind, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode, getNamedType, isAbstractType,
  isCompositeType, isInterfaceType, isObjectType,
} from 'graphql';

/** Prefix of the internal names user aliases get while the gateway plans and executes. */
export const ALIAS_PREFIX = '_ioc_';

export interface NormalisedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Internal response name → the caller's alias; null when no alias was renamed. */
  aliases: Map<string, string> | null;
  /** False when the document was already in normal form (the caller's document is used as is). */
  changed: boolean;
}

/**
 * Rewrites a validated operation into a form that @apollo/gateway plans and shapes correctly, and
 * that means the same:
 * - fragment spreads are inlined (`...F` → `... on T @dirs { … }`), so the rules below see them;
 * - a type condition that always holds is dropped (`... on Reading` inside an `EconomyReading`, or
 *   `... on T` inside a `T`): the gateway's result shaping narrows its parent type to the
 *   condition's and then drops nested conditions it can no longer prove (`latest: {}`);
 * - every alias that differs from its field's name is renamed to `_ioc_<alias>` (the same alias
 *   everywhere, so field merging is unchanged): aliases that reuse an entity key's or `__typename`'s
 *   name collide with the fields the query plan adds itself (`code: name` answered the key).
 * `restoreAliases` maps the answer back.
 */
export function normaliseOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): NormalisedOperation {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  let operation: OperationDefinitionNode | undefined;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    else if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)) operation ??= d;
  }
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { document, operation: operation!, aliases: null, changed: false };
  const aliases = new Map<string, string>();
  let changed = false;

  const selectionSet = (set: SelectionSetNode, parent: GraphQLCompositeType): SelectionSetNode => {
    let setChanged = false;
    const selections = set.selections.map((s): SelectionNode => {
      const out = selection(s, parent);
      if (out !== s) setChanged = true;
      return out;
    });
    return setChanged ? { ...set, selections } : set;
  };

  const selection = (s: SelectionNode, parent: GraphQLCompositeType): SelectionNode => {
    if (s.kind === Kind.FIELD) {
      let out = s;
      if (s.alias && s.alias.value !== s.name.value) {
        const internal = `${ALIAS_PREFIX}${s.alias.value}`;
        aliases.set(internal, s.alias.value);
        out = { ...out, alias: { ...s.alias, value: internal } };
      }
      if (s.selectionSet) {
        const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[s.name.value] : undefined;
        const type = def && getNamedType(def.type);
        if (type && isCompositeType(type)) {
          const inner = selectionSet(s.selectionSet, type);
          if (inner !== s.selectionSet) out = { ...out, selectionSet: inner };
        }
      }
      if (out !== s) changed = true;
      return out;
    }
    let fragment: InlineFragmentNode;
    if (s.kind === Kind.FRAGMENT_SPREAD) {
      const def = fragments[s.name.value];
      if (!def) return s; // validation refuses unknown fragments before we are called
      fragment = { kind: Kind.INLINE_FRAGMENT, typeCondition: def.typeCondition, directives: s.directives, selectionSet: def.selectionSet };
      changed = true;
    } else {
      fragment = s;
    }
    const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
    if (!condition || !isCompositeType(condition)) return fragment;
    const alwaysHolds = condition === parent || (isObjectType(parent) && isAbstractType(condition) && schema.isSubType(condition, parent));
    let out: InlineFragmentNode = fragment;
    if (alwaysHolds && fragment.typeCondition) {
      out = { ...out, typeCondition: undefined };
      changed = true;
    }
    const inner = selectionSet(fragment.selectionSet, alwaysHolds ? parent : condition);
    if (inner !== fragment.selectionSet) out = { ...out, selectionSet: inner };
    return out;
  };

  const normalised: OperationDefinitionNode = { ...operation, selectionSet: selectionSet(operation.selectionSet, root) };
  if (!changed) return { document, operation, aliases: null, changed: false };
  return {
    document: { kind: Kind.DOCUMENT, definitions: [normalised] },
    operation: normalised,
    aliases: aliases.size ? aliases : null,
    changed: true,
  };
}

/** Renames internal response names back to the caller's aliases, keeping the order of keys. */
export function restoreAliases(value: unknown, aliases: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => restoreAliases(v, aliases));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[(k.startsWith(ALIAS_PREFIX) && aliases.get(k)) || k] = restoreAliases(v, aliases);
  }
  return out;
}

/** The same for an error's `path`. */
export function restorePath(path: ReadonlyArray<string | number> | undefined, aliases: Map<string, string>) {
  return path?.map((p) => (typeof p === 'string' && aliases.get(p)) || p);
}

/**
 * An execution result of a normalised operation, as the caller's document asked: its aliases in
 * `data`, in error paths and in error messages. Used by the HTTP path and by graphql-ws alike.
 */
export function restoreResult(result: GatewayExecutionResult, aliases: Map<string, string>): GatewayExecutionResult {
  const unalias = (text: string) => text.replace(new RegExp(`${ALIAS_PREFIX}[_A-Za-z0-9]+`, 'g'), (m) => aliases.get(m) ?? m);
  return {
    ...result,
    data: result.data && (restoreAliases(result.data, aliases) as Record<string, unknown>),
    errors: result.errors?.map((e) =>
      new GraphQLError(unalias(e.message), { path: restorePath(e.path, aliases), extensions: e.extensions, originalError: e.originalError ?? undefined })),
  };
}
