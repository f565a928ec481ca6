// Load-generator helpers shared by the query benchmarks (dashboard.js, dashboard-full.js, dashboard-cache.js).
const { Agent, request } = require('node:http');
const { percentile } = require('./common');

/** A keep-alive agent and `post(url, body, headers?)`, resolving to the GraphQL `data`; rejects on errors or a non-200. */
function httpClient(maxSockets) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const post = (url, body, headers = {}) => new Promise((resolve, reject) => {
    const u = new URL(url);
    const payload = Buffer.from(JSON.stringify(body));
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          const json = JSON.parse(Buffer.concat(chunks).toString());
          if (res.statusCode !== 200 || json.errors) reject(new Error(JSON.stringify(json.errors ?? res.statusCode)));
          else resolve(json.data);
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
  return { agent, post };
}

/** `connections` workers each repeat `work` for `seconds`: dashboards/s, p50 and p99 in ms, errors. */
async function closedLoop(work, seconds, connections) {
  const latencies = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      try {
        await work();
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      } catch {
        errors++;
      }
    }
  }));
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

module.exports = { httpClient, closedLoop };
