// What one delivered message costs the fan-out load generator, in CPU µs (process.cpuUsage, so it
// holds on a busy machine where wall-clock numbers do not): the previous client (ws; frame decoded to
// a string, UTF-8 validated, regex), ws with Buffers and a byte search, and the lean client that
// run.js now uses (frames cut by hand out of the socket's chunks, see lean-client.js).
// A raw ws broadcaster (raw-server.js, in its own process) sends a frame shaped like the IOC
// gateway's; the generator's clients are the only thing measured.
//   node generator-cost.js [--clients 1000] [--ticks 200]
const { spawn } = require('node:child_process');
const path = require('node:path');
const WebSocket = require('ws');
const { leanSubscribe } = require('./lean-client');

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CLIENTS = arg('clients', 1000);
const TICKS = arg('ticks', 200);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A payload like the benchmark subscription's (value, cursor, period, indicator name, unit with
// the economy pillar's latest readings from the other subgraph).
const payload = (value) => JSON.stringify({
  data: { governanceReadings: {
    value, cursor: 'MTIzNDU2Nzg5MA==', period: '2024',
    indicator: { name: 'Số hồ sơ thủ tục hành chính tiếp nhận' },
    unit: { name: 'Tỉnh Thái Nguyên', economyReadings: Array.from({ length: 12 }, (_, i) => ({ value: 1000 + i * 37.5 })) },
  } },
});

const VALUE_KEY = Buffer.from('"value":');
const ACK = Buffer.from('{"type":"connection_ack"');
function readValue(buf) {
  const i = buf.indexOf(VALUE_KEY);
  if (i < 0) return -1;
  let v = 0;
  let k = i + VALUE_KEY.length;
  for (; k < buf.length; k++) {
    const c = buf[k];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return k === i + VALUE_KEY.length ? -1 : v;
}

const HANDLERS = {
  // The generator before: every frame decoded (and validated) as UTF-8, then a regex.
  previous: { options: { perMessageDeflate: false }, onMessage: (raw, seen) => {
    const s = raw.toString();
    if (s.startsWith('{"type":"connection_ack"')) return 'ack';
    const m = /"value":(\d+)/.exec(s);
    if (m) seen(Number(m[1]));
  } },
  // A first step: ws kept, but Buffer kept, no UTF-8 validation, native byte search.
  buffers: { options: { perMessageDeflate: false, skipUTF8Validation: true }, onMessage: (buf, seen, ready) => {
    if (!ready) return buf.length >= ACK.length && buf.compare(ACK, 0, ACK.length, 0, ACK.length) === 0 ? 'ack' : undefined;
    const v = readValue(buf);
    if (v >= 0) seen(v);
  } },
  // The generator now (run.js, lean-client.js): frames cut out of the socket's chunks by hand.
  lean: {},
};

async function run(port, mode) {
  const h = HANDLERS[mode];
  let delivered = 0;
  let checksum = 0;
  const seen = (v) => { delivered++; checksum += v; };
  const clients = mode === 'lean'
    ? await Promise.all(Array.from({ length: CLIENTS }, (_, j) => leanSubscribe(`ws://127.0.0.1:${port}/graphql`, `c${j}`, 'subscription { x }', seen)))
    : await Promise.all(Array.from({ length: CLIENTS }, (_, j) => new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws', h.options);
    let ready = false;
    ws.on('open', () => ws.send('{"type":"connection_init","payload":{}}'));
    ws.on('message', (buf) => {
      if (h.onMessage(buf, seen, ready) === 'ack' && !ready) {
        ready = true;
        ws.send(JSON.stringify({ type: 'subscribe', id: `c${j}`, payload: { query: 'subscription { x }' } }));
        resolve(ws);
      }
    });
  })));
  while ((await (await fetch(`http://127.0.0.1:${port}/`)).json()).subscribers < CLIENTS) await sleep(50);
  const cpu0 = process.cpuUsage();
  for (let t = 0; t < TICKS; t++) {
    await fetch(`http://127.0.0.1:${port}/tick`, { method: 'POST', body: payload(1_000_000 + t) });
    // At most 10 ticks ahead of the clients, so the measure is the clients' work, not queueing.
    while (delivered < (t - 10) * CLIENTS) await sleep(1);
  }
  while (delivered < TICKS * CLIENTS) await sleep(5);
  const cpu = process.cpuUsage(cpu0);
  for (const c of clients) c.terminate();
  await sleep(500);
  return { mode, delivered, usPerMessage: (cpu.user + cpu.system) / delivered, checksum };
}

async function main() {
  const child = spawn(process.execPath, [path.join(__dirname, 'raw-server.js'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((r) => child.stdout.on('data', (d) => { const m = /READY (\d+)/.exec(d.toString()); if (m) r(Number(m[1])); }));
  try {
    const results = [];
    const MODES = ['previous', 'buffers', 'lean'];
    for (const mode of [...MODES, ...MODES]) {
      const r = await run(port, mode);
      console.log(`${mode.padEnd(8)} ${r.delivered} messages, ${r.usPerMessage.toFixed(2)} µs CPU per message`);
      results.push(r);
    }
    const best = (m) => Math.min(...results.filter((r) => r.mode === m).map((r) => r.usPerMessage));
    for (const m of MODES) {
      console.log(`best of two: ${m.padEnd(8)} ${best(m).toFixed(2)} µs CPU per message (${(best('previous') / best(m)).toFixed(1)}× cheaper than previous): one core's ceiling ≈ ${Math.round(1e6 / best(m))} messages/s`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
