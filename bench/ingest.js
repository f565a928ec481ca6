// Ingestion through the gateway in batches of 1,000 rows (rows/s), beside a plain multi-row INSERT
// of the same number of rows into the same table (governance.observation), in the same run.
//   node bench/ingest.js [--rows 12000] [--batch 1000]
// The paths take turns batch by batch (new rows through the gateway, the same batch again, then a
// plain INSERT), so a change in the machine's load hits all three alike; each path's rows/s is its
// rows over the sum of its own batches' times. Beside wall time, the CPU that the system under test
// (gateway, subgraphs, PostgreSQL) spent on each path is read from /proc: less sensitive to load.
const fs = require('node:fs');
const os = require('node:os');
const { Client } = require('pg');
const { arg, startPinnedSystem, adminToken, cpuTicks, percentile, table, machine, writeResults } = require('./common');

const ROWS = Number(arg('rows', '12000'));
const BATCH = Number(arg('batch', '1000'));
// monthly, %: periods 2009-01 … 2024-12 for each province (the provinces exist from 2008-08-01:
// earlier periods are refused with E_UNIT_NOT_VALID)
const INDICATOR = 'GOV_OVERDUE_DOSSIER_RATE';
const QUERY = `mutation ($input: [ObservationInput!]!) { reportGovernanceObservations(input: $input) { imported updated unchanged rejected } }`;

async function provinces(url) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ units(level: PROVINCE, validOn: "2024-01-01") { code } }' }) });
  return (await res.json()).data.units.map((u) => u.code);
}

/** Yearly rows of a % indicator (2009–2024 per province), to warm every path up before timing. */
function warmUpRows(units, indicatorCode) {
  const rows = [];
  for (let y = 2009; y <= 2024; y++) for (const unitCode of units) rows.push({ indicatorCode, unitCode, period: String(y), value: Math.round(Math.random() * 1000) / 100, status: 'E', source: 'bench' });
  return rows;
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

/** The PostgreSQL server listening on `port` and its backends (pids), from /proc. */
function postgresPids(port) {
  const procs = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((pid) => {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const ppid = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
      return { pid, ppid, cmd };
    } catch {
      return null; // gone meanwhile
    }
  }).filter(Boolean);
  const master = procs.find((p) => p.cmd[0].endsWith('/postgres') && p.cmd.includes('-p') && p.cmd[p.cmd.indexOf('-p') + 1] === String(port));
  return master ? [master.pid, ...procs.filter((p) => p.ppid === master.pid).map((p) => p.pid)] : [];
}

/** CPU time (ms) used so far by the system under test, by part: gateway, subgraphs and PostgreSQL (backends come and go). */
function systemCpuMs(system) {
  const parts = { gateway: [system.gateway.pid], subgraphs: Object.values(system.subgraphs).map((s) => s.pid), postgres: postgresPids(new URL(system.database.url).port) };
  const ms = {};
  for (const [part, pids] of Object.entries(parts)) {
    let ticks = 0;
    for (const pid of pids) {
      try {
        ticks += cpuTicks(pid);
      } catch {
        // a backend that ended between listing and reading
      }
    }
    ms[part] = ticks * 10;
  }
  return ms;
}

async function gatewayBatch(url, token, batch, totals) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { input: batch } }) });
  const body = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  for (const k of Object.keys(totals)) totals[k] += body.data.reportGovernanceObservations[k];
}

