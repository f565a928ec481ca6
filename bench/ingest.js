// Ingestion through the gateway in batches of 1,000 rows (rows/s), beside a plain multi-row INSERT
// of the same number of rows into the same table (governance.observation), in the same run.
//   node bench/ingest.js [--rows 12000] [--batch 1000]
const os = require('node:os');
const { Client } = require('pg');
const { arg, startPinnedSystem, adminToken, percentile, table, machine, writeResults } = require('./common');

const ROWS = Number(arg('rows', '12000'));
const BATCH = Number(arg('batch', '1000'));
// monthly, %: periods 2009-01 … 2024-12 for each province (the provinces exist from 2008-08-01:
// earlier periods are refused with E_UNIT_NOT_VALID)
const INDICATOR = 'GOV_OVERDUE_DOSSIER_RATE';

async function provinces(url) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ units(level: PROVINCE, validOn: "2024-01-01") { code } }' }) });
  return (await res.json()).data.units.map((u) => u.code);
}

function rowsFor(units, count, yearOffset = 0) {
  const rows = [];
  for (let y = 2009; y <= 2024 && rows.length < count; y++) {
    for (let m = 1; m <= 12 && rows.length < count; m++) {
      for (const unitCode of units) {
        if (rows.length >= count) break;
        rows.push({ indicatorCode: INDICATOR, unitCode, period: `${y - yearOffset}-${String(m).padStart(2, '0')}`, value: Math.round(Math.random() * 1000) / 100, status: 'E', source: 'bench' });
      }
    }
  }
  return rows;
}

async function throughGateway(url, token, rows) {
  const query = `mutation ($input: [ObservationInput!]!) { reportGovernanceObservations(input: $input) { imported updated unchanged rejected } }`;
  const latencies = [];
  const totals = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < rows.length; i += BATCH) {
    const t = process.hrtime.bigint();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { input: rows.slice(i, i + BATCH) } }) });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    for (const k of Object.keys(totals)) totals[k] += body.data.reportGovernanceObservations[k];
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return { rows: rows.length, seconds, rowsPerSecond: rows.length / seconds, batchP50: percentile(latencies, 50), batchP99: percentile(latencies, 99), ...totals };
}

async function plainInsert(databaseUrl, rows) {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const params = [];
      const values = batch.map((r, j) => {
        const [y, m] = r.period.split('-').map(Number);
        params.push(r.indicatorCode, r.unitCode, r.period, new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1)), r.value, r.status, r.source);
        const b = j * 8;
        return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},'bench',1)`;
      });
      await c.query(
        `INSERT INTO governance.observation (indicator_code, unit_code, period, period_start, period_end, value, status, source, reported_by, revision)
         VALUES ${values.join(',')}`,
        params,
      );
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { rows: rows.length, seconds, rowsPerSecond: rows.length / seconds };
  } finally {
    await c.end();
  }
}

async function main() {
  console.log('starting the graph (system under test on core 0, load on core 1)…');
  const { system, pinned, dispose } = await startPinnedSystem();
  try {
    const token = await adminToken();
    const units = await provinces(system.gateway.url);
    const rows = rowsFor(units, ROWS);
    if (rows.length < ROWS) throw new Error(`only ${rows.length} distinct rows available`);
    console.log(`${ROWS} rows of ${INDICATOR} over ${units.length} provinces, batches of ${BATCH}`);
    console.log('through the gateway (new rows)…');
    const fresh = await throughGateway(system.gateway.url, token, rows);
    console.log('through the gateway (same rows again: all unchanged)…');
    const again = await throughGateway(system.gateway.url, token, rows);
    console.log('plain multi-row INSERT into governance.observation (other periods, same count)…');
    const plain = await plainInsert(system.database.url, rowsFor(units, ROWS, 60)); // 1949–1964: no key clash (straight into the table, no validation)
    const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
    const rowsOut = [
      ['gateway → reportGovernanceObservations (new)', fresh.rows, fmt(fresh.seconds), fmt(fresh.rowsPerSecond), fmt(fresh.batchP50), fmt(fresh.batchP99)],
      ['gateway → same batches again (unchanged)', again.rows, fmt(again.seconds), fmt(again.rowsPerSecond), fmt(again.batchP50), fmt(again.batchP99)],
      ['plain multi-row INSERT (pg, same table)', plain.rows, fmt(plain.seconds), fmt(plain.rowsPerSecond), '–', '–'],
    ];
    const t = table(['path', 'rows', 'seconds', 'rows/s', 'batch p50 ms', 'batch p99 ms'], rowsOut);
    console.log(`\n${t}`);
    if (fresh.imported + fresh.updated !== ROWS || again.unchanged !== ROWS) console.warn(`unexpected outcomes: ${JSON.stringify({ fresh, again })}`);
    const md = `# Ingestion benchmark

${new Date().toISOString()} — ${machine()}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the end of the run: other work on the machine slows every path, the gateway's most (compare rows/s within one run, never across runs).
${pinned ? 'System under test (PostgreSQL, three subgraphs, gateway) pinned to core 0 with taskset; load generator on core 1.' : 'Not pinned (taskset unavailable or one core).'}
${ROWS} observations of ${INDICATOR} (monthly) over ${units.length} provinces, sent one batch of ${BATCH} rows at a time.

Through the gateway each row is validated (indicator, unit, value bounds and whole counts, a real
period of the indicator's frequency within the unit's validity and not in the province's future,
text NFC with length/NUL/surrogate checks, duplicates), checked against the current revision, and
stored as a revision with an outbox row (one statement, unnest arrays) and a status check, in one
transaction per batch. The plain INSERT writes the same number of rows, ${BATCH} per statement,
into the same table with none of that. Outcomes: first pass imported ${fresh.imported} (updated ${fresh.updated} seeded ones), second pass unchanged ${again.unchanged}.

${t}

Command: \`npm run bench:ingest\` (\`node bench/ingest.js --rows ${ROWS} --batch ${BATCH}\`).
`;
    writeResults('ingest', md, { date: new Date().toISOString(), machine: machine(), loadAverage: os.loadavg(), pinned, rows: ROWS, batch: BATCH, indicator: INDICATOR, gatewayNew: fresh, gatewayUnchanged: again, plainInsert: plain });
  } finally {
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
