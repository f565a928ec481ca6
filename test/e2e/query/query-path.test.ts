import { type TestSystem, gql, startTestSystem } from '../../support/system';
import { TEST_JWT_SECRET, bearer, token } from '../../support/tokens';

// Answers of @apollo/gateway that were silently wrong (issue 12), and a differential test that
// hunts for the whole kind: generated documents through the gateway against the subgraphs asked
// directly for the same data.

/** mulberry32: a small seeded PRNG, so a failing document can be regenerated from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

/** Builds one selection set of unique response names from field items, wrapped at random. */
class SelectionBuilder {
  readonly fragments: string[] = [];
  private n = 0;
  constructor(private readonly rng: Rng, private readonly prefix: string) {}

  /**
   * @param fields [field name, sub-selection or ''] choices
   * @param aliases names an alias may take (keys, __typename, other fields' names)
   * @param typeConditions conditions that hold for the parent (its own type, its interfaces)
   */
  build(parentType: string, fields: Field[], aliases: string[], typeConditions: string[], count: number): string {
    const used = new Set<string>();
    const items: string[] = [];
    for (let i = 0; i < count; i++) {
      const [field, sub, only] = this.rng.pick(fields);
      const conditions = only ? [only] : typeConditions;
      let name = field;
      let text = field;
      if (this.rng.chance(0.5)) {
        const alias = this.rng.pick(aliases);
        if (alias !== field) { name = alias; text = `${alias}: ${field}`; }
      }
      if (used.has(name)) continue;
      used.add(name);
      // Directives go between a field's arguments and its selection set.
      const args = sub.startsWith('(') ? sub.slice(0, sub.indexOf(')') + 1) : '';
      const selection = sub.slice(args.length).trim();
      const wrap = this.rng.next();
      const directive = wrap < 0.15 ? ' @include(if: $yes)' : wrap < 0.25 ? ' @skip(if: $no)' : '';
      text = `${text}${args}${directive}${selection ? ` ${selection}` : ''}`;
      if (directive) { /* already applied */ }
      else if (wrap < 0.4) text = `... on ${this.rng.pick(conditions)} { ${text} }`;
      else if (wrap < 0.55) {
        const inner = this.rng.pick(conditions);
        text = `... on ${this.rng.pick(typeConditions)} { ... on ${inner} { ${text} } }`;
      } else if (wrap < 0.65) {
        const frag = `${this.prefix}${this.n++}`;
        this.fragments.push(`fragment ${frag} on ${this.rng.pick(conditions)} { ${text} }`);
        text = `...${frag}`;
      } else if (wrap < 0.7) text = `... @include(if: $yes) { ${text} }`;
      items.push(text);
    }
    if (!items.length) items.push('__typename');
    void parentType;
    return items.join(' ');
  }
}

/** A field: its name, its sub-selection, and the one type condition it needs when not on the interface. */
type Field = [string, string, string?];
const READING_FIELDS: Field[] = [['value', ''], ['indicatorCode', ''], ['unitCode', ''], ['period', ''], ['status', ''], ['unit', '{ code }', 'EconomyReading']];
const READING_ALIASES = ['value', 'code', 'unitCode', '__typename', 'period', 'indicatorCode', 'unit', 'v'];
const READING_CONDITIONS = ['Reading', 'EconomyReading'];

/** The fragments a body spreads, directly or through other fragments (unused ones are refused). */
function used(body: string, fragments: string[]): string {
  const byName = new Map(fragments.map((f) => [/^fragment (\w+)/.exec(f)![1], f]));
  const out = new Set<string>();
  let frontier = body;
  for (;;) {
    const next = [...frontier.matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]).filter((n) => byName.has(n) && !out.has(n));
    if (!next.length) return [...out].map((n) => byName.get(n)!).join(' ');
    next.forEach((n) => out.add(n));
    frontier = next.map((n) => byName.get(n)!).join(' ');
  }
}

/** Declares the variables a document uses (the reference subgraphs refuse unused ones). */
function variables(body: string, extra: string[] = []): string {
  const decl = [...extra];
  if (body.includes('$yes')) decl.push('$yes: Boolean!');
  if (body.includes('$no')) decl.push('$no: Boolean!');
  return decl.length ? `(${decl.join(', ')})` : '';
}

// One system for the file (each start costs tens of seconds on a shared CI machine).
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ IOC_JWT_SECRET: TEST_JWT_SECRET });
});
afterAll(async () => {
  await system?.dispose();
});

