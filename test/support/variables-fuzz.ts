/**
 * Generated GraphQL variable values, valid and mutated, for the tests that hold compiled variable
 * coercion (graphql-jit) to graphql-js's verdicts: the gateway's variables check and the subgraphs'
 * pre-coerced variables. Values fit the test schemas' `ObservationInput`, `Range` and `Filter`;
 * `r` is a seeded generator (`seededRandom`), so a failure names a reproducible seed.
 */

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

/** Values of every JSON kind, many of them wrong for any given type. */
export function anyValue(r: () => number, depth = 0): unknown {
  const pool: (() => unknown)[] = [
    () => null, () => true, () => 0, () => -1, () => 1.5, () => 2147483647, () => 2147483648, () => -2147483649, () => 1e300,
    () => '', () => 'A', () => 'Z', () => '2024-01-31', () => 'never', () => '42', () => 'constructor',
    () => (depth < 3 ? [anyValue(r, depth + 1), anyValue(r, depth + 1)] : []),
    () => [],
    () => ({}),
    () => (depth < 3 ? { [pick(r, ['code', 'a', 'name', 'from', 'x', 'indicatorCode', '0'])]: anyValue(r, depth + 1) } : {}),
  ];
  return pick(r, pool)();
}

/** An `ObservationInput`, sometimes with a wrong code type or an unknown status. */
export function observation(r: () => number): Record<string, unknown> {
  const o: Record<string, unknown> = { indicatorCode: pick(r, ['GOV_X', 7]), unitCode: '19', period: '2024-01', value: pick(r, [1, 0.5, 1e6, -0]) };
  if (r() < 0.5) o.status = pick(r, ['A', 'P', 'X', null]);
  if (r() < 0.5) o.source = pick(r, ['ministry', null]);
  return o;
}

export function range(r: () => number): Record<string, unknown> {
  const o: Record<string, unknown> = { from: pick(r, [0, -5, 2147483647]) };
  if (r() < 0.5) o.to = pick(r, [1, null]);
  if (r() < 0.5) o.days = pick(r, [[], ['2024-02-29'], '2024-01-01', null]);
  if (r() < 0.5) o.flags = pick(r, [[[true, null]], [true], [[]], null]);
  return o;
}

export function filter(r: () => number): Record<string, unknown> {
  const o: Record<string, unknown> = { codes: pick(r, [['1'], [], '1', [1, 'x']]) };
  if (r() < 0.5) o.range = r() < 0.8 ? range(r) : null;
  if (r() < 0.5) o.status = pick(r, [['A', null], 'P', null]);
  if (r() < 0.5) o.note = pick(r, ['n', null]);
  if (r() < 0.5) o.limit = 3;
  return o;
}

/** Replaces one value somewhere in `v` (or adds/removes a field) by an arbitrary one. */
export function mutate(r: () => number, v: unknown): unknown {
  if (Array.isArray(v)) {
    if (v.length === 0 || r() < 0.2) return r() < 0.5 ? anyValue(r) : [...v, anyValue(r)];
    const i = Math.floor(r() * v.length);
    return v.map((x, j) => (j === i ? mutate(r, x) : x));
  }
  if (v !== null && typeof v === 'object') {
    const o = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    const roll = r();
    if (keys.length === 0 || roll < 0.15) o[pick(r, ['extra', 'from', 'code', 'a', 'name', 'value'])] = anyValue(r);
    else if (roll < 0.3) delete o[pick(r, keys)];
    else {
      const k = pick(r, keys);
      o[k] = r() < 0.5 ? anyValue(r) : mutate(r, o[k]);
    }
    return o;
  }
  return anyValue(r);
}
