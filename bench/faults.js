// Fault benchmark: the live feed under a steady writer and steady subscribers while parts of the
// graph fail. For each scenario: readings written (the cursors the graph answered), delivered to
// each subscriber, lost (written, never delivered), duplicated, p99 of the write answers during the
// fault, and recovery time (from the end of the fault until a reading written after it reached
// every subscriber). Lost must be 0 in every row. Writes results/faults.md and .json.
//   node bench/faults.js [--subscribers 20] [--rate 10] [--down 3]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const { ROOT, arg, adminToken, percentile, table, machine, writeResults } = require('./common');

const { startSystem } = require(path.join(ROOT, 'cli/dist'));
const { startEmbeddedPostgres, findFreePort } = require(path.join(ROOT, 'shared/dist/internal'));

const SUBSCRIBERS = Number(arg('subscribers', '20'));
const RATE = Number(arg('rate', '10'));
const DOWN_S = Number(arg('down', '3'));
// Random per run: no secret written in the repository may sign anything.
const SECRET = require('node:crypto').randomBytes(48).toString('base64url');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Writes one reading every 1/RATE s; remembers what the graph said it stored, and how fast. */
function writer(url, headers, pillar, indicatorCode, unitCode) {
  const w = { written: [], refused: 0, answers: [], running: true };
  w.done = (async () => {
    for (let v = 1; w.running; v++) {
      const t0 = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({
            query: `mutation ($input: [ObservationInput!]!) { report${pillar}Observations(input: $input) { rows { cursor } } }`,
            variables: { input: [{ indicatorCode, unitCode, period: '2024', value: v }] },
          }),
          signal: AbortSignal.timeout(30_000),
        });
        const body = await res.json();
        const cursor = body.data?.[`report${pillar}Observations`]?.rows[0]?.cursor;
        if (cursor) w.written.push({ cursor, at: performance.now() });
        else w.refused++;
      } catch {
        w.refused++;
      }
      w.answers.push({ at: t0, ms: performance.now() - t0 });
      const wait = t0 + 1000 / RATE - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return w;
}

/** N graphql-ws subscribers of one subscription; each remembers the cursors it got, and when. */
function subscribers(wsUrl, query, field) {
  return Array.from({ length: SUBSCRIBERS }, () => {
    const s = { got: new Map(), dup: 0, errors: null, nullUnits: 0 };
    s.client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false });
    s.stop = s.client.subscribe({ query }, {
      next: (v) => {
        const r = v.data?.[field];
        if (!r) return void (s.errors = v.errors ?? [{ message: 'event without data' }]);
        if (s.got.has(r.cursor)) s.dup++;
        else s.got.set(r.cursor, performance.now());
        if ('unit' in r && r.unit === null) s.nullUnits++;
      },
      error: (e) => void (s.errors = e),
      complete: () => undefined,
    });
    return s;
  });
}