describe('federation answers through the gateway', () => {

  it("should answer an alias that reuses an entity key's name with the aliased field, not the key", async () => {
    const res = await gql<{ unit: { code: string; economyReadings: { value: number }[] } }>(
      system.url, `{ unit(code: "19") { code: name economyReadings { value } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.unit.code).toBe('Tỉnh Thái Nguyên');
    expect(res.data!.unit.economyReadings.length).toBeGreaterThan(0);
  });

  it('should answer key-name and __typename aliases in nested entities and fragments', async () => {
    const res = await gql<{ unit: { name: string; kids: { code: string; __typename: string; key: string }[] } }>(
      system.url,
      `query { unit(code: "19") { name: code kids: children { ...K __typename: name economyReadings { indicatorCode } } } }
       fragment K on AdministrativeUnit { code: name key: code }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.unit.name).toBe('19');
    expect(res.data!.unit.kids.length).toBeGreaterThan(0);
    for (const kid of res.data!.unit.kids) {
      expect(kid.code).toBe(kid.__typename); // both alias `name`
      expect(kid.code).not.toBe(kid.key);
    }
  });

  it('should keep the fields of a type condition nested in an interface fragment', async () => {
    const direct = await gql<{ economyIndicator: { latest: { value: number } } }>(
      system.subgraphs.economy.url, `{ economyIndicator(code: "ECO_EINVOICE_RATE") { latest(unitCode: "19") { value } } }`);
    const value = direct.data!.economyIndicator.latest.value;
    for (const query of [
      `{ economyIndicator(code: "ECO_EINVOICE_RATE") { latest(unitCode: "19") { ... on Reading { ... on EconomyReading { value } } } } }`,
      `{ economyIndicator(code: "ECO_EINVOICE_RATE") { latest(unitCode: "19") { ...R } } } fragment R on Reading { ... on EconomyReading { value } }`,
      `{ economyIndicator(code: "ECO_EINVOICE_RATE") { ... on Indicator { ... on EconomyIndicator { latest(unitCode: "19") { ... on Reading { ... on Reading { ... on EconomyReading { value } } } } } } } }`,
      `{ unit(code: "19") { economyReadings(codes: ["ECO_EINVOICE_RATE"]) { ... on Reading { ... on EconomyReading { value } } } } }`,
    ]) {
      const res = await gql<{ economyIndicator?: { latest: { value: number } }; unit?: { economyReadings: { value: number }[] } }>(system.url, query);
      expect(res.errors).toBeUndefined();
      expect(res.data!.economyIndicator?.latest ?? res.data!.unit!.economyReadings[0]).toEqual({ value });
    }
  });

  it('should answer generated documents as the subgraphs asked directly do (differential, seeded)', async () => {
    const seed = Number(process.env.IOC_DIFF_SEED ?? 20251130);
    const rng = prng(seed);
    const vars = { yes: true, no: false };
    const mismatches: string[] = [];
    let compared = 0;
    for (let i = 0; i < 40; i++) {
      // 1. An indicator owned by economy: the whole answer comes from economy alone.
      const b1 = new SelectionBuilder(rng, 'F');
      const reading = b1.build('EconomyReading', READING_FIELDS, READING_ALIASES, READING_CONDITIONS, 4);
      const indicator = b1.build('EconomyIndicator',
        [['code', ''], ['name', ''], ['unit', ''], ['pillar', ''], ['latest', `(unitCode: "19") { ${reading} }`, 'EconomyIndicator']],
        ['code', 'name', '__typename', 'latest', 'unit', 'x'], ['Indicator', 'EconomyIndicator'], 4);
      const body1 = `economyIndicator(code: "${rng.pick(['ECO_EINVOICE_RATE', 'ECO_ETAX_ENTERPRISES'])}") { ${indicator} }`;
      const f1 = used(body1, b1.fragments);
      const q1 = `query${variables(body1 + f1)} { ${body1} } ${f1}`;
      const [viaGateway1, direct1] = await Promise.all([gql(system.url, q1, vars), gql(system.subgraphs.economy.url, q1, vars)]);
      expect(direct1.errors).toBeUndefined();
      // Key order is not compared: @apollo/gateway orders merged fragments' keys its own way.
      try {
        expect(viaGateway1).toEqual(direct1);
        compared++;
      } catch {
        mismatches.push(`${q1}\n  gateway: ${JSON.stringify(viaGateway1)}\n  direct:  ${JSON.stringify(direct1)}`);
      }

      // 2. A unit from governance with economy's readings: governance and economy's _entities asked directly.
      const gov = new SelectionBuilder(rng, 'G');
      const govSel = gov.build('AdministrativeUnit', [['code', ''], ['name', ''], ['level', ''], ['parent', '{ code name }']],
        ['code', 'name', '__typename', 'level', 'parent', 'readings'], ['AdministrativeUnit'], 3);
      const eco = new SelectionBuilder(rng, 'E');
      const ecoReading = eco.build('EconomyReading', READING_FIELDS, READING_ALIASES, READING_CONDITIONS, 3);
      const ecoSel = eco.build('AdministrativeUnit', [['economyReadings', `(codes: ["ECO_EINVOICE_RATE", "ECO_ETAX_ENTERPRISES"]) { ${ecoReading} }`]],
        ['readings', 'code'], ['AdministrativeUnit'], 1);
      const fr = used(govSel + ecoSel, [...gov.fragments, ...eco.fragments]);
      const fGov = used(govSel, gov.fragments);
      const fEco = used(ecoSel, eco.fragments);
      const q2 = `query${variables(govSel + ecoSel + fr)} { unit(code: "19") { ${govSel} ${ecoSel} } } ${fr}`;
      const qGov = `query${variables(govSel + fGov)} { unit(code: "19") { ${govSel} } } ${fGov}`;
      const qEco = `query${variables(ecoSel + fEco, ['$reps: [_Any!]!'])} { _entities(representations: $reps) { ... on AdministrativeUnit { ${ecoSel} } } } ${fEco}`;
      const [viaGateway2, g, e] = await Promise.all([
        gql<{ unit: Record<string, unknown> }>(system.url, q2, vars),
        gql<{ unit: Record<string, unknown> }>(system.subgraphs.governance.url, qGov, vars),
        gql<{ _entities: Record<string, unknown>[] }>(system.subgraphs.economy.url, qEco, { ...vars, reps: [{ __typename: 'AdministrativeUnit', code: '19' }] }),
      ]);
      // Both parts claiming one response name (e.g. `code: economyReadings` beside `code`) is refused, rightly.
      if (viaGateway2.errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && /conflict/.test(viaGateway2.errors[0].message)) continue;
      expect(g.errors).toBeUndefined();
      expect(e.errors).toBeUndefined();
      const expected = { data: { unit: { ...g.data!.unit, ...e.data!._entities[0] } } };
      try {
        expect(viaGateway2).toEqual(expected);
        compared++;
      } catch {
        mismatches.push(`${q2}\n  gateway: ${JSON.stringify(viaGateway2)}\n  expected: ${JSON.stringify(expected)}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(60);
  });
});

// In-flight deduplication (on by default, IOC_QUERY_DEDUPE=0 turns it off): identical queries from
// the same caller run once, identical subgraph fetches share one response; mutations never.

const DASHBOARD = `query ($unit: ID!) { unit(code: $unit) { code name
  governanceReadings { indicatorCode value } economyReadings { indicatorCode value } societyReadings { indicatorCode value }
  children { code name economyReadings { indicatorCode value } } } }`;

describe('in-flight deduplication', () => {
  const stats = async () =>
    ((await (await fetch(system.url.replace('/graphql', '/healthz'))).json()) as { queries: { dedupedRequests: number; dedupedFetches: number } }).queries;


  it('should answer a storm of identical dashboards with one execution shared, each answer complete', async () => {
    const before = await stats();
    const answers = await Promise.all(Array.from({ length: 30 }, () => gql(system.url, DASHBOARD, { unit: '19' })));
    const first = JSON.stringify(answers[0]);
    expect(answers[0].errors).toBeUndefined();
    expect((answers[0].data as { unit: { name: string } }).unit.name).toBe('Tỉnh Thái Nguyên');
    for (const a of answers) expect(JSON.stringify(a)).toBe(first);
    expect((await stats()).dedupedRequests).toBeGreaterThan(before.dedupedRequests);
  });

  it('should not share answers between different variables', async () => {
    const [a, b] = await Promise.all([gql(system.url, DASHBOARD, { unit: '19' }), gql(system.url, DASHBOARD, { unit: '14' })]);
    expect((a.data as { unit: { code: string } }).unit.code).toBe('19');
    expect((b.data as { unit: { code: string } }).unit.code).toBe('14');
  });

  it('should run every one of identical mutations sent together', async () => {
    const admin = bearer(token('admin'));
    const mutation = `mutation { reportEconomyObservations(input: [{ indicatorCode: "ECO_ETAX_ENTERPRISES", unitCode: "52", period: "2019", value: 4242 }]) { imported updated unchanged } }`;
    const answers = await Promise.all([1, 2, 3].map(() => gql<{ reportEconomyObservations: { imported: number; updated: number; unchanged: number } }>(system.url, mutation, undefined, admin)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const summaries = answers.map((a) => a.data!.reportEconomyObservations);
    // Stored once, and each call was executed: one imported it, the others found it unchanged.
    expect(summaries.reduce((n, s) => n + s.imported, 0)).toBe(1);
    expect(summaries.reduce((n, s) => n + s.unchanged, 0)).toBe(2);
  });
});
