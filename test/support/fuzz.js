// The fuzz of the graph's edges, shared by the bounded test (test/e2e/security/fuzz.test.ts) and the
// long run (bench/fuzz.js): documents generated from the schema (random selections and arguments),
// mutated (broken syntax), and hostile (deep nesting, huge aliases, directives, fragment cycles,
// giant literals), sent over HTTP and graphql-ws; every answer is classified. Plain JS so that the
// bench runs it without compiling the tests (it takes the kit's built seeded generator). A seeded
// PRNG: a failure reproduces with the same seed.
'use strict';
const { buildClientSchema, getIntrospectionQuery, getNamedType, isEnumType, isInputObjectType, isInterfaceType,
  isLeafType, isListType, isNonNullType, isUnionType } = require('graphql');
const WebSocket = require('ws');
const { seededRandom } = require('@ioc-graph/kit/internal');

/** The kit's seeded generator (mulberry32) with the helpers the generator uses. */
function prng(seed) {
  const next = seededRandom(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

const CODES = ['14', '19', '52', '60', '70', '14001', 'GOV_ONLINE_DOSSIER_RATE', 'ECO_EINVOICE_RATE', 'SOC_MOBILE_BROADBAND_MBPS', 'nope', ''];
const PERIODS = ['2023', '2023-Q3', '2023-07', '2023-07-15', '2026-11-30T00:00:00Z', 'bad', '9999-99'];
const JUNK = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '.', '...', '"', '\\', '#', '\u0000', '😀', 'ấ', '\n', ' ', '=', '|', '&'];

/** Reads the schema the way GraphiQL does (introspection), so the generator sees the public graph. */
async function fetchSchema(url) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: getIntrospectionQuery() }) });
  const body = await res.json();
  if (!body.data) throw new Error(`introspection failed: ${JSON.stringify(body.errors)}`);
  return buildClientSchema(body.data);
}

