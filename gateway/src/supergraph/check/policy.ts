import { type ConstDirectiveNode, type DocumentNode, Kind, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode, parse, print } from 'graphql';

/** A rule a partner's schema breaks, whatever composition says. */
export interface PolicyViolation {
  rule: 'core-prefix' | 'core-type' | 'unit-key' | 'override' | 'provides';
  /** The type or `Type.field` at fault. */
  coordinate: string;
  message: string;
}

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

const objects = (doc: DocumentNode): ObjectNode[] =>
  doc.definitions.filter((d): d is ObjectNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION);
const directive = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) => node.directives?.filter((d) => d.name.value === name) ?? [];
const argString = (d: ConstDirectiveNode, arg: string): string | null => {
  const v = d.arguments?.find((a) => a.name.value === arg)?.value;
  return v && v.kind === Kind.STRING ? v.value : null;
};
/** The kit's type prefixes in a schema: `X` of every `XIndicator` object type. */
const prefixes = (doc: DocumentNode): string[] =>
  objects(doc).flatMap((o) => (/^([A-Z]\w*)Indicator$/.exec(o.name.value) && o.interfaces?.some((i) => i.name.value === 'Indicator') ? [o.name.value.slice(0, -'Indicator'.length)] : []));

/** The entity partners extend with their readings; only its key may appear, as governance defines it. */
export const UNIT_TYPE = 'AdministrativeUnit';
const UNIT_KEY = 'code';

/**
 * What a partner's schema may not do to the core subgraphs (`core`: name → SDL): take a core type
 * prefix, define an object type a core subgraph owns (e.g. `Agency`; shareable value types of the
 * kit are fine), give `AdministrativeUnit` another key, or `@override`/`@provides` core fields.
 */
export function checkPolicy(candidate: { name: string; sdl: string }, core: Record<string, string>): PolicyViolation[] {
  const doc = parse(candidate.sdl);
  const out: PolicyViolation[] = [];
  const coreDocs = Object.entries(core).map(([name, sdl]) => ({ name, doc: parse(sdl) }));
  const ownerOf = new Map<string, { subgraph: string; shareable: boolean }>();
  const corePrefix = new Map<string, string>();
  for (const { name, doc: d } of coreDocs) {
    for (const o of objects(d)) {
      if (['Query', 'Mutation', 'Subscription'].includes(o.name.value)) continue;
      const shareable = directive(o, 'shareable').length > 0;
      if (!ownerOf.has(o.name.value) || !shareable) ownerOf.set(o.name.value, { subgraph: name, shareable });
    }
    for (const p of prefixes(d)) corePrefix.set(p, name);
  }
  const takenPrefixes = new Set<string>();
  for (const p of prefixes(doc)) {
    const owner = corePrefix.get(p);
    if (owner) {
      takenPrefixes.add(p);
      out.push({ rule: 'core-prefix', coordinate: `${p}Indicator`, message: `prefix ${p} is taken by subgraph ${owner}: choose your own typePrefix (and pillar)` });
    }
  }
  for (const o of objects(doc)) {
    const type = o.name.value;
    if (type === UNIT_TYPE) {
      for (const key of directive(o, 'key')) {
        const fields = argString(key, 'fields');
        if (fields?.trim() !== UNIT_KEY) {
          out.push({ rule: 'unit-key', coordinate: type, message: `${type} is keyed by "${UNIT_KEY}" (governance); @key(fields: "${fields}") may not change it` });
        }
      }
    } else if (!['Query', 'Mutation', 'Subscription'].includes(type) && !type.startsWith('_')) {
      const owner = ownerOf.get(type);
      const ownPrefix = [...takenPrefixes].some((p) => type.startsWith(p));
      if (owner && !owner.shareable && !ownPrefix) {
        out.push({ rule: 'core-type', coordinate: type, message: `type ${type} is owned by core subgraph ${owner.subgraph}: rename yours (e.g. with your prefix)` });
      }
    }
    for (const f of o.fields ?? []) {
      const coordinate = `${type}.${f.name.value}`;
      for (const d of directive(f, 'override')) {
        const from = argString(d, 'from');
        if (from && core[from] !== undefined) {
          out.push({ rule: 'override', coordinate, message: `${coordinate} @override(from: "${from}"): a partner may not take over a core field` });
        }
      }
      for (const d of directive(f, 'provides')) {
        const returned = print(f.type).replace(/[[\]!]/g, '');
        const owner = ownerOf.get(returned);
        if (owner || returned === UNIT_TYPE) {
          out.push({
            rule: 'provides',
            coordinate,
            message: `${coordinate} @provides(fields: "${argString(d, 'fields')}") on ${returned}, a core type: a partner may not provide core fields`,
          });
        }
      }
    }
  }
  return out;
}
