// A preload that profiles the gateway's CPU with V8's sampling profiler (inspector's Profiler; Node
// refuses --cpu-prof in NODE_OPTIONS, and the system starts the gateway with no extra flags). Only
// the gateway process profiles itself: others that inherit NODE_OPTIONS (subgraphs, PostgreSQL's
// helpers) ignore it. With IOC_PROFILE_START=signal it starts at the first SIGUSR2, not at once.
// On exit (SIGTERM included) it writes the .cpuprofile to IOC_PROFILE_OUT and a
// summary of the top frames beside it (`<file>.top.txt`, self and inclusive time).
// IOC_PROFILE_MATCH picks another process by its script instead (e.g. subgraphs/governance/dist/main.js).
//   NODE_OPTIONS="--require $PWD/bench/profile.js" IOC_PROFILE_OUT=/tmp/gw.cpuprofile <start the gateway>
//   node bench/federation.js --profile     (does the same for the federation benchmark)
//   node bench/profile.js <file.cpuprofile> [top]   prints the summary of a profile
const fs = require('node:fs');

/** Self and inclusive sample counts by function and file, the top `n` of each. */
function summarise(profile, n = 40) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const counts = new Map();
  for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
  const label = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(gateway|shared)\//, '$1/')}:${lineNumber + 1}`;
  };
  const self = new Map();
  const incl = new Map();
  let total = 0;
  for (const [id, count] of counts) {
    const node = byId.get(id);
    if (node.callFrame.functionName === '(idle)') continue; // waiting: not CPU
    total += count;
    self.set(label(node), (self.get(label(node)) ?? 0) + count);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur));
      if (seen.has(l)) continue;
      seen.add(l);
      incl.set(l, (incl.get(l) ?? 0) + count);
    }
  }
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([l, c]) => `${((100 * c) / total).toFixed(1).padStart(5)} %  ${l}`);
  return `${total} samples\n\nself:\n${top(self).join('\n')}\n\ninclusive:\n${top(incl).join('\n')}\n`;
}

if (require.main === module) {
  const [file, n] = process.argv.slice(2);
  process.stdout.write(summarise(JSON.parse(fs.readFileSync(file, 'utf8')), Number(n ?? 40)));
} else if (process.argv[1]?.replace(/\\/g, '/').includes(process.env.IOC_PROFILE_MATCH ?? 'gateway/dist/main.js') && process.env.IOC_PROFILE_OUT) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  const start = () => session.post('Profiler.enable', () => session.post('Profiler.start'));
  // IOC_PROFILE_START=signal: from the first SIGUSR2 on (the load window, without start-up).
  if (process.env.IOC_PROFILE_START === 'signal') process.once('SIGUSR2', start);
  else start();
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // Synchronous on exit: Profiler.stop's callback runs at once with an in-process session.
    session.post('Profiler.stop', (err, { profile } = {}) => {
      if (err || !profile) return;
      fs.writeFileSync(process.env.IOC_PROFILE_OUT, JSON.stringify(profile));
      fs.writeFileSync(`${process.env.IOC_PROFILE_OUT}.top.txt`, summarise(profile));
    });
  };
  process.once('exit', write);
}

module.exports = { summarise };