/** A document generator over `schema`, seeded. `next()` returns `{ kind, query, variables?, operation }`. */
function createGenerator(schema, seed) {
  const r = prng(seed);

  const literal = (type, depth = 0) => {
    if (isNonNullType(type)) return literal(type.ofType, depth);
    if (depth < 3 && r.chance(0.05)) return 'null';
    if (isListType(type)) return `[${Array.from({ length: r.int(0, 3) }, () => literal(type.ofType, depth + 1)).join(', ')}]`;
    if (isEnumType(type)) return r.chance(0.9) ? r.pick(type.getValues()).name : 'NOT_A_VALUE';
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || r.chance(0.5));
      return `{ ${fields.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
    }
    switch (type.name) {
      case 'Int': return String(r.pick([0, 1, 2023, 2025, -1, r.int(-1e6, 1e6), 2147483647]));
      case 'Float': return String(r.pick([0, 1.5, 69.46, -3, 1e300, r.next() * 1000]));
      case 'Boolean': return r.pick(['true', 'false']);
      case 'String': return JSON.stringify(r.chance(0.7) ? r.pick(PERIODS) : 'x'.repeat(r.int(0, 300)));
      default: return JSON.stringify(r.pick(CODES)); // ID, DateTime and other scalars
    }
  };

  const args = (field, variables, defs) => {
    const chosen = field.args.filter((a) => isNonNullType(a.type) || r.chance(0.4));
    if (!chosen.length) return '';
    return `(${chosen.map((a) => {
      if (variables && r.chance(0.3)) {
        const name = `v${defs.length}`;
        defs.push(`$${name}: ${String(a.type)}`);
        // Sometimes a value of the wrong shape: the variable coercion must answer, not crash.
        variables[name] = r.chance(0.8) ? JSON.parse(JSON.stringify(jsonValue(a.type))) : r.pick([42, 'x', [], {}, null, true]);
        return `${a.name}: $${name}`;
      }
      return `${a.name}: ${literal(a.type)}`;
    }).join(', ')})`;
  };
  const jsonValue = (type) => {
    if (isNonNullType(type)) return jsonValue(type.ofType);
    if (isListType(type)) return Array.from({ length: r.int(0, 3) }, () => jsonValue(type.ofType));
    if (isEnumType(type)) return r.pick(type.getValues()).name;
    if (isInputObjectType(type)) return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type) || r.chance(0.5)).map((f) => [f.name, jsonValue(f.type)]));
    switch (type.name) {
      case 'Int': return r.int(-5, 3000);
      case 'Float': return r.next() * 100;
      case 'Boolean': return r.chance(0.5);
      case 'String': return r.pick(PERIODS);
      default: return r.pick(CODES);
    }
  };

  const selection = (type, depth, maxDepth, variables, defs) => {
    const named = getNamedType(type);
    if (isLeafType(named)) return '';
    if (isUnionType(named) || (isInterfaceType(named) && r.chance(0.3))) {
      const possible = schema.getPossibleTypes(named);
      return `{ __typename ${possible.filter(() => r.chance(0.5)).map((t) => `... on ${t.name} ${selection(t, depth, maxDepth, variables, defs)}`).join(' ')} }`;
    }
    const fields = Object.values(named.getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
    const objects = fields.filter((f) => !isLeafType(getNamedType(f.type)));
    const out = [];
    for (let i = r.int(1, 3); i > 0 && leaves.length; i--) out.push(r.pick(leaves));
    if (depth < maxDepth) for (let i = r.int(0, 2); i > 0 && objects.length; i--) out.push(r.pick(objects));
    if (!out.length) out.push(r.pick(fields));
    return `{ ${out.map((f) => `${r.chance(0.1) ? `a${r.int(0, 99)}: ` : ''}${f.name}${args(f, variables, defs)} ${selection(f.type, depth + 1, maxDepth, variables, defs)}`).join(' ')} }`;
  };

  const operation = (opType, withVariables) => {
    const root = opType === 'query' ? schema.getQueryType() : opType === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    const variables = withVariables ? {} : undefined;
    const defs = [];
    const fields = Object.values(root.getFields());
    const count = opType === 'subscription' ? 1 : r.int(1, 3);
    const body = Array.from({ length: count }, () => {
      const f = r.pick(fields);
      return `${f.name}${args(f, variables, defs)} ${selection(f.type, 1, r.int(1, 5), variables, defs)}`;
    }).join(' ');
    const head = defs.length ? `${opType} Fuzz(${defs.join(', ')})` : opType;
    return { query: `${head} { ${body} }`, variables };
  };

  const valid = () => operation(r.chance(0.8) ? 'query' : r.chance(0.5) ? 'mutation' : 'subscription', r.chance(0.5));

  const mutate = (text) => {
    let s = text;
    for (let i = r.int(1, 4); i > 0; i--) {
      const at = r.int(0, s.length);
      switch (r.int(0, 5)) {
        case 0: s = s.slice(0, at) + s.slice(at + r.int(1, 12)); break;
        case 1: s = s.slice(0, at) + r.pick(JUNK) + s.slice(at); break;
        case 2: s = s.slice(0, at); break;
        case 3: { const len = r.int(1, 30); s = s.slice(0, at) + s.slice(at, at + len).repeat(r.int(2, 20)) + s.slice(at); break; }
        case 4: s = s.slice(0, at) + String.fromCharCode(r.int(0, 0xffff)) + s.slice(at); break;
        default: s = s.split('').reverse().join('').slice(0, r.int(0, s.length));
      }
    }
    return s;
  };

  const kinds = [
    ['valid', 45, () => valid()],
    ['mutated', 25, () => { const v = valid(); return { query: mutate(v.query), variables: v.variables }; }],
    ['deep', 8, () => {
      const d = r.int(5, 60);
      let inner = 'code';
      for (let i = d; i >= 1; i--) inner = `${i % 2 ? 'children' : 'parent'} { ${inner} }`;
      return { query: r.chance(0.5) ? `{ units { ${inner} } }` : `{ ${'a { '.repeat(d * 20)}b${' }'.repeat(d * 20)} }` };
    }],
    ['aliases', 6, () => ({ query: `{ ${Array.from({ length: r.int(50, 3000) }, (_, i) => `a${i}: ${r.pick(['units { code }', '__typename', 'unit(code: "14") { name }'])}`).join(' ')} }` })],
    ['directives', 4, () => ({ query: `{ units ${'@include(if: true) '.repeat(r.int(10, 400))}{ code } }` })],
    ['nested-lists', 3, () => { const n = r.int(10, 2400); return { query: `{ unit(code: ${'['.repeat(n)}"14"${']'.repeat(n)}) { name } }` }; }],
    ['fragment-cycle', 3, () => ({ query: '{ units { ...A } } fragment A on AdministrativeUnit { code ...B } fragment B on AdministrativeUnit { name ...A }' })],
    ['giant-literal', 2, () => ({ query: `{ unit(code: "${'9'.repeat(r.int(1e4, 2e5))}") { name } }` })],
    ['junk', 4, () => ({ query: Array.from({ length: r.int(0, 200) }, () => r.pick(JUNK)).join('') })],
  ];
  const total = kinds.reduce((s, k) => s + k[1], 0);
  return {
    next() {
      let x = r.next() * total;
      for (const [kind, weight, make] of kinds) {
        if ((x -= weight) < 0) return { kind, ...make() };
      }
      return { kind: 'valid', ...valid() };
    },
    /** Picks the transport of the next document (60 % HTTP). */
    transport: () => (r.chance(0.6) ? 'http' : 'ws'),
  };
}

/** How an HTTP answer is classified; `violation` names what is wrong with it, if anything. */
function classifyHttp(status, text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: `http ${status} not JSON`, violation: `HTTP ${status} answered something other than JSON: ${text.slice(0, 200)}` };
  }
  const hasData = body && body.data !== undefined && body.data !== null;
  const errors = Array.isArray(body?.errors) ? body.errors : null;
  if (!hasData && !errors) return { kind: `http ${status} no GraphQL`, violation: `HTTP ${status} without data or errors: ${text.slice(0, 200)}` };
  const leak = /stacktrace|node_modules|\/dist\/|\.ts:\d+/.test(text) ? `answer leaks internals: ${text.slice(0, 300)}` : undefined;
  if (status >= 500) return { kind: `http ${status}`, violation: `HTTP ${status}: ${text.slice(0, 300)}` };
  const code = errors?.[0]?.extensions?.code ?? 'NO_CODE';
  if (errors && !hasData) return { kind: `http ${status} error ${code}`, violation: leak };
  if (errors) return { kind: `http ${status} data+errors`, violation: leak };
  return { kind: `http ${status} data`, violation: leak };
}

async function sendHttp(url, doc, timeoutMs) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: doc.query, variables: doc.variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return classifyHttp(res.status, await res.text());
}

/** One graphql-ws socket that carries many operations, one at a time per id. */
class WsLane {
  constructor(url) {
    this.url = url;
    this.ws = null;
    this.waiting = new Map();
    this.seq = 0;
  }
  async open() {
    const ws = new WebSocket(this.url, 'graphql-transport-ws');
    this.ws = ws;
    await new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (raw) => {
        let m;
        try { m = JSON.parse(raw.toString()); } catch { return; }
        if (m.type === 'connection_ack') return resolve();
        if (m.type === 'ping') return ws.send(JSON.stringify({ type: 'pong' }));
        const w = this.waiting.get(m.id);
        if (w) w(m);
      });
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('close', (code, reason) => {
        this.closed = { code, reason: reason.toString() };
        for (const w of this.waiting.values()) w({ type: 'closed', code, reason: reason.toString() });
      });
    });
  }
  /** Sends one document; a subscription is completed by us after its first answer or `openMs`. */
  send(doc, timeoutMs, openMs = 100) {
    const id = `f${++this.seq}`;
    return new Promise((resolve) => {
      let first = null;
      const finish = (result) => {
        clearTimeout(timer);
        clearTimeout(openTimer);
        this.waiting.delete(id);
        resolve(result);
      };
      const timer = setTimeout(() => finish({ kind: 'ws timeout', violation: `no answer over WebSocket in ${timeoutMs} ms: ${doc.query.slice(0, 200)}` }), timeoutMs);
      // A live subscription may stay silent: after openMs it counts as open, and we complete it.
      // Queries and mutations get no such grace: they must answer.
      const maybeSubscription = /\bsubscription\b/.test(doc.query);
      const openTimer = setTimeout(() => {
        if (!maybeSubscription) return;
        if (this.ws.readyState !== WebSocket.OPEN) return;
        this.ws.send(JSON.stringify({ type: 'complete', id }));
        finish({ kind: first ? 'ws next' : 'ws open (completed by client)' });
      }, openMs);
      this.waiting.set(id, (m) => {
        if (m.type === 'next') {
          const leak = /stacktrace|node_modules|\/dist\//.test(JSON.stringify(m.payload));
          first = m;
          const kind = m.payload?.errors ? (m.payload.data ? 'ws next data+errors' : 'ws next errors') : 'ws next data';
          if (leak) finish({ kind, violation: `next leaks internals: ${JSON.stringify(m.payload).slice(0, 300)}` });
          else this.lastKind = kind;
        } else if (m.type === 'error') {
          const ok = Array.isArray(m.payload) && m.payload.every((e) => typeof e.message === 'string');
          finish({ kind: `ws error ${m.payload?.[0]?.extensions?.code ?? 'NO_CODE'}`, violation: ok ? undefined : `error payload is not GraphQL errors: ${JSON.stringify(m.payload).slice(0, 200)}` });
        } else if (m.type === 'complete') finish({ kind: first ? this.lastKind : 'ws complete' });
        else if (m.type === 'closed') {
          // 1009: a document over the message size limit (explicit reason); anything else is a fault.
          finish({ kind: `ws closed ${m.code}`, violation: m.code === 1009 ? undefined : `socket closed ${m.code} ${m.reason} on: ${doc.query.slice(0, 200)}`, reopen: true });
        }
      });
      if (this.ws.readyState !== WebSocket.OPEN) {
        const code = this.closed?.code;
        return finish({ kind: `ws closed ${code} between operations`, violation: code === 1009 ? undefined : `socket closed ${code} ${this.closed?.reason ?? ''} between operations`, reopen: true });
      }
      this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: doc.query, variables: doc.variables ?? null } }));
    });
  }
  close() {
    this.ws?.terminate();
  }
}

/**
 * Runs the fuzz against a gateway: `count` documents, or for `durationMs`, with `concurrency` lanes.
 * Returns `{ sent, byKind, byDocKind, violations, latencies }` (latencies in ms, sorted).
 */
async function runFuzz({ url, wsUrl, schema, seed = 1, count = Infinity, durationMs = Infinity, concurrency = 4, timeoutMs = 30_000, onProgress }) {
  const gen = createGenerator(schema, seed);
  const byKind = {};
  const byDocKind = {};
  const violations = [];
  const latencies = [];
  let sent = 0;
  const deadline = Date.now() + durationMs;
  const lane = async () => {
    let ws = new WsLane(wsUrl);
    await ws.open();
    try {
      while (sent < count && Date.now() < deadline) {
        sent++;
        const doc = gen.next();
        const transport = gen.transport();
        const t0 = performance.now();
        let result;
        try {
          result = transport === 'http' ? await sendHttp(url, doc, timeoutMs) : await ws.send(doc, timeoutMs);
        } catch (err) {
          result = { kind: `${transport} failed`, violation: `${transport} request failed: ${err.message} on ${doc.kind}: ${doc.query.slice(0, 200)}` };
        }
        latencies.push(performance.now() - t0);
        byKind[result.kind] = (byKind[result.kind] ?? 0) + 1;
        byDocKind[doc.kind] = (byDocKind[doc.kind] ?? 0) + 1;
        if (result.violation) violations.push({ seed, n: sent, docKind: doc.kind, transport, violation: result.violation });
        if (result.reopen) {
          ws.close();
          ws = new WsLane(wsUrl);
          await ws.open();
        }
        if (onProgress && sent % 500 === 0) onProgress(sent);
      }
    } finally {
      ws.close();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  latencies.sort((a, b) => a - b);
  return { sent, byKind, byDocKind, violations, latencies };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

/** Resident memory of a process in bytes (Linux /proc). */
function rssOf(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

module.exports = { prng, fetchSchema, createGenerator, classifyHttp, runFuzz, percentile, rssOf };
