'use strict';
// Preload (NODE_OPTIONS=--require …/heap-probe.js, with IOC_HEAP_PROBE_DIR set) for memory tests of
// real processes: on SIGUSR2 the process collects its garbage, twice, and writes
// `process.memoryUsage()` to <IOC_HEAP_PROBE_DIR>/<pid>.json. RSS alone cannot tell a leak from
// garbage V8 has not collected yet or from heap it keeps reserved; the live heap after a full
// collection can. Loaded only by the tests that ask for it; only the processes they signal answer.
const dir = process.env.IOC_HEAP_PROBE_DIR;
if (dir) {
  const fs = require('node:fs');
  const path = require('node:path');
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  process.on('SIGUSR2', () => {
    gc();
    gc();
    const file = path.join(dir, `${process.pid}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(process.memoryUsage()));
    fs.renameSync(`${file}.tmp`, file); // whole or absent: the reader never sees half a file
  });
}

/** @type {import('./heap-probe').heapProbeEnv} */
function heapProbeEnv(probeDir) {
  const preload = `--require ${JSON.stringify(__filename)}`;
  return { IOC_HEAP_PROBE_DIR: probeDir, NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ') };
}

/** @type {import('./heap-probe').heapUsedAfterGc} */
async function heapUsedAfterGc(pid, probeDir, timeoutMs = 10_000) {
  const fs = require('node:fs');
  const file = require('node:path').join(probeDir, `${pid}.json`);
  fs.rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).heapUsed;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`process ${pid} wrote no heap report within ${timeoutMs} ms: was it started with heapProbeEnv()?`);
}

module.exports = { heapProbeEnv, heapUsedAfterGc };