async function scenario(name, system, token, { pillar, indicatorCode, field, query, fault }) {
  const url = system.gateway.url;
  const stats = async () => (await (await fetch(url.replace('/graphql', '/healthz'))).json()).subscriptions;
  const topics0 = (await stats()).upstreamSubscriptions;
  const subs = subscribers(url.replace(/^http/, 'ws'), query, field);
  for (let i = 0; i < 200 && (await stats()).upstreamSubscriptions <= topics0; i++) await sleep(100);
  const w = writer(url, { authorization: `Bearer ${token}` }, pillar, indicatorCode, '14');
  await sleep(2000);
  const faultStart = performance.now();
  process.stdout.write(`${name}: fault… `);
  await fault();
  const faultEnd = performance.now();
  process.stdout.write('recovering… ');
  await sleep(4000);
  w.running = false;
  await w.done;
  const deadline = performance.now() + 60_000;
  const lostOf = (s) => w.written.filter((x) => !s.got.has(x.cursor)).length;
  while (subs.some((s) => lostOf(s) > 0) && performance.now() < deadline) await sleep(250);
  await sleep(500);
  // Recovery: the first reading written after the fault ended, delivered to every subscriber.
  const firstAfter = w.written.find((x) => x.at >= faultEnd);
  const recovery = firstAfter
    ? Math.max(...subs.map((s) => (s.got.get(firstAfter.cursor) ?? NaN) - faultEnd))
    : NaN;
  const during = w.answers.filter((a) => a.at >= faultStart && a.at <= faultEnd + 1000).map((a) => a.ms).sort((a, b) => a - b);
  const row = {
    scenario: name,
    subscribers: SUBSCRIBERS,
    written: w.written.length,
    refusedWrites: w.refused,
    delivered: subs.reduce((n, s) => n + w.written.filter((x) => s.got.has(x.cursor)).length, 0),
    expected: w.written.length * SUBSCRIBERS,
    lost: subs.reduce((n, s) => n + lostOf(s), 0),
    duplicated: subs.reduce((n, s) => n + s.dup, 0),
    eventsWithUnitNull: subs.reduce((n, s) => n + s.nullUnits, 0),
    subscriptionErrors: subs.filter((s) => s.errors).length,
    p99AnswerMsDuringFault: Math.round(percentile(during, 99)),
    recoveryMs: Math.round(recovery),
  };
  console.log(`lost ${row.lost}, duplicated ${row.duplicated}, recovery ${row.recoveryMs} ms`);
  for (const s of subs) {
    s.stop();
    await s.client.dispose();
  }
  await sleep(1000);
  return row;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-faults-'));
  const pgDir = path.join(dir, 'pg');
  const port = await findFreePort();
  let db = await startEmbeddedPostgres({ dataDir: pgDir, port });
  console.log('starting the graph…');
  const system = await startSystem({
    databaseUrl: db.url,
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: { LOG_LEVEL: 'error', IOC_JWT_SECRET: SECRET, NODE_ENV: 'production', IOC_GATEWAY_SECRET: `${SECRET}-gateway` },
  });
  const token = await adminToken();
  const rows = [];
  try {
    const governanceFeed = {
      pillar: 'Governance', indicatorCode: 'GOV_DOSSIERS_RECEIVED', field: 'governanceReadings',
      query: 'subscription { governanceReadings(unitCodes: ["14"], indicatorCodes: ["GOV_DOSSIERS_RECEIVED"]) { cursor value } }',
    };
    rows.push(await scenario(`database stopped ${DOWN_S} s and restarted`, system, token, {
      ...governanceFeed,
      fault: async () => {
        await db.dispose();
        await sleep(DOWN_S * 1000);
        db = await startEmbeddedPostgres({ dataDir: pgDir, port });
      },
    }));
    rows.push(await scenario(`primary subgraph (governance) stopped ${DOWN_S} s and restarted`, system, token, {
      ...governanceFeed,
      fault: async () => {
        await system.subgraphs.governance.stop();
        await sleep(DOWN_S * 1000);
        await system.subgraphs.governance.start();
      },
    }));
    rows.push(await scenario(`rest subgraph (governance) stopped ${DOWN_S} s, economy feed with unit { name }`, system, token, {
      pillar: 'Economy', indicatorCode: 'ECO_CASHLESS_PAYMENT_POINTS', field: 'economyReadings',
      query: 'subscription { economyReadings(unitCodes: ["14"], indicatorCodes: ["ECO_CASHLESS_PAYMENT_POINTS"]) { cursor value unit { name } } }',
      fault: async () => {
        await system.subgraphs.governance.stop();
        await sleep(DOWN_S * 1000);
        await system.subgraphs.governance.start();
      },
    }));
  } finally {
    await system.dispose();
    await db.dispose().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const headers = ['scenario', 'subscribers', 'readings written', 'writes refused during fault', 'delivered / expected', 'lost', 'duplicated', 'events with unit null', 'subscriptions ended with error', 'p99 write answer during fault (ms)', 'recovery (ms)'];
  const cells = rows.map((r) => [r.scenario, r.subscribers, r.written, r.refusedWrites, `${r.delivered} / ${r.expected}`, r.lost, r.duplicated, r.eventsWithUnitNull, r.subscriptionErrors, r.p99AnswerMsDuringFault, r.recoveryMs]);
  const md = `# Fault benchmark\n\nCommand: \`node bench/faults.js ${process.argv.slice(2).join(' ')}\` on ${machine()}, ${new Date().toISOString()}; not pinned (the faults, not the speed, are measured).\n` +
    `A writer reports ${RATE} readings/s through the gateway; ${SUBSCRIBERS} graphql-ws subscribers watch the feed. "Written" counts the readings the graph answered with a cursor; "lost" the written ones a subscriber never received (summed over subscribers). ` +
    `Recovery: from the end of the fault until the first reading written after it reached every subscriber.\n\n${table(headers, cells)}\n`;
  console.log(`\n${table(headers, cells)}`);
  writeResults('faults', md, { machine: machine(), rate: RATE, subscribers: SUBSCRIBERS, downSeconds: DOWN_S, rows });
  process.exit(rows.every((r) => r.lost === 0) ? 0 : 1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
