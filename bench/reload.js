// Reload under load: 2,000 open subscriptions through the gateway while a partner subgraph joins by
// an edit of the supergraph config. Counts subscriptions closed (none should be: the change touches
// none of their plans) and compares the p99 delivery latency of events before and during the reload.
//   node bench/reload.js [--subs 2000] [--sockets 100] [--rate 4] [--seconds 12]
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');
const { ROOT, arg, pin, adminToken, percentile, table, machine, writeResults } = require('./common');

const SUBS = Number(arg('subs', 2000));
const SOCKETS = Number(arg('sockets', 100));
const RATE = Number(arg('rate', 4)); // readings posted per second
const SECONDS = Number(arg('seconds', 12)); // before and after the reload
// Random per run: no secret written in the repository may sign anything.
const SECRET = require('node:crypto').randomBytes(48).toString('base64url');

const QUERIES = [
  // Only the economy subgraph.
  'subscription { economyReadings(unitCodes: ["19"]) { cursor value } }',
  // The economy subgraph, then governance for the unit's name (a plan with a rest).
  'subscription { economyReadings(unitCodes: ["19"]) { cursor value unit { name } } }',
];

async function main() {
  const { startSystem } = require(path.join(ROOT, 'cli/dist'));
  const { ServiceProcess, findFreePort } = require(path.join(ROOT, 'shared/dist/internal'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-reload-'));
  fs.chmodSync(work, 0o755);
  const configFile = path.join(work, 'supergraph.yaml');
  const coreYaml = fs.readFileSync(path.join(ROOT, 'gateway/supergraph.yaml'), 'utf8');
  fs.writeFileSync(configFile, coreYaml);
  const pinned = os.cpus().length > 1 && pin(0);
  const system = await startSystem({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(work, 'postgres'),
    ports: { governance: 0, economy: 0, society: 0, gateway: 0 },
    env: {
      LOG_LEVEL: 'warn', IOC_JWT_SECRET: SECRET, NODE_ENV: 'production', IOC_GATEWAY_SECRET: `${SECRET}-gateway`,
      SUPERGRAPH_CONFIG: configFile, IOC_SUPERGRAPH_CACHE_DIR: path.join(work, 'cache'),
    },
  });
  const partnerPort = await findFreePort();
  const partner = new ServiceProcess({
    name: 'health',
    script: path.join(ROOT, 'examples/partner-health/dist/main.js'),
    env: { ...system.env, HEALTH_PORT: String(partnerPort) },
    healthUrl: `http://127.0.0.1:${partnerPort}/healthz`,
  });
  await partner.start();
  if (pinned) pin(1);
  const gatewayUrl = system.gateway.url;
  const wsUrl = gatewayUrl.replace(/^http/, 'ws');
  const auth = { authorization: `Bearer ${await adminToken()}` };
  const gql = async (query, variables) => {
    const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
    return res.json();
  };

  // Open the subscriptions: SUBS spread over SOCKETS sockets, alternating the two queries.
  const postedAt = new Map();
  const latencies = [];
  let closed = 0;
  let errors = 0;
  const clients = [];
  const perSocket = Math.ceil(SUBS / SOCKETS);
  let opened = 0;
  for (let s = 0; s < SOCKETS && opened < SUBS; s++) {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: auth, retryAttempts: 0, lazy: false });
    clients.push(client);
    for (let i = 0; i < perSocket && opened < SUBS; i++, opened++) {
      client.subscribe(
        { query: QUERIES[opened % QUERIES.length] },
        {
          next: (msg) => {
            const v = msg.data?.economyReadings?.value;
            const t = postedAt.get(v);
            if (t !== undefined) latencies.push({ at: Date.now(), ms: Date.now() - t });
          },
          error: () => void errors++,
          complete: () => void closed++,
        },
      );
    }
  }
  await new Promise((r) => setTimeout(r, 3000)); // let every subscription reach its topic

  let seq = 0;
  const post = () => {
    const value = 500_000 + seq;
    const period = new Date(Date.UTC(2024, 0, 1) + seq++ * 86_400_000).toISOString().slice(0, 10);
    postedAt.set(value, Date.now());
    void gql('mutation ($i: [ObservationInput!]!) { reportEconomyObservations(input: $i) { imported } }', {
      i: [{ indicatorCode: 'ECO_EINVOICES_ISSUED', unitCode: '19', period, value }],
    });
  };
  const ticker = setInterval(post, 1000 / RATE);
  const started = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));

  // The reload: the partner joins by one edit of the config file.
  const reloadAt = Date.now();
  fs.writeFileSync(configFile, `${coreYaml}  health:\n    routing_url: http://127.0.0.1:${partnerPort}/graphql\n    schema:\n      subgraph_url: http://127.0.0.1:${partnerPort}/graphql\n`);
  for (;;) {
    const r = await gql('{ healthPillar { name } }').catch(() => ({}));
    if (r.data?.healthPillar) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const servedAt = Date.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  clearInterval(ticker);
  await new Promise((r) => setTimeout(r, 2000));
  const health = await (await fetch(gatewayUrl.replace('/graphql', '/healthz'))).json();

  const window = (from, to) => latencies.filter((l) => l.at >= from && l.at < to).map((l) => l.ms).sort((a, b) => a - b);
  const before = window(started + 2000, reloadAt);
  const during = window(reloadAt, servedAt + 3000);
  const after = window(servedAt + 3000, Infinity);
  const row = (name, xs) => [name, xs.length, percentile(xs, 50), percentile(xs, 99), xs.length ? xs[xs.length - 1] : NaN];
  const rows = [row('before the reload', before), row('during (edit → served + 3 s)', during), row('after', after)];
  const summary = {
    machine: machine(), pinned, subscriptions: SUBS, sockets: SOCKETS, ratePerSecond: RATE,
    reloadToServedMs: servedAt - reloadAt, closedOrFailed: closed + errors, upstream: health.subscriptions,
    latencyMs: Object.fromEntries(rows.map((r) => [r[0], { events: r[1], p50: r[2], p99: r[3], max: r[4] }])),
  };
  const md = `# Reload under load

${new Date().toISOString().slice(0, 10)} · ${summary.machine}${pinned ? ' · system under test on core 0, load generator on core 1' : ''}

${SUBS} subscriptions on ${SOCKETS} sockets (two operations: economy only, and economy + governance for the
unit's name), ${RATE} readings/s posted through the gateway. At the reload a partner subgraph (health)
joins by an edit of the supergraph config file (watched by the gateway).

- config edit → partner's fields served: **${summary.reloadToServedMs} ms**
- subscriptions closed or failed: **${summary.closedOrFailed}** of ${SUBS} (none should be: the change touches none of their plans)

Delivery latency (post → event at the client), ms:

${table(['window', 'deliveries', 'p50', 'p99', 'max'], rows)}

Run: \`node bench/reload.js --subs ${SUBS} --sockets ${SOCKETS} --rate ${RATE} --seconds ${SECONDS}\`
`;
  console.log(md);
  writeResults('reload', md, summary);
  await Promise.all(clients.map((c) => c.dispose()));
  await partner.stop();
  await system.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