async function plainBatch(c, batch) {
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

function newPath() {
  return { rows: 0, ms: 0, cpuMs: 0, cpuByPart: { gateway: 0, subgraphs: 0, postgres: 0 }, latencies: [], totals: { imported: 0, updated: 0, unchanged: 0, rejected: 0 } };
}

/** Runs one batch of a path: wall time and the system's CPU, after a pause that lets the previous path's after-work settle. */
async function timed(system, path, rows, run) {
  await new Promise((r) => setTimeout(r, 30));
  const cpu0 = systemCpuMs(system);
  const t = process.hrtime.bigint();
  await run();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const cpu1 = systemCpuMs(system);
  for (const part of Object.keys(path.cpuByPart)) {
    path.cpuByPart[part] += cpu1[part] - cpu0[part];
    path.cpuMs += cpu1[part] - cpu0[part];
  }
  path.ms += ms;
  path.rows += rows;
  path.latencies.push(ms);
}

function summary(p) {
  p.latencies.sort((a, b) => a - b);
  return {
    rows: p.rows, seconds: p.ms / 1000, rowsPerSecond: p.rows / (p.ms / 1000), batchP50: percentile(p.latencies, 50), batchP99: percentile(p.latencies, 99),
    cpuMsPer1000Rows: (p.cpuMs / p.rows) * 1000,
    cpuMsPer1000RowsByPart: Object.fromEntries(Object.entries(p.cpuByPart).map(([k, v]) => [k, (v / p.rows) * 1000])),
    ...p.totals,
  };
}

async function main() {
  console.log('starting the graph (system under test on core 0, load on core 1)…');
  const { system, pinned, dispose } = await startPinnedSystem();
  try {
    const token = await adminToken();
    const units = await provinces(system.gateway.url);
    const rows = rowsFor(units, ROWS);
    const plainRows = rowsFor(units, ROWS, 60); // 1949–1964: no key clash (straight into the table, no validation)
    if (rows.length < ROWS) throw new Error(`only ${rows.length} distinct rows available`);
    console.log(`${ROWS} rows of ${INDICATOR} over ${units.length} provinces, batches of ${BATCH}; the three paths take turns batch by batch`);
    let loopCpu0;
    const loopCpu = {};
    const fresh = newPath();
    const again = newPath();
    const plain = newPath();
    const c = new Client({ connectionString: system.database.url });
    await c.connect();
    try {
      // Warm-up (not timed): the first requests compile the code paths (JIT, lazily loaded modules)
      // and would otherwise be charged to whichever path runs first.
      for (const [n, code] of ['GOV_ONLINE_DOSSIER_RATE', 'GOV_ONTIME_RESOLUTION_RATE'].entries()) {
        const batch = warmUpRows(units, code);
        await gatewayBatch(system.gateway.url, token, batch, { ...fresh.totals });
        await gatewayBatch(system.gateway.url, token, batch, { ...fresh.totals });
        await plainBatch(c, rowsFor(units, BATCH, 80 + 20 * n)); // 1929–1944, 1909–1924
      }
      // bench/profile.js with IOC_PROFILE_START=signal: profile the timed loop only (not start-up, not the warm-up).
      // Only the profiled process listens for SIGUSR2 (its default action ends a process).
      if (process.env.IOC_PROFILE_START === 'signal') {
        const sub = /subgraphs\/([^/]+)\//.exec(process.env.IOC_PROFILE_MATCH ?? '')?.[1];
        process.kill(sub ? system.subgraphs[sub].pid : system.gateway.pid, 'SIGUSR2');
      }
      loopCpu0 = systemCpuMs(system);
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        await timed(system, fresh, batch.length, () => gatewayBatch(system.gateway.url, token, batch, fresh.totals));
        await timed(system, again, batch.length, () => gatewayBatch(system.gateway.url, token, batch, again.totals));
        const other = plainRows.slice(i, i + BATCH);
        await timed(system, plain, other.length, () => plainBatch(c, other));
      }
      await new Promise((r) => setTimeout(r, 1500)); // the feed's delivery of the last batch
      const end = systemCpuMs(system);
      for (const part of Object.keys(end)) loopCpu[part] = end[part] - loopCpu0[part];
    } finally {
      await c.end();
    }
    const [f, a, p] = [summary(fresh), summary(again), summary(plain)];
    const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
    const ratio = (x) => `${(x.rowsPerSecond / p.rowsPerSecond).toFixed(2)}×`;
    const cpuRatio = (x) => `${(p.cpuMsPer1000Rows / x.cpuMsPer1000Rows).toFixed(2)}×`;
    const rowsOut = [
      ['gateway → reportGovernanceObservations (new)', f.rows, fmt(f.seconds), fmt(f.rowsPerSecond), ratio(f), fmt(f.batchP50), fmt(f.batchP99), fmt(f.cpuMsPer1000Rows), cpuRatio(f)],
      ['gateway → same batches again (unchanged)', a.rows, fmt(a.seconds), fmt(a.rowsPerSecond), ratio(a), fmt(a.batchP50), fmt(a.batchP99), fmt(a.cpuMsPer1000Rows), cpuRatio(a)],
      ['plain multi-row INSERT (pg, same table)', p.rows, fmt(p.seconds), fmt(p.rowsPerSecond), '1.00×', fmt(p.batchP50), fmt(p.batchP99), fmt(p.cpuMsPer1000Rows), '1.00×'],
    ];
    const t = table(['path', 'rows', 'seconds', 'rows/s', 'vs plain', 'batch p50 ms', 'batch p99 ms', 'CPU ms / 1000 rows', 'vs plain (CPU)'], rowsOut);
    const byPart = (x) => Object.entries(x.cpuMsPer1000RowsByPart).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    // Work a batch leaves behind (the feed's delivery to the gateway's cache invalidation after the
    // commit) may fall into the next path's window: the whole loop's CPU has all of it.
    const loopNode = ((loopCpu.gateway + loopCpu.subgraphs) / (f.rows + a.rows)) * 1000;
    const parts = `CPU ms / 1000 rows by part: new ${byPart(f)}; unchanged ${byPart(a)}; plain ${byPart(p)}. Whole loop (all three paths, ${Object.entries(loopCpu).map(([k, v]) => `${k} ${v} ms`).join(', ')}): gateway + subgraphs ${fmt(loopNode)} ms per 1000 gateway rows.`;
    console.log(`\n${t}\n\n${parts}`);
    if (f.imported + f.updated !== ROWS || a.unchanged !== ROWS) console.warn(`unexpected outcomes: ${JSON.stringify({ f, a })}`);
    const load = os.loadavg();
    const md = `# Ingestion benchmark

${new Date().toISOString()} — ${machine()}; load average ${load.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the end of the run: other work on the machine slows every path (compare within one run, never across runs).
${pinned ? 'System under test (PostgreSQL, three subgraphs, gateway) pinned to core 0 with taskset; load generator on core 1.' : 'Not pinned (taskset unavailable or one core).'}
${ROWS} observations of ${INDICATOR} (monthly) over ${units.length} provinces, sent one batch of ${BATCH} rows at a time.
After a warm-up (two batches of other indicators through the gateway, twice each, and two plain
INSERTs of other rows), the three paths take turns batch by batch (a new batch through the gateway, the same batch again,
a plain INSERT of as many other rows), so a change in the machine's load hits them alike; a path's
rows/s is its rows over the sum of its own batches' times. "CPU ms / 1000 rows" is what the system
under test (gateway, subgraphs and PostgreSQL, from /proc) spent on the path: the work itself,
less sensitive to other load than wall time.

Through the gateway each row is validated (indicator, unit, value bounds and whole counts, a real
period of the indicator's frequency within the unit's validity and not in the province's future,
text NFC with length/NUL/surrogate checks, duplicates), checked against the current revision, and
stored as a revision with an outbox row numbered for the feed (one statement, the rows as one JSON
parameter) and a status check, in one transaction per batch (5 round trips: BEGIN, the sequencer's lock, the locking read
of current revisions, the INSERT, COMMIT; see ingest-profile.md). The plain INSERT writes the same
number of rows, ${BATCH} per statement, into the same table with none of that. Outcomes: new rows
imported ${f.imported} (updated ${f.updated} seeded ones), the same batches again unchanged ${a.unchanged}.

${t}

${parts}

Command: \`npm run bench:ingest\` (\`node bench/ingest.js --rows ${ROWS} --batch ${BATCH}\`).
`;
    writeResults('ingest', md, { date: new Date().toISOString(), machine: machine(), loadAverage: load, pinned, rows: ROWS, batch: BATCH, indicator: INDICATOR, interleaved: true, gatewayNew: f, gatewayUnchanged: a, plainInsert: p, ratioNew: f.rowsPerSecond / p.rowsPerSecond, loopCpuMs: loopCpu, loopNodeCpuMsPer1000GatewayRows: loopNode, cpuRatioNew: p.cpuMsPer1000Rows / f.cpuMsPer1000Rows });
  } finally {
    await dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
