import type { CompositionProblem } from '../compose';

/** One line per problem: what, where (types and fields), and a hint. */
export interface ProblemLine {
  code: string;
  subgraphs: string[];
  message: string;
  hint?: string;
}

const SHARING = /^Non-shareable field "([\w]+)\.(\w+)" is resolved from multiple subgraphs: it is resolved from subgraphs (.+?) and defined/;

/**
 * Apollo's composition reports each field of a clashing type, and whole query paths for a
 * satisfiability problem (hundreds of lines). This folds them: clashing fields per type, and
 * satisfiability problems per code, each with a hint.
 * @param prefixOwners type prefix → the core subgraph owning it, for the "prefix is taken" hint
 */
export function summariseProblems(problems: CompositionProblem[], prefixOwners: Map<string, string> = new Map()): ProblemLine[] {
  const lines: ProblemLine[] = [];
  const sharing = new Map<string, { fields: string[]; subgraphs: string }>();
  const counted = new Map<string, { n: number; first: string; subgraphs: Set<string> }>();
  for (const p of problems) {
    const m = SHARING.exec(p.message);
    if (m) {
      const key = `${m[1]}\u0000${m[3]}`;
      const entry = sharing.get(key) ?? { fields: [], subgraphs: m[3].replace(/"/g, '') };
      entry.fields.push(m[2]);
      sharing.set(key, entry);
      continue;
    }
    const code = p.code ?? 'COMPOSITION_ERROR';
    if (code === 'SATISFIABILITY_ERROR') {
      const c = counted.get(code) ?? { n: 0, first: p.message, subgraphs: new Set<string>() };
      c.n++;
      p.subgraphs.forEach((s) => c.subgraphs.add(s));
      counted.set(code, c);
      continue;
    }
    lines.push({ code, subgraphs: p.subgraphs, message: firstLine(p.message) });
  }
  for (const [key, { fields, subgraphs }] of sharing) {
    const type = key.split('\u0000')[0];
    // A root type clashes by its fields (reportSocietyObservations), not by its name: renaming
    // Mutation is no advice; the prefix in the field names, or renaming those fields, is.
    const root = type === 'Query' || type === 'Mutation' || type === 'Subscription';
    const lower = (p: string) => p.charAt(0).toLowerCase() + p.slice(1);
    const prefix = [...prefixOwners.keys()].find((p) =>
      root ? fields.some((f) => f.includes(p) || f.startsWith(lower(p))) : type.startsWith(p),
    );
    const shown = fields.length > 4 ? `${fields.slice(0, 4).join(', ')}… (${fields.length} fields)` : fields.join(', ');
    lines.push({
      code: 'INVALID_FIELD_SHARING',
      subgraphs: subgraphs.split(/, | and /),
      message: `type ${type} is defined by ${subgraphs} (fields ${shown}, not shareable)`,
      hint: prefix
        ? `prefix ${prefix} is taken by subgraph ${prefixOwners.get(prefix)}: choose your own typePrefix`
        : root
          ? `rename the field${fields.length > 1 ? 's' : ''} ${shown} in your subgraph (with your own prefix)`
          : `rename ${type} in your subgraph, or mark it @shareable in every subgraph if it is the same value type`,
    });
  }
  for (const [code, c] of counted) {
    const why = /cannot be satisfied by the subgraphs because:\s*([^\n]+)/.exec(c.first)?.[1];
    lines.push({
      code,
      subgraphs: [...c.subgraphs],
      message: `${c.n} ${c.n === 1 ? 'query path' : 'query paths'} of the supergraph cannot be planned${why ? `, e.g. ${why.trim()}` : ''}`,
      hint: 'an entity key or a field type differs between subgraphs; keep the keys and types the core subgraphs use',
    });
  }
  return lines;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0];
  return line.length > 240 ? `${line.slice(0, 237)}…` : line;
}
