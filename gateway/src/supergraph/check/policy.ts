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

/** `name` starts with `prefix` as a whole word of its camel case (`EconomyTower`, `economyTowers`; not `Economist`). */
const startsWithWord = (name: string, prefix: string): boolean =>
  name.startsWith(prefix) && (name.length === prefix.length || /[A-Z0-9_]/.test(name[prefix.length]));
const ROOTS = ['Query', 'Mutation', 'Subscription'];
const lower = (p: string) => p[0].toLowerCase() + p.slice(1);
/** Names a field prefix takes at the root: `economyX` and the kit's `reportEconomyX`. */
const rootTakes = (field: string, prefix: string) => startsWithWord(field, lower(prefix)) || startsWithWord(field, `report${prefix}`);
/** The names a subgraph has in the graph: its object types (not the roots) and its root fields. */
function namesOf(doc: DocumentNode): { types: string[]; rootFields: string[] } {
  const os = objects(doc);
  return {
    types: os.map((o) => o.name.value).filter((t) => !ROOTS.includes(t) && !t.startsWith('_')),
    rootFields: os.filter((o) => ROOTS.includes(o.name.value)).flatMap((o) => (o.fields ?? []).map((f) => f.name.value)).filter((f) => !f.startsWith('_')),
  };
}

/**
 * The partner's own `Query` fields that are non-null (`String!`, `[X!]!`), outside the kit's contract
 * (`<p>Indicators: [..]!` is fixed). Not refused, but warned on: while the partner is down, GraphQL
 * nulls a non-null root field's parent — the whole answer — so a query mixing it with core fields
 * loses them too.
 */
export function nonNullRootFields(sdl: string): string[] {
  const doc = parse(sdl);
  const own = new Set(prefixes(doc).map((p) => `${lower(p)}Indicators`));
  return objects(doc)
    .filter((o) => o.name.value === 'Query')
    .flatMap((o) => o.fields ?? [])
    .filter((f) => !f.name.value.startsWith('_') && !own.has(f.name.value))
    .flatMap((f) =>
      f.type.kind === Kind.NON_NULL_TYPE
        ? [`Query.${f.name.value}: ${print(f.type)} is non-null: while this subgraph is down it nulls the whole answer of a query mixing it with core fields; declare it ${print(f.type.type)}`]
        : [],
    );
}

/** The entity partners extend with their readings; only its key may appear, as governance defines it. */
export const UNIT_TYPE = 'AdministrativeUnit';
const UNIT_KEY = 'code';

/**
 * What a partner's schema may not do to the core subgraphs (`core`: name → SDL): take a core type
 * prefix, define an object type a core subgraph owns (e.g. `Agency`; shareable value types of the
 * kit are fine), give `AdministrativeUnit` another key, or `@override`/`@provides` core fields.
 * Prefixes are checked against `others` (the graph's other partners: name → SDL) too.
 */
export function checkPolicy(candidate: { name: string; sdl: string }, core: Record<string, string>, others: Record<string, string> = {}): PolicyViolation[] {
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
  out.push(...prefixClashes(doc, takenPrefixes, ownerOf, { ...others, ...core }));
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

/**
 * The prefix rule beyond the kit's `XIndicator`: a partner's type or root field may not start with
 * another subgraph's prefix (`EconomyTower`, `economyTowers`), and a partner's own prefix may not
 * start names already in the graph (`Telecom` while society has `TelecomInfrastructure`).
 */
function prefixClashes(doc: DocumentNode, taken: Set<string>, ownerOf: Map<string, { shareable: boolean }>, graph: Record<string, string>): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const own = prefixes(doc).filter((p) => !taken.has(p));
  const mine = namesOf(doc);
  for (const [subgraph, sdl] of Object.entries(graph)) {
    const d = parse(sdl);
    const theirs = namesOf(d);
    for (const p of prefixes(d)) {
      // The same prefix: reported once by the core-prefix rule (a taken one) or by composition.
      if (own.includes(p) || taken.has(p)) continue;
      for (const t of mine.types.filter((t) => startsWithWord(t, p) && !ownerOf.get(t)?.shareable && !theirs.types.includes(t))) {
        out.push({ rule: 'core-prefix', coordinate: t, message: `type ${t} starts with prefix ${p} of subgraph ${subgraph}: name it with your own prefix` });
      }
      for (const f of mine.rootFields.filter((f) => rootTakes(f, p))) {
        out.push({ rule: 'core-prefix', coordinate: f, message: `root field ${f} starts with prefix ${lower(p)} of subgraph ${subgraph}: name it with your own prefix` });
      }
    }
    for (const p of own) {
      const t = theirs.types.find((t) => startsWithWord(t, p) && !ownerOf.get(t)?.shareable);
      const f = theirs.rootFields.find((f) => rootTakes(f, p));
      const clash = t ? `type ${t}` : f ? `root field ${f}` : null;
      if (clash) {
        out.push({ rule: 'core-prefix', coordinate: `${p}Indicator`, message: `prefix ${p} clashes with ${clash} of subgraph ${subgraph}: choose another typePrefix (and pillar)` });
      }
    }
  }
  return out;
}
